// Parameters of the off-chip memory model.
#pragma once
#include <cstdint>
#include <string>

namespace sasim {

enum class DramModel { ideal, bandwidth };

struct DramParams {
    DramModel model;
    double bandwidth_gbps;    // bandwidth model: peak GB/s (1 GB = 1e9 bytes)
    int64_t latency_cycles;   // bandwidth model: fixed latency, accelerator cycles
    int64_t burst_bytes;      // transfers are split into bursts of this size
};

}  // namespace sasim
