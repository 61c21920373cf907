#include "models/vector/vector_timing.hpp"

namespace sasim {

const char* to_string(VectorOp op) {
    switch (op) {
        case VectorOp::relu:
            return "relu";
        case VectorOp::clip:
            return "clip";
        case VectorOp::sigmoid:
            return "sigmoid";
        case VectorOp::tanh:
            return "tanh";
        case VectorOp::add:
            return "add";
        case VectorOp::mul:
            return "mul";
        case VectorOp::affine:
            return "affine";
        case VectorOp::maxpool:
            return "maxpool";
        case VectorOp::avgpool:
            return "avgpool";
        case VectorOp::gap:
            return "gap";
        case VectorOp::lrn:
            return "lrn";
        case VectorOp::softmax:
            return "softmax";
        case VectorOp::layernorm:
            return "layernorm";
        case VectorOp::transpose:
            return "transpose";
    }
    return "?";
}

bool is_activation(VectorOp op) {
    return op == VectorOp::relu || op == VectorOp::clip || op == VectorOp::sigmoid ||
           op == VectorOp::tanh;
}

bool has_second_input(VectorOp op) { return op == VectorOp::add || op == VectorOp::mul; }

VectorWork vector_work(VectorOp op, const VectorPiece& x) {
    VectorWork w;
    switch (op) {
        case VectorOp::relu:  // one max
        case VectorOp::add:
        case VectorOp::mul:
        case VectorOp::affine:     // one multiply-add
        case VectorOp::transpose:  // one move
            w.alu = x.out;
            break;
        case VectorOp::clip:  // a max and a min
            w.alu = 2 * x.out;
            break;
        case VectorOp::sigmoid:  // exp, add 1, reciprocal
        case VectorOp::tanh:     // the same mix: 2 * sigmoid(2x) - 1 folds into one FMA
            w.exp = x.out;
            w.alu = x.out;
            w.div = x.out;
            break;
        case VectorOp::maxpool:  // one compare per window element
            w.alu = x.out * x.window;
            break;
        case VectorOp::avgpool:  // one add per window element, one scale by 1 / (R*S)
            w.alu = x.out * (x.window + 1);
            break;
        case VectorOp::gap:  // one add per input, one scale per output
            w.alu = x.in + x.out;
            break;
        case VectorOp::lrn:  // `size` squares accumulated, pow(k + a*sum, -b), one multiply
            w.alu = x.out * (x.window + 1);
            w.exp = x.out;
            break;
        case VectorOp::softmax:  // max, exp(x - max), sum, scale; one reciprocal per row
            w.alu = 3 * x.out;
            w.exp = x.out;
            w.div = x.rows;
            break;
        case VectorOp::layernorm:  // sum, sum of squares, normalize, affine; rsqrt per row
            w.alu = 4 * x.out;
            w.div = x.rows;
            break;
    }
    return w;
}

int64_t vector_cycles(const VectorWork& w, const VectorParams& p) {
    const int64_t lane = w.lane_cycles(p);
    return (lane + p.lanes - 1) / p.lanes;
}

}  // namespace sasim
