// Internals of the sweep spec reader shared by its two files: error positions, [[axis]] and
// [[zip]] tables (sweep_spec_dims.cpp) and the resolution of one point's config.
#pragma once
#include <toml++/toml.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/sweep_spec.hpp"

namespace sasim::sweep_detail {

// The spec file being read: turns nodes into "path:line:col" and throws InputError.
struct Source {
    std::string path;
    std::string at(const toml::node& n) const;
    [[noreturn]] void fail(const toml::node& n, const std::string& what) const;
    [[noreturn]] void fail_at(const std::string& where, const std::string& what) const;
    [[noreturn]] void fail_file(const std::string& what) const;
};

// "string \"x\"", "integer 3", "float 1.5", "boolean true", "an array", "a table".
std::string describe_node(const toml::node& n);

// The keys of a table with "path:line:col" of each, in file order.
std::vector<std::pair<std::string, std::string>> sorted_keys(const Source& src,
                                                             const toml::table& t);

// Every [[axis]] and [[zip]] of the document, in file order, each value checked.
std::vector<SweepDim> read_dims(const Source& src, const toml::table& doc);

// to_toml() of the point's config: the base config text with the point's --set overrides.
// A cross-field error is reported at the spec value it blames (where_of_set: set -> position).
std::string resolve_point(const Source& src, const std::string& base_path,
                          const std::string& base_text, const SweepPoint& p,
                          const std::map<std::string, std::string>& where_of_set);

}  // namespace sasim::sweep_detail
