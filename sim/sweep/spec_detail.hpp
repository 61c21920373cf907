// Internals of the sweep spec reader shared by its two files: [[axis]] and [[zip]] tables
// (sweep_spec_dims.cpp) and the resolution of one point's config. Positions and value
// descriptions come from sim/base/toml_source.hpp.
#pragma once
#include <toml++/toml.h>

#include <map>
#include <string>
#include <vector>

#include "sim/sweep/spec.hpp"
#include "sim/base/toml_source.hpp"

namespace sasim::sweep_detail {

// Every [[axis]] and [[zip]] of the document, in file order, each value checked.
std::vector<SweepDim> read_dims(const TomlSource& src, const toml::table& doc);

// to_toml() of the point's config: the base config text with the point's --set overrides.
// A cross-field error is reported at the spec value it blames (where_of_set: set -> position).
std::string resolve_point(const std::string& base_path, const std::string& base_text,
                          const SweepPoint& p,
                          const std::map<std::string, std::string>& where_of_set);

}  // namespace sasim::sweep_detail
