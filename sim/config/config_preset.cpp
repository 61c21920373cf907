// DRAM presets: `dram.model = "hbm2"` reads configs/dram/hbm2.toml (next to the config file, else
// in the source tree), which must set every bank-level dram key and nothing else; the user's
// keys are applied over it afterwards (sim/config/config.cpp). Errors name the preset file:line:col.
#include <fmt/format.h>

#include <filesystem>

#include "sim/config/config_detail.hpp"
#include "sim/config/config_fields.hpp"
#include "sim/base/toml_source.hpp"

namespace sasim {

namespace fs = std::filesystem;

namespace {

std::string candidate(const std::string& dir, const std::string& name) {
    return (fs::path(dir.empty() ? "." : dir) / "dram" / (name + ".toml")).string();
}

std::string shipped_candidate(const std::string& name) {
    return (fs::path(SASIM_SOURCE_DIR) / "configs" / "dram" / (name + ".toml")).string();
}

bool is_file(const std::string& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

}  // namespace

std::string find_dram_preset(const std::string& name, const std::string& config_dir) {
    for (const std::string& path : {candidate(config_dir, name), shipped_candidate(name)}) {
        if (is_file(path)) return path;
    }
    return "";
}

namespace config_detail {

bool sets_every_ddr_key(const Origins& o) {
    for (const auto& f : config_fields()) {
        if (f.ddr && o.count(f.key) == 0) return false;
    }
    return true;
}

void apply_dram_preset(Config& c, const std::string& name, const std::string& config_dir,
                       const std::string& model_origin, Origins& o) {
    const std::string path = find_dram_preset(name, config_dir);
    if (path.empty()) {
        const std::string local = candidate(config_dir, name), shipped = shipped_candidate(name);
        const std::string looked =
            local == shipped ? local : fmt::format("{} and {}", local, shipped);
        fail_at(
            model_origin,
            fmt::format("key 'dram.model': no preset file for '{}' (looked for {})", name, looked));
    }
    Origins preset;
    apply_document(c, parse_toml(read_toml_file(path, "config file"), path), path, preset, true);
    for (const auto& f : config_fields()) {
        if (f.ddr && preset.count(f.key) == 0) {
            fail_at(path, fmt::format("DRAM preset lacks key '{}' (a preset sets every bank-level "
                                      "dram key)",
                                      f.key));
        }
    }
    o.insert(preset.begin(), preset.end());
}

}  // namespace config_detail
}  // namespace sasim
