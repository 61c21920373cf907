#include "models/systolic/systolic_timing.hpp"

#include <algorithm>

namespace sasim {

namespace {
int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

int64_t FoldGeometry::rows_used(int64_t fr, int64_t array_rows) const {
    return std::min(array_rows, Sr - fr * array_rows);
}

int64_t FoldGeometry::cols_used(int64_t fc, int64_t array_cols) const {
    return std::min(array_cols, Sc - fc * array_cols);
}

FoldGeometry fold_geometry(Dataflow df, const GemmShape& g, const ArrayShape& a) {
    FoldGeometry f;
    switch (df) {
        case Dataflow::os:
            f.Sr = g.M;
            f.Sc = g.N;
            f.T = g.K;
            break;
        case Dataflow::ws:
            f.Sr = g.K;
            f.Sc = g.N;
            f.T = g.M;
            break;
        case Dataflow::is:
            f.Sr = g.K;
            f.Sc = g.M;
            f.T = g.N;
            break;
    }
    f.row_folds = ceil_div(f.Sr, a.rows);
    f.col_folds = ceil_div(f.Sc, a.cols);
    return f;
}

FoldCycles fold_cycles(Dataflow df, const ArrayShape& a, int64_t T, bool first_fold, bool preload) {
    FoldCycles c;
    c.stream = T;
    c.skew = (a.rows - 1) + (a.cols - 1);
    if (df != Dataflow::os) {
        // The stationary operand enters one array row per cycle. With preload it enters during
        // the previous fold's T streaming cycles, so only the excess is exposed.
        c.load = (preload && !first_fold) ? std::max<int64_t>(0, a.rows - T) : a.rows;
    }
    return c;
}

LayerFoldSummary layer_fold_summary(Dataflow df, const GemmShape& g, const ArrayShape& a,
                                    bool preload) {
    LayerFoldSummary s;
    s.geom = fold_geometry(df, g, a);
    const int64_t n = s.geom.folds();
    if (n == 0) return s;  // no work (an empty GEMM): no cycles, efficiency 0
    const FoldCycles first = fold_cycles(df, a, s.geom.T, true, preload);
    const FoldCycles rest = fold_cycles(df, a, s.geom.T, false, preload);
    s.load_cycles = first.load + (n - 1) * rest.load;
    s.stream_cycles = n * s.geom.T;
    s.skew_cycles = n * first.skew;
    s.busy_cycles = s.load_cycles + s.stream_cycles + s.skew_cycles;
    s.scalesim_cycles = s.busy_cycles - 1;
    // Sum over folds of used rows x used cols = Sr x Sc, since the used extents tile Sr and Sc.
    s.mapping_efficiency = static_cast<double>(s.geom.Sr) * static_cast<double>(s.geom.Sc) /
                           (static_cast<double>(n) * static_cast<double>(a.pes()));
    return s;
}

}  // namespace sasim
