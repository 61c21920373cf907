// Internals of the config reader shared by config.cpp and config_preset.cpp (the DRAM presets):
// where each key was set, applying a parsed TOML document. Not for other users.
#pragma once
#include <toml++/toml.h>

#include <map>
#include <string>

#include "sim/config/config.hpp"

namespace sasim::config_detail {

using Origins = std::map<std::string, std::string>;  // key -> where it was set (file:line:col)

// Applies every key of `doc` in file order, recording origins. preset_only: only the
// bank-level dram keys are allowed (a DRAM preset file).
void apply_document(Config& c, const toml::table& doc, const std::string& source, Origins& o,
                    bool preset_only);

// Applies DRAM preset `name` (configs/dram/<name>.toml, see find_dram_preset) over c;
// `model_origin` (where dram.model was set) is blamed when no preset file exists.
void apply_dram_preset(Config& c, const std::string& name, const std::string& config_dir,
                       const std::string& model_origin, Origins& o);

// Every bank-level dram key has an origin: the preset would be overridden entirely.
bool sets_every_ddr_key(const Origins& o);

}  // namespace sasim::config_detail
