#include "sim/workload/layer.hpp"

#include <iterator>

namespace sasim {

namespace {
constexpr LayerType kVectorTypes[] = {
    LayerType::relu, LayerType::clip,    LayerType::sigmoid,   LayerType::tanh,     LayerType::add,
    LayerType::mul,  LayerType::affine,  LayerType::maxpool,   LayerType::avgpool,  LayerType::gap,
    LayerType::lrn,  LayerType::softmax, LayerType::layernorm, LayerType::transpose};
constexpr VectorOp kVectorOps[] = {
    VectorOp::relu, VectorOp::clip,    VectorOp::sigmoid,   VectorOp::tanh,     VectorOp::add,
    VectorOp::mul,  VectorOp::affine,  VectorOp::maxpool,   VectorOp::avgpool,  VectorOp::gap,
    VectorOp::lrn,  VectorOp::softmax, VectorOp::layernorm, VectorOp::transpose};
static_assert(std::size(kVectorTypes) == std::size(kVectorOps));
}  // namespace

bool is_vector(LayerType t) { return static_cast<int>(t) >= static_cast<int>(LayerType::relu); }

VectorOp vector_op(LayerType t) {
    return kVectorOps[static_cast<int>(t) - static_cast<int>(LayerType::relu)];
}

const char* to_string(LayerType t) {
    switch (t) {
        case LayerType::conv:
            return "conv";
        case LayerType::fc:
            return "fc";
        case LayerType::gemm:
            return "gemm";
        case LayerType::matmul:
            return "matmul";
        default:
            return to_string(vector_op(t));
    }
}

const std::vector<std::string>& layer_type_words() {
    static const std::vector<std::string> words = [] {
        std::vector<std::string> w = {"conv", "fc", "gemm", "matmul"};
        for (LayerType t : kVectorTypes) w.push_back(to_string(t));
        return w;
    }();
    return words;
}

std::optional<LayerType> parse_layer_type(const std::string& word) {
    const auto& words = layer_type_words();
    for (size_t i = 0; i < words.size(); ++i)
        if (words[i] == word) return static_cast<LayerType>(i);
    return std::nullopt;
}

namespace {
int64_t out_size(OutputRule rule, int64_t in, int64_t filt, int64_t stride, int64_t pad) {
    if (rule == OutputRule::scalesim) return (in - filt + stride + stride - 1) / stride;
    const int64_t span = in + 2 * pad - filt;
    return span < 0 ? 0 : span / stride + 1;
}
}  // namespace

// Vector ops keep the spatial size, except pooling (a window like a conv's) and gap (1 x 1).
int64_t Layer::P() const {
    if (type == LayerType::gap) return 1;
    if (is_vector(type) && type != LayerType::maxpool && type != LayerType::avgpool) return H;
    return out_size(rule, H, R, stride_h, pad_h);
}
int64_t Layer::Q() const {
    if (type == LayerType::gap) return 1;
    if (is_vector(type) && type != LayerType::maxpool && type != LayerType::avgpool) return W;
    return out_size(rule, W, S, stride_w, pad_w);
}

int64_t Layer::filter_elems() const {
    switch (type) {
        case LayerType::add:
        case LayerType::mul:
            return ifmap_elems();
        case LayerType::affine:
            return 2 * C;
        case LayerType::matmul:
            return N * K * Cg() * R * S;
        default:
            return is_vector(type) ? 0 : K * Cg() * R * S;
    }
}

GemmShape Layer::gemm() const { return GemmShape{N * P() * Q(), Kg(), R * S * Cg()}; }

}  // namespace sasim
