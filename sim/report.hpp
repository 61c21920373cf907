// Reports of a run: layers.csv, summary.json, config.toml (resolved), stats.txt and the table
// printed on stdout. Formatting only: fixed decimals, no times or absolute paths, so equal runs
// give byte-identical files.
#pragma once
#include <string>

#include "sim/results.hpp"

namespace sasim {

std::string layers_csv(const RunResult& r);
std::string summary_json(const RunResult& r);
std::string stdout_table(const RunResult& r);

// FNV-1a 64-bit, as 16 hex digits.
std::string fnv1a_hex(const std::string& bytes);

// Writes the files into `dir` atomically as a set: they are written into a fresh sibling
// directory, which then replaces `dir`. Throws InputError if `dir` cannot be written.
struct OutputFile {
    std::string name;
    std::string text;
};
void write_outputs(const std::string& dir, const std::vector<OutputFile>& files);

}  // namespace sasim
