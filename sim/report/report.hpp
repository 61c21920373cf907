// Reports of a run: layers.csv, summary.json, config.toml (resolved), stats.txt and the table
// printed on stdout. Formatting only: fixed decimals, no times or absolute paths, so equal runs
// give byte-identical files.
#pragma once
#include <map>
#include <string>

#include "sim/base/files.hpp"
#include "sim/base/report_field.hpp"
#include "sim/run/results.hpp"

namespace sasim {

std::string layers_csv(const RunResult& r);
std::string summary_json(const RunResult& r);
// summary.json's fields in order, each value as written (strings quoted).
struct SummaryEntry {
    std::string name;
    ValueKind kind;
    std::string text;
};
std::vector<SummaryEntry> summary_entries(const RunResult& r);
// The names and kinds of layers.csv's columns and summary.json's fields, in order.
const std::vector<ReportField>& layers_csv_fields();
const std::vector<ReportField>& summary_json_fields();
// The per-layer table: the design and workload, a header with units, a row per layer (with
// `help`: a "what would help" column from --what-if, by layer name), the totals.
std::string stdout_table(const RunResult& r,
                         const std::map<std::string, std::string>* help = nullptr);

// FNV-1a 64-bit, as 16 hex digits.
std::string fnv1a_hex(const std::string& bytes);

// Writes the files into `dir` atomically as a set: they are written into a fresh sibling
// directory, which then replaces `dir`. Throws InputError if `dir` cannot be written.
struct OutputFile {
    std::string name;
    std::string text;
};
void write_outputs(const std::string& dir, const std::vector<OutputFile>& files);
// The checks of write_outputs() without the files (it leaves only missing parent folders), so
// a bad --out is refused before a long simulation. Throws InputError.
void check_output_folder(const std::string& dir);

// Throws InputError (naming `option`) unless a file can be created at `path`.
void check_writable_file(const std::string& path, const std::string& option);

}  // namespace sasim
