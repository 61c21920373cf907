#include "sim/mapping/pinned.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "sim/base/csv.hpp"
#include "sim/base/errors.hpp"
#include "sim/base/files.hpp"

namespace sasim {

PinnedMappings parse_pinned_mappings(const std::string& text, const std::string& path) {
    const std::vector<CsvRow> rows = parse_csv(text);
    const auto col = [&](const char* name) {
        if (rows.empty()) return std::string::npos;
        const auto it = std::find(rows[0].begin(), rows[0].end(), name);
        return it == rows[0].end() ? std::string::npos
                                   : static_cast<size_t>(it - rows[0].begin());
    };
    const size_t layer = col("layer"), mapping = col("mapping");
    if (layer == std::string::npos || mapping == std::string::npos)
        throw InputError(fmt::format("{}: mapping.from: no 'layer' and 'mapping' columns (it takes "
                                     "the layers.csv of a sasim run)",
                                     path));
    const size_t kept = col("kept_ofmap_bytes");
    PinnedMappings out;
    for (size_t i = 1; i < rows.size(); ++i) {
        if (layer >= rows[i].size() || mapping >= rows[i].size()) continue;
        PinnedMapping m{rows[i][mapping], fmt::format("{}:{}", path, i + 1)};
        if (kept < rows[i].size()) {
            const std::string& v = rows[i][kept];
            if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
                throw InputError(fmt::format("{}: mapping.from: column 'kept_ofmap_bytes' is '{}' "
                                             "(a byte count, 0 or more)",
                                             m.where, v));
            m.kept = v.find_first_not_of('0') == std::string::npos ? 0 : 1;
        }
        out.emplace(rows[i][layer], std::move(m));
    }
    return out;
}

PinnedMappings read_pinned_mappings(const std::string& path) {
    return parse_pinned_mappings(read_file(path, "layers.csv (mapping.from)", int64_t{64} << 20),
                                 path);
}

}  // namespace sasim
