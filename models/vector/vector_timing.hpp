// Timing core of the vector unit (plain C++, no SystemC): how many primitive operations each
// vector op needs for a piece of its tensor, and how many cycles `lanes` lanes take for them.
// An op is a fixed mix of three primitives (README, "Vector unit"): alu (add, compare, max,
// multiply-add), exp (exp, sigmoid's and tanh's exponential, LRN's pow) and div (division,
// reciprocal, square root); each primitive costs its configured lane cycles. Leaves out:
// data-dependent costs (every element pays its op's full mix) and lane-level SRAM conflicts.
#pragma once
#include <cstdint>

#include "models/vector/vector_params.hpp"

namespace sasim {

enum class VectorOp {
    relu,       // max(x, 0)
    clip,       // min(max(x, lo), hi): ReLU6
    sigmoid,    // 1 / (1 + exp(-x))
    tanh,       // tanh(x)
    add,        // x + y, two tensors of one shape (residual add)
    mul,        // x * y, two tensors of one shape
    affine,     // a * x + b per channel (inference batch norm, scaling by a constant)
    maxpool,    // max over an R x S window
    avgpool,    // mean over an R x S window
    gap,        // global average pooling: mean over each H x W plane
    lrn,        // local response normalization across `size` channels (AlexNet)
    softmax,    // over each row of C elements
    layernorm,  // over each row of C elements, then a per-element affine
    transpose,  // a data-layout copy (each element moved once)
};

const char* to_string(VectorOp op);
// An elementwise activation (relu, clip, sigmoid, tanh): may be fused into a GEMM's drain.
bool is_activation(VectorOp op);
// Ops that read a second tensor of the input's shape (add, mul).
bool has_second_input(VectorOp op);

// Primitive operations of a piece of work.
struct VectorWork {
    int64_t alu = 0, exp = 0, div = 0;
    int64_t ops() const { return alu + exp + div; }
    // Lane cycles: each primitive at its configured cost.
    int64_t lane_cycles(const VectorParams& p) const {
        return alu * p.alu_cycles + exp * p.exp_cycles + div * p.div_cycles;
    }
    VectorWork& operator+=(const VectorWork& o) {
        alu += o.alu;
        exp += o.exp;
        div += o.div;
        return *this;
    }
};

// What one op computes for a piece: `out` output elements, `in` input elements (one input;
// gap reads `in` and writes `out`), `rows` rows (softmax, layernorm), `window` elements per
// output (pooling: R*S; lrn: size).
struct VectorPiece {
    int64_t in = 0, out = 0, rows = 0, window = 1;
};
VectorWork vector_work(VectorOp op, const VectorPiece& piece);

// Cycles `p.lanes` lanes take for `w`: ceil(lane cycles / lanes).
int64_t vector_cycles(const VectorWork& w, const VectorParams& p);

}  // namespace sasim
