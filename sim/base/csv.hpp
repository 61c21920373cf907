// CSV as every report writes and reads it (layers.csv, timeline.csv, what_if.csv, sweep
// results.csv): a cell with a comma, a double quote or a line break is quoted, its quotes
// doubled (RFC 4180); the one reader takes the same back.
#pragma once
#include <string>
#include <vector>

namespace sasim {

inline std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// Cells joined by commas, each as csv_cell() writes it.
std::string csv_join(const std::vector<std::string>& cells);

// CSV text into rows of cells (a quoted cell may hold commas, quotes and line breaks).
using CsvRow = std::vector<std::string>;
std::vector<CsvRow> parse_csv(const std::string& text);

// One CSV line (no line break) into cells.
std::vector<std::string> csv_split(const std::string& line);

}  // namespace sasim
