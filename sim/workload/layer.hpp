// One layer of a workload in the conv vocabulary (Timeloop's N C K H W R S P Q), and its
// lowering to the GEMM the array executes. A fully connected layer is a 1x1 conv on a 1x1
// input (C = input features, K = output features).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/gemm.hpp"

namespace sasim {

enum class LayerType { conv, fc, gemm };
const char* to_string(LayerType t);

// How the output size is computed from the input size.
enum class OutputRule {
    standard,  // P = floor((H + 2*pad - R) / stride) + 1
    scalesim,  // P = ceil((H - R + stride) / stride), no padding: SCALE-Sim's topology files
};

struct Layer {
    std::string name;
    LayerType type = LayerType::conv;
    int64_t N = 1;         // batch
    int64_t C = 1;         // input channels (all groups)
    int64_t K = 1;         // output channels / filters (all groups)
    int64_t H = 1, W = 1;  // input height, width (unpadded)
    int64_t R = 1, S = 1;  // filter height, width
    int64_t stride_h = 1, stride_w = 1;
    int64_t pad_h = 0, pad_w = 0;
    int64_t groups = 1;
    OutputRule rule = OutputRule::standard;
    std::string source;  // "file:line" the layer came from, for messages
    int line = 0;

    int64_t P() const;  // output height
    int64_t Q() const;  // output width
    int64_t Cg() const { return C / groups; }
    int64_t Kg() const { return K / groups; }
    // The GEMM of one group: M = N*P*Q, N = K/groups, K = R*S*C/groups.
    GemmShape gemm() const;
    int64_t macs() const { return groups * gemm().macs(); }
    // Unique elements of each tensor, excluding padding.
    int64_t ifmap_elems() const { return N * C * H * W; }
    int64_t filter_elems() const { return K * Cg() * R * S; }
    int64_t ofmap_elems() const { return N * K * P() * Q(); }
};

}  // namespace sasim
