// Internals of the config reader shared by config.cpp and config_preset.cpp (the presets):
// where each key was set, applying a parsed TOML document, the kinds of preset file. Not for
// other users.
#pragma once
#include <toml++/toml.h>

#include <map>
#include <string>
#include <vector>

#include "sim/config/config.hpp"
#include "sim/config/config_fields.hpp"

namespace sasim::config_detail {

using Origins = std::map<std::string, std::string>;  // key -> where it was set (file:line:col)

// A kind of preset: the word of its selector key names configs/<folder>/<word>.toml, which sets
// every key of its group and nothing else (DRAM: the bank-level dram keys; technology: tech.*).
struct PresetKind {
    const char* selector;  // "dram.model"
    const char* folder;    // "dram"
    const char* what;      // "DRAM preset"
    const char* group;     // "bank-level dram key"
    bool (*in_group)(const ConfigField&);
    bool (*applies)(const Config&);  // the selector's value names a preset (not ideal, ...)
};
const std::vector<PresetKind>& preset_kinds();

// "the bank-level dram keys (dram.channels to dram.device_bits)"
std::string group_text(const PresetKind& k);

// Applies every key of `doc` in file order, recording origins. preset: only that preset kind's
// keys are allowed (a preset file); nullptr: any key.
void apply_document(Config& c, const toml::table& doc, const std::string& source, Origins& o,
                    const PresetKind* preset);

// Applies preset `name` of kind `k` over c; `selector_origin` (where the selector was set) is
// blamed when no preset file exists.
void apply_preset(const PresetKind& k, Config& c, const std::string& name,
                  const std::string& config_dir, const std::string& selector_origin, Origins& o);

// Every key of the kind's group has an origin: the preset would be overridden entirely.
bool sets_every_key(const PresetKind& k, const Origins& o);

}  // namespace sasim::config_detail
