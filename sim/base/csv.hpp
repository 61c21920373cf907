// CSV cells as every report writes them (layers.csv, timeline.csv, sweep results.csv): a cell
// with a comma, a double quote or a line break is quoted, its quotes doubled (RFC 4180).
#pragma once
#include <string>

namespace sasim {

inline std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace sasim
