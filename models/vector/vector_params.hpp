// Parameters of the vector unit (the non-MAC layers: activations, pooling, normalization,
// elementwise adds, softmax). Defaults, ranges and units live in the config field table.
#pragma once
#include <cstdint>

namespace sasim {

struct VectorParams {
    int64_t lanes;            // elements the unit works on per cycle
    int64_t alu_cycles;       // lane cycles of one add, compare, max or multiply-add
    int64_t exp_cycles;       // lane cycles of one exponential (exp, sigmoid, tanh, pow)
    int64_t div_cycles;       // lane cycles of one division, reciprocal or square root
    int64_t pipeline_cycles;  // per tile: first read to last write beyond the lane cycles
    bool fuse_activation;     // an activation right after a GEMM runs in the array's drain
};

}  // namespace sasim
