// Small file helpers of the sweep: whole-file reads, atomic single-file writes (temp + rename),
// CSV cells and lines, and the flat summary.json that `sasim run` writes.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sasim {

// The file's bytes, or nullopt if it cannot be read.
std::optional<std::string> try_read_file(const std::string& path);

// Writes `text` to a sibling temp file, then renames it over `path`: readers see the old file
// or the new one, never a part. Throws InputError naming the path.
void write_text_atomic(const std::string& path, const std::string& text);

// Cells joined by commas, each as sim/base/csv.hpp's csv_cell() writes it.
std::string csv_join(const std::vector<std::string>& cells);
// Splits one CSV line (no line break) into cells, honouring quotes.
std::vector<std::string> csv_split(const std::string& line);
// Lines of a CSV text, without line breaks; quoted cells must not span lines.
std::vector<std::string> text_lines(const std::string& text);

// The top-level "key": value pairs of a flat JSON object written one per line (summary.json);
// strings are unquoted, numbers kept as written.
std::map<std::string, std::string> read_flat_json(const std::string& text);

}  // namespace sasim
