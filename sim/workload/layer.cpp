#include "sim/workload/layer.hpp"

namespace sasim {

const char* to_string(LayerType t) {
    switch (t) {
        case LayerType::conv:
            return "conv";
        case LayerType::fc:
            return "fc";
        case LayerType::gemm:
            return "gemm";
    }
    return "?";
}

namespace {
int64_t out_size(OutputRule rule, int64_t in, int64_t filt, int64_t stride, int64_t pad) {
    if (rule == OutputRule::scalesim) return (in - filt + stride + stride - 1) / stride;
    const int64_t span = in + 2 * pad - filt;
    return span < 0 ? 0 : span / stride + 1;
}
}  // namespace

int64_t Layer::P() const { return out_size(rule, H, R, stride_h, pad_h); }
int64_t Layer::Q() const { return out_size(rule, W, S, stride_w, pad_w); }

GemmShape Layer::gemm() const { return GemmShape{N * P() * Q(), Kg(), R * S * Cg()}; }

}  // namespace sasim
