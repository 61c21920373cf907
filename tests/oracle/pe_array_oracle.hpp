// Register-level reference model of an R x C systolic array (plain C++, no SystemC): every PE
// holds operand, partial-sum and stationary registers, and step() advances them all one cycle.
// It runs whole int64 GEMMs fold by fold for os, ws and is (with optional preload).
// Leaves out: memory and bandwidth (operands are always there), output drain (read for free).
#pragma once
#include <cstdint>
#include <vector>

#include "models/common/dataflow.hpp"
#include "models/systolic/systolic_timing.hpp"

namespace sasim::oracle {

// A dense row-major int64 matrix.
struct Matrix {
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<int64_t> v;
    Matrix() = default;
    Matrix(int64_t r, int64_t c) : rows(r), cols(c), v(static_cast<size_t>(r * c), 0) {}
    int64_t& at(int64_t r, int64_t c) { return v[static_cast<size_t>(r * cols + c)]; }
    int64_t at(int64_t r, int64_t c) const { return v[static_cast<size_t>(r * cols + c)]; }
};

// One register's content: an operand, a partial sum or a stationary value. A slot without data
// (valid = false) still moves: it is the timing token that carries the wavefront through the
// unused rows and columns of a partial fold, so a fold always spans the full array.
struct Slot {
    bool present = false;  // a stream slot occupies this register
    bool valid = false;    // it carries real data
    int64_t value = 0;
    int64_t tag = 0;    // stream index: k for os, t (row of A / column of B) for ws, is
    bool last = false;  // last slot of the fold's stream
};

struct Pe {
    Slot h;           // operand moving right (os, ws: A; is: B)
    Slot v;           // moving down: os: the B operand; ws, is: the partial sum
    int64_t acc = 0;  // os: accumulator
    Slot w;           // ws, is: active stationary operand
    Slot w_load;      // ws, is: load chain (second register with preload), shifts down
};

// What the controller drives into the array for one cycle.
struct EdgeInputs {
    std::vector<Slot> left;   // per row: the streamed operand
    std::vector<Slot> top;    // per column: os: B operand; ws, is: load chain input
    bool shift_load = false;  // ws, is: shift every load chain one PE down
    bool swap = false;        // ws, is: every PE copies its load register into w
};

// The PE grid. State is double-buffered: step() computes every PE's next registers from the
// current ones (its own and its left / upper neighbour's), then swaps.
class PeArray {
public:
    PeArray(Dataflow df, ArrayShape shape);
    EdgeInputs idle_inputs() const;  // no data, no control
    void step(const EdgeInputs& in);
    const Pe& pe(int64_t i, int64_t j) const { return cur_[index(i, j)]; }
    void reset_os_accumulators();
    int64_t cycles() const { return cycles_; }
    int64_t macs() const { return macs_; }  // MACs with two real operands

private:
    size_t index(int64_t i, int64_t j) const { return static_cast<size_t>(i * shape_.cols + j); }
    Pe next_os(int64_t i, int64_t j, const EdgeInputs& in);
    Pe next_stationary(int64_t i, int64_t j, const EdgeInputs& in);

    Dataflow df_;
    ArrayShape shape_;
    std::vector<Pe> cur_;
    std::vector<Pe> next_;
    int64_t cycles_ = 0;
    int64_t macs_ = 0;
};

struct OracleResult {
    Matrix out;          // M x N
    int64_t cycles = 0;  // cycles stepped, all folds
    int64_t macs = 0;    // MACs on real data; M*N*K if nothing is lost or repeated
};

// Runs out = A (M x K) * B (K x N) on the array, folds ordered column fold outer, row fold
// inner (as fold_geometry() cuts them); partial sums of row folds accumulate outside the array.
OracleResult run_gemm(Dataflow df, ArrayShape shape, bool preload, const Matrix& A,
                      const Matrix& B);

}  // namespace sasim::oracle
