// Parameters of the three scratchpads (ifmap, filter, ofmap). Each is double-buffered:
// half its capacity fills from DRAM while the array reads the other half.
#pragma once
#include <cstdint>

namespace sasim {

struct SramParams {
    int64_t ifmap_kb;   // KiB
    int64_t filter_kb;  // KiB
    int64_t ofmap_kb;   // KiB
};

}  // namespace sasim
