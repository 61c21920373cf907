// Parameters of the on-chip interconnect between the DMA streams and DRAM.
#pragma once
#include <cstdint>

namespace sasim {

struct InterconnectParams {
    int64_t bytes_per_cycle;  // link width; 0 = unlimited
    int64_t latency_cycles;   // one-way latency added to every transfer
};

}  // namespace sasim
