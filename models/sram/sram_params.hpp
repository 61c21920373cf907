// Parameters of the three scratchpads (ifmap, filter, ofmap). Each is double-buffered:
// half its capacity fills from DRAM while the array reads the other half.
#pragma once
#include <cstdint>

namespace sasim {

struct SramParams {
    int64_t ifmap_kb;          // KiB
    int64_t filter_kb;         // KiB
    int64_t ofmap_kb;          // KiB
    int64_t banks;             // banks per scratchpad
    int64_t bank_width_bytes;  // bytes one bank port moves per cycle; 0 = unlimited
    int64_t ports_per_bank;    // 1: reads and writes share a port; 2: one read, one write port
};

}  // namespace sasim
