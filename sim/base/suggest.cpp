#include "sim/base/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sasim {

namespace {
std::string last_part(const std::string& key) { return key.substr(key.rfind('.') + 1); }
}  // namespace

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) {
    size_t best = 4;
    std::string found;
    // The distance is at least the difference in length: a long word skips the quadratic work.
    // A match must keep half of the shorter word ("zzz" is not near "cl").
    auto near = [&best](const std::string& a, const std::string& b) {
        const size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
        const size_t d = gap < best ? edit_distance(a, b) : best;
        return 2 * d > std::min(a.size(), b.size()) ? best : d;
    };
    for (const auto& c : candidates) {
        size_t d = std::min(near(word, c), near(last_part(word), last_part(c)));
        if (d < best) best = d, found = c;
    }
    return found.empty() ? "" : fmt::format("; did you mean '{}'?", found);
}

}  // namespace sasim
