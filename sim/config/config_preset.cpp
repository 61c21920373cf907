// Presets: `dram.model = "hbm2"` reads configs/dram/hbm2.toml and `tech.node = "7nm"` reads
// configs/tech/7nm.toml (next to the config file, else in the source tree). A preset must set
// every key of its group and nothing else; the user's keys are applied over it afterwards
// (sim/config/config.cpp). Errors name the preset file:line:col.
#include <fmt/format.h>

#include <filesystem>

#include "sim/base/toml_source.hpp"
#include "sim/config/config_detail.hpp"

namespace sasim {

namespace fs = std::filesystem;

namespace {

std::string candidate(const std::string& dir, const std::string& folder, const std::string& name) {
    return (fs::path(dir.empty() ? "." : dir) / folder / (name + ".toml")).string();
}

std::string shipped_candidate(const std::string& folder, const std::string& name) {
    return (fs::path(SASIM_SOURCE_DIR) / "configs" / folder / (name + ".toml")).string();
}

bool is_file(const std::string& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

}  // namespace

std::string find_preset(const std::string& folder, const std::string& name,
                        const std::string& config_dir) {
    for (const std::string& path :
         {candidate(config_dir, folder, name), shipped_candidate(folder, name)}) {
        if (is_file(path)) return path;
    }
    return "";
}

std::string find_dram_preset(const std::string& name, const std::string& config_dir) {
    return find_preset("dram", name, config_dir);
}

namespace config_detail {

const std::vector<PresetKind>& preset_kinds() {
    static const std::vector<PresetKind> kinds = {
        {"dram.model", "dram", "DRAM preset", "bank-level dram key",
         [](const ConfigField& f) { return f.ddr; },
         [](const Config& c) { return is_bank_level(c.dram.model); }},
        {"tech.node", "tech", "technology preset", "technology key",
         [](const ConfigField& f) { return f.tech; }, [](const Config&) { return true; }},
    };
    return kinds;
}

std::string group_text(const PresetKind& k) {
    std::string first, last;
    for (const auto& f : config_fields()) {
        if (!k.in_group(f)) continue;
        if (first.empty()) first = f.key;
        last = f.key;
    }
    return fmt::format("the {}s ({} to {})", k.group, first, last);
}

bool sets_every_key(const PresetKind& k, const Origins& o) {
    for (const auto& f : config_fields()) {
        if (k.in_group(f) && o.count(f.key) == 0) return false;
    }
    return true;
}

void apply_preset(const PresetKind& k, Config& c, const std::string& name,
                  const std::string& config_dir, const std::string& selector_origin, Origins& o) {
    const std::string path = find_preset(k.folder, name, config_dir);
    if (path.empty()) {
        const std::string local = candidate(config_dir, k.folder, name);
        const std::string shipped = shipped_candidate(k.folder, name);
        const std::string looked =
            local == shipped ? local : fmt::format("{} and {}", local, shipped);
        fail_at(selector_origin, fmt::format("key '{}': no preset file for '{}' (looked for {})",
                                             k.selector, name, looked));
    }
    Origins preset;
    apply_document(c, parse_toml(read_toml_file(path, "config file"), path), path, preset, &k);
    for (const auto& f : config_fields()) {
        if (k.in_group(f) && preset.count(f.key) == 0) {
            fail_at(path, fmt::format("{} lacks key '{}' (a preset sets every {})", k.what, f.key,
                                      k.group));
        }
    }
    o.insert(preset.begin(), preset.end());
}

}  // namespace config_detail
}  // namespace sasim
