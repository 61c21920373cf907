// Layers built in code for tests (the conv vocabulary of sim/workload/layer.hpp).
#pragma once
#include <cstdint>
#include <string>

#include "sim/workload/layer.hpp"

namespace sasim::test {

inline Layer conv(const std::string& name, int64_t C, int64_t K, int64_t H, int64_t W, int64_t R,
                  int64_t S, int64_t stride, int64_t pad, int64_t groups = 1, int64_t N = 1) {
    Layer l;
    l.name = name;
    l.type = LayerType::conv;
    l.N = N;
    l.C = C;
    l.K = K;
    l.H = H;
    l.W = W;
    l.R = R;
    l.S = S;
    l.stride_h = l.stride_w = stride;
    l.pad_h = l.pad_w = pad;
    l.groups = groups;
    return l;
}

inline Layer fc(const std::string& name, int64_t batch, int64_t in, int64_t out) {
    Layer l = conv(name, in, out, 1, 1, 1, 1, 1, 0);
    l.type = LayerType::fc;
    l.N = batch;
    return l;
}

// A vector layer (K = C): `R` x `S` the pooling window (lrn: R = size), no groups.
inline Layer vec(const std::string& name, LayerType type, int64_t C, int64_t H, int64_t W,
                 int64_t R = 1, int64_t S = 1, int64_t stride = 1, int64_t pad = 0, int64_t N = 1) {
    Layer l = conv(name, C, C, H, W, R, S, stride, pad, 1, N);
    l.type = type;
    return l;
}

}  // namespace sasim::test
