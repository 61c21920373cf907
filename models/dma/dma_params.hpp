// Parameters of the DMA engine.
#pragma once
#include <cstdint>

namespace sasim {

struct DmaParams {
    int64_t packet_bytes;     // largest transfer the DMA issues at once (split into bursts below)
    int64_t max_outstanding;  // packets in flight at once, over all streams
};

}  // namespace sasim
