#include "sim/base/csv.hpp"

namespace sasim {

std::string csv_join(const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) s += (i ? "," : "") + csv_cell(cells[i]);
    return s;
}

std::vector<CsvRow> parse_csv(const std::string& text) {
    std::vector<CsvRow> rows;
    CsvRow row(1);
    bool in_quotes = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
            row.back() += c;
            ++i;
        } else if (c == '"') {
            in_quotes = !in_quotes;
        } else if (in_quotes || (c != ',' && c != '\n')) {
            if (c != '\r' || in_quotes) row.back() += c;
        } else if (c == ',') {
            row.emplace_back();
        } else {
            rows.push_back(std::move(row));
            row.assign(1, "");
        }
    }
    if (row.size() > 1 || !row[0].empty()) rows.push_back(std::move(row));
    return rows;
}

std::vector<std::string> csv_split(const std::string& line) {
    std::vector<CsvRow> rows = parse_csv(line);
    return rows.empty() ? std::vector<std::string>(1) : std::move(rows.front());
}

}  // namespace sasim
