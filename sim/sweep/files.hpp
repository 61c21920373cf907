// Small helpers of the sweep: CSV lines, and the flat summary.json that `sasim run` writes
// (files are read and written through sim/base/files.hpp).
#pragma once
#include <map>

#include "sim/base/csv.hpp"
#include "sim/base/files.hpp"
#include <optional>
#include <string>
#include <vector>

namespace sasim {

// Lines of a CSV text, without line breaks; quoted cells must not span lines.
std::vector<std::string> text_lines(const std::string& text);

// The top-level "key": value pairs of a flat JSON object written one per line (summary.json);
// strings are unquoted, numbers kept as written.
std::map<std::string, std::string> read_flat_json(const std::string& text);

}  // namespace sasim
