// Internals shared by the checks files: quoting and "did you mean" suggestions, worded as the
// config reader's (sim/config/config.cpp) so both read alike; the layer selection reader; report CSV
// parsing. Positions and value descriptions come from sim/base/toml_source.hpp.
#pragma once
#include <toml++/toml.h>

#include <string>
#include <vector>

#include "sim/checks/checks.hpp"
#include "sim/base/suggest.hpp"
#include "sim/base/csv.hpp"
#include "sim/base/text.hpp"
#include "sim/base/toml_source.hpp"

namespace sasim::checks_detail {

constexpr int64_t kMaxWindowCycles = 1000000000;  // as report.timeline_window_cycles

// A string as TOML writes it, for messages: "a\nb" -> "\"a\\nb\"".
std::string quoted(const std::string& s);

// `layers = { type = "conv" }` (or a list of types) or `layers = { names = ["conv1"] }` into
// `sel`; `label` ("check 'x'") starts every message.
void read_layers(LayerSelection& sel, const toml::node& v, const TomlSource& src,
                 const std::string& label);

// Why `name` is no metric of `scope`: the scope it belongs to, the nearest name, or the list.
std::string unknown_metric(const std::string& name, CheckScope scope);

using Row = CsvRow;  // report CSV text is read with sim/base/csv.hpp's parse_csv()

// The whole of `s` as a number ("12", "0.125", "inf"); false if it is not one.
bool parse_number(const std::string& s, double& v);

// "a, b, c" (at most `max` words, then ", ... (N in all)").

}  // namespace sasim::checks_detail
