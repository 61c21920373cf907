// Parameters of the systolic array. Defaults, ranges and units are declared once, in the
// config field table (sim/config/config_fields.cpp), not here.
#pragma once
#include <cstdint>

#include "models/common/dataflow.hpp"

namespace sasim {

struct ArrayParams {
    int64_t rows;
    int64_t cols;
    Dataflow dataflow;
    bool preload;        // stationary operand double-buffered in the PEs (TPU-style)
    int64_t word_bytes;  // bytes per ifmap / filter / ofmap element
    int64_t psum_bytes;  // bytes per partial sum spilled to memory
};

}  // namespace sasim
