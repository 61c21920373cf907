// Parameters of the DMA engine.
#pragma once
#include <cstdint>

namespace sasim {

struct DmaParams {
    int64_t packet_bytes;  // largest transfer the DMA issues at once (split into bursts below)
};

}  // namespace sasim
