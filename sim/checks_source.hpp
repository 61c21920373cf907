// Internals shared by the checks files: "file:line:col" of TOML nodes (and of a character inside
// a string value), node descriptions and "did you mean" suggestions, worded as the config
// reader's (sim/config.cpp) so both read alike; the layer selection reader; report CSV parsing.
#pragma once
#include <toml++/toml.h>

#include <string>
#include <vector>

#include "sim/checks.hpp"
#include "sim/suggest.hpp"

namespace sasim::checks_detail {

constexpr int64_t kMaxWindowCycles = 1000000000;  // as report.timeline_window_cycles

// The checks file being read: its name for messages and its lines, to find where a character of
// a string value was written.
class Source {
public:
    Source(std::string name, const std::string& text);
    const std::string& name() const { return name_; }
    std::string at(const toml::source_region& r) const;  // "file:line:col"
    std::string at(const toml::node& n) const { return at(n.source()); }
    // Where character `offset` of the string node `n` was written; the string's own position
    // when it was not written plainly ("..." or '...' on one line, without escapes).
    std::string at_char(const toml::node& n, size_t offset) const;
    [[noreturn]] void fail(const std::string& where, const std::string& what) const;

private:
    std::string name_;
    std::vector<std::string> lines_;
};

// "string \"abc\"", "integer 3", "float 1.5", "boolean true", "a table", "array [ 1, 2 ]".
std::string describe_node(const toml::node& n);

// A string as TOML writes it, for messages: "a\nb" -> "\"a\\nb\"".
std::string quoted(const std::string& s);

// `layers = { type = "conv" }` (or a list of types) or `layers = { names = ["conv1"] }` into
// `sel`; `label` ("check 'x'") starts every message.
void read_layers(LayerSelection& sel, const toml::node& v, const Source& src,
                 const std::string& label);

// Why `name` is no metric of `scope`: the scope it belongs to, the nearest name, or the list.
std::string unknown_metric(const std::string& name, CheckScope scope);

// Report CSV text (as report.cpp writes it: "..." quoting) into rows of cells.
using Row = std::vector<std::string>;
std::vector<Row> parse_csv(const std::string& text);

// The whole of `s` as a number ("12", "0.125", "inf"); false if it is not one.
bool parse_number(const std::string& s, double& v);

// "a, b, c" (at most `max` words, then ", ... (N in all)").
std::string join_words(const std::vector<std::string>& words, size_t max = 1000);

}  // namespace sasim::checks_detail
