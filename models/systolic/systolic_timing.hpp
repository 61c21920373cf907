// Fold timing of a systolic array (plain C++, no SystemC): SCALE-Sim's published model.
//
// Models: how a GEMM is cut into folds of at most rows x cols, and how many cycles one fold
// takes per dataflow. Leaves out: memory (the array module waits for data separately).
//
// Per dataflow (R rows, C cols; Sr/Sc spatial extents, T the streamed extent):
//   os: Sr = M, Sc = N, T = K. fold = T + (R-1) + (C-1)              (operand skew in, no load)
//   ws: Sr = K, Sc = N, T = M. fold = R + T + (R-1) + (C-1)          (R cycles to shift weights in)
//   is: Sr = K, Sc = M, T = N. fold = R + T + (R-1) + (C-1)          (R cycles to shift ifmap in)
// Every fold, even a partial one, costs a full fold (the skew spans the whole array).
// SCALE-Sim reports the index of the last cycle, i.e. (sum of folds) - 1; see layer_cycles().
#pragma once
#include <cstdint>

#include "models/common/dataflow.hpp"
#include "models/common/gemm.hpp"

namespace sasim {

struct ArrayShape {
    int64_t rows = 0;
    int64_t cols = 0;
    int64_t pes() const { return rows * cols; }
};

// Where the GEMM dimensions land on the array for a dataflow.
struct FoldGeometry {
    int64_t Sr = 0;  // extent mapped onto array rows
    int64_t Sc = 0;  // extent mapped onto array columns
    int64_t T = 0;   // extent streamed through time
    int64_t row_folds = 0;
    int64_t col_folds = 0;
    int64_t folds() const { return row_folds * col_folds; }
    // Rows / cols used by fold (fr, fc): the last fold along a dimension may be partial.
    int64_t rows_used(int64_t fr, int64_t array_rows) const;
    int64_t cols_used(int64_t fc, int64_t array_cols) const;
};

FoldGeometry fold_geometry(Dataflow df, const GemmShape& g, const ArrayShape& a);

// The cycles of one fold, split by what they are spent on.
struct FoldCycles {
    int64_t load = 0;    // shifting the stationary operand into the PEs (ws, is)
    int64_t stream = 0;  // T cycles in which PEs do MACs (the useful part)
    int64_t skew = 0;    // pipeline fill and drain: (R-1) + (C-1)
    int64_t total() const { return load + stream + skew; }
};

// preload: PEs hold a second stationary register (as TPUs do), so the next fold's operand is
// shifted in during the current fold's T streaming cycles (not during its skew); a fold after
// the first then exposes only max(0, R - T) load cycles. SCALE-Sim has no preload.
FoldCycles fold_cycles(Dataflow df, const ArrayShape& a, int64_t T, bool first_fold, bool preload);

// Closed form for a whole GEMM with ideal memory, as SCALE-Sim reports it.
struct LayerFoldSummary {
    FoldGeometry geom;
    int64_t load_cycles = 0;
    int64_t stream_cycles = 0;
    int64_t skew_cycles = 0;
    int64_t busy_cycles = 0;        // sum of fold cycles
    int64_t scalesim_cycles = 0;    // busy_cycles - 1: SCALE-Sim's "total cycles"
    double mapping_efficiency = 0;  // mean over folds of used PEs / PEs
};

LayerFoldSummary layer_fold_summary(Dataflow df, const GemmShape& g, const ArrayShape& a,
                                    bool preload);

}  // namespace sasim
