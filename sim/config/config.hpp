// The resolved accelerator configuration: every model's parameter struct plus the clock.
// Parsing, validation, --set overrides and the config.toml dump are driven by one field table
// (sim/config/config_fields.cpp): name, type, default, range, unit and description written once.
#pragma once
#include <string>
#include <vector>

#include "models/control/network_params.hpp"
#include "models/dma/dma_params.hpp"
#include "models/dram/dram_params.hpp"
#include "models/energy/energy_params.hpp"
#include "models/interconnect/interconnect_params.hpp"
#include "models/sram/sram_params.hpp"
#include "models/systolic/array_params.hpp"
#include "models/vector/vector_params.hpp"

namespace sasim {

// How layers are mapped onto the array (read by sim/mapping).
enum class MapStrategy { automatic, scalesim };
enum class TensorLayout { nhwc, nchw };
const char* to_string(MapStrategy s);
const char* to_string(TensorLayout l);
struct MappingParams {
    MapStrategy strategy;  // the mapper's search, or SCALE-Sim's fixed mapping
    std::string order;     // "" = searched; else a loop order of M, N, K, outermost first
    int64_t tile;          // t tile (streamed extent per fold execution); 0 = searched
    int64_t step;          // streamed extent per step; 0 = searched
    TensorLayout layout;   // activations in DRAM
    std::string from;      // "" = mapped here; else a layers.csv whose `mapping` column pins each
                           // layer's mapping (a path, relative to the working directory)
};

// What the reports contain (not hardware).
struct ReportParams {
    int64_t timeline_window_cycles;  // timeline.csv window; 0 = no timeline
};

// How the workload is run (not hardware).
struct WorkloadParams {
    int64_t batch;  // images per run: every layer's N is multiplied by it
};

struct Config {
    std::string name;  // free text naming the design
    double clock_mhz;
    ArrayParams array;
    SramParams sram;
    DramParams dram;
    InterconnectParams interconnect;
    DmaParams dma;
    MappingParams mapping;
    VectorParams vector;
    NetworkParams network;
    WorkloadParams workload;
    ReportParams report;
    EnergyParams energy;  // technology table, DRAM currents, clock gating, link length
};

// All defaults, from the field table.
Config default_config();

// Reads a TOML file over the defaults, then applies "key=value" overrides (same validation).
// Throws InputError (sim/base/errors.hpp) naming file:line:column, the key, the value, what is
// allowed. An empty file is valid: every key keeps its default. When dram.model names a DRAM preset
// or tech.node a technology (file or --set), the preset file's values come first, then the file's
// keys, then the --set items; a config that sets every key of a preset's group itself needs no
// preset file.
Config load_config(const std::string& path, const std::vector<std::string>& overrides);
// Overrides over a resolved config; one that switches dram.model or tech.node to a preset loads
// the preset (from the source tree) under the overrides.
Config apply_overrides(Config base, const std::vector<std::string>& overrides);

// The file of preset `name` of a kind (folder "dram" or "tech"): <config_dir>/<folder>/<name>.toml
// if it exists, else SASIM_SOURCE_DIR/configs/<folder>/<name>.toml if that exists, else "".
std::string find_preset(const std::string& folder, const std::string& name,
                        const std::string& config_dir);
std::string find_dram_preset(const std::string& name, const std::string& config_dir);

// load_config() on TOML text already in memory; source_name stands for the file in messages.
Config parse_config_text(const std::string& text, const std::string& source_name,
                         const std::vector<std::string>& overrides);

// Range and cross-field checks of a config built in code (e.g. by a sweep); throws InputError
// prefixed "config: ".
void validate_config(const Config& c);

// The resolved config as TOML (every key, fixed formatting: byte-identical for equal configs).
std::string to_toml(const Config& c);

// Markdown-ish table of every key: name, type, default, range, unit, description.
std::string describe_config_keys();

}  // namespace sasim
