// One layer of a workload in the conv vocabulary (Timeloop's N C K H W R S P Q), and its
// lowering to the GEMM the array executes. A fully connected layer is a 1x1 conv on a 1x1
// input (C = input features, K = output features); a matmul is a product of two activations
// per (image, group) (attention's Q.K^T and A.V). The other types run on the vector unit
// (no MACs); README, "Workloads", gives each type's columns.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/common/gemm.hpp"
#include "models/vector/vector_timing.hpp"

namespace sasim {

enum class LayerType {
    conv,
    fc,
    gemm,
    matmul,  // on the array
    relu,
    clip,
    sigmoid,
    tanh,
    add,
    mul,
    affine,
    maxpool,
    avgpool,
    gap,
    lrn,
    softmax,
    layernorm,
    transpose,  // on the vector unit
};
const char* to_string(LayerType t);
// Every type word, in enum order (for messages and the checks' layer selections).
const std::vector<std::string>& layer_type_words();
std::optional<LayerType> parse_layer_type(const std::string& word);
bool is_vector(LayerType t);
VectorOp vector_op(LayerType t);  // only for is_vector(t)

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

    int64_t P() const;  // output height (vector ops other than pooling: H; gap: 1)
    int64_t Q() const;  // output width
    int64_t Cg() const { return C / groups; }
    int64_t Kg() const { return K / groups; }
    // The GEMM of one group: M = N*P*Q, N = K/groups, K = R*S*C/groups.
    GemmShape gemm() const;
    int64_t macs() const { return is_vector(type) ? 0 : groups * gemm().macs(); }
    // Unique elements of each tensor, excluding padding.
    int64_t ifmap_elems() const { return N * C * H * W; }
    // The filter operand: weights (a matmul: each image's second matrix); a vector layer's second
    // input (add, mul: the input's shape), its parameters (affine: scale and shift per channel)
    // or none.
    int64_t filter_elems() const;
    int64_t ofmap_elems() const { return N * K * P() * Q(); }
};

}  // namespace sasim
