// Parameters of the off-chip memory model: the ideal and bandwidth models, and the bank-level
// DDR models (one per shipped preset, configs/dram/<name>.toml), whose organisation, timings
// and controller live in `ddr`. Defaults, ranges and units live in the config field table.
#pragma once
#include <cstdint>
#include <string>

#include "models/dram/ddr_params.hpp"

namespace sasim {

enum class DramModel { ideal, bandwidth, ddr4_3200, lpddr4_2400, hbm2 };

// Every model, and its name (the config word; for bank-level models the preset's name): the
// one list the config, its messages and the reports use.
constexpr DramModel kDramModels[] = {DramModel::ideal, DramModel::bandwidth, DramModel::ddr4_3200,
                                     DramModel::lpddr4_2400, DramModel::hbm2};
inline const char* to_string(DramModel m) {
    switch (m) {
        case DramModel::ideal:
            return "ideal";
        case DramModel::bandwidth:
            return "bandwidth";
        case DramModel::ddr4_3200:
            return "ddr4_3200";
        case DramModel::lpddr4_2400:
            return "lpddr4_2400";
        case DramModel::hbm2:
            break;
    }
    return "hbm2";
}

// The models simulated bank by bank (DdrDram with `ddr`); their names are the preset names.
inline bool is_bank_level(DramModel m) {
    return m != DramModel::ideal && m != DramModel::bandwidth;
}

struct DramParams {
    DramModel model;
    double bandwidth_gbps;   // bandwidth model: peak GB/s (1 GB = 1e9 bytes)
    int64_t latency_cycles;  // bandwidth model: fixed latency, accelerator cycles
    int64_t burst_bytes;     // transfers are split into bursts of this size
    DdrParams ddr;           // bank-level models: the preset's values, then the user's keys
};

}  // namespace sasim
