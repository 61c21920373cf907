// Internals of the config reader shared by config.cpp and config_preset.cpp (the DRAM presets):
// where each key was set, applying a parsed TOML document, reading a file. Not for other users.
#pragma once
#include <toml++/toml.h>

#include <map>
#include <string>

#include "sim/config.hpp"

namespace sasim::config_detail {

using Origins = std::map<std::string, std::string>;  // key -> where it was set (file:line:col)

[[noreturn]] void fail(const std::string& where, const std::string& what);

// TOML text parsed, or InputError "source:line:col: what toml++ says".
toml::table parse_toml(const std::string& text, const std::string& source);

// Applies every key of `doc` in file order, recording origins. preset_only: only the
// bank-level dram keys are allowed (a DRAM preset file).
void apply_document(Config& c, const toml::table& doc, const std::string& source, Origins& o,
                    bool preset_only);

// The whole file (at most 1 MiB), or InputError naming the path and the reason.
std::string read_file(const std::string& path);

// Applies DRAM preset `name` (configs/dram/<name>.toml, see find_dram_preset) over c;
// `model_origin` (where dram.model was set) is blamed when no preset file exists.
void apply_dram_preset(Config& c, const std::string& name, const std::string& config_dir,
                       const std::string& model_origin, Origins& o);

// Every bank-level dram key has an origin: the preset would be overridden entirely.
bool sets_every_ddr_key(const Origins& o);

}  // namespace sasim::config_detail
