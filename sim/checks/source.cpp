// Strings and word lists quoted for checks-file messages (the config reader's wording), and
// reading back the report CSV texts that metrics come from.
#include "sim/checks/source.hpp"

#include <fmt/format.h>

#include <charconv>

#include "sim/config/config_fields.hpp"

namespace sasim::checks_detail {

std::string quoted(const std::string& s) { return toml_literal(FieldValue(s)); }

std::vector<Row> parse_csv(const std::string& text) {
    std::vector<Row> rows;
    Row row(1);
    bool in_quotes = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes && c == '"' && i + 1 < text.size() && text[i + 1] == '"')
            row.back() += c, ++i;
        else if (c == '"')
            in_quotes = !in_quotes;
        else if (in_quotes || (c != ',' && c != '\n'))
            row.back() += c;
        else if (c == ',')
            row.emplace_back();
        else
            rows.push_back(std::move(row)), row.assign(1, "");
    }
    if (row.size() > 1 || !row[0].empty()) rows.push_back(std::move(row));
    return rows;
}

bool parse_number(const std::string& s, double& v) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace sasim::checks_detail
