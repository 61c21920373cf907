// Exact fold counts of the SCALE-Sim timing model (systolic_timing), each derived by hand in
// the comment above it: SCALE-Sim's published numbers, non-square arrays (which of R and C each
// term uses), partial folds and preload. Leaves out: random shapes (tests/oracle does those).
#include "models/systolic/systolic_timing.hpp"

#include <catch2/catch.hpp>

#include "sim/workload/layer.hpp"

namespace sasim {
namespace {

struct Expect {
    int64_t row_folds, col_folds, T, busy;
    double efficiency;
};

void check_summary(Dataflow df, GemmShape g, ArrayShape a, bool preload, const Expect& e) {
    INFO(to_string(df) << " M=" << g.M << " N=" << g.N << " K=" << g.K << " on " << a.rows << "x"
                       << a.cols << (preload ? " preload" : ""));
    const LayerFoldSummary s = layer_fold_summary(df, g, a, preload);
    CHECK(s.geom.row_folds == e.row_folds);
    CHECK(s.geom.col_folds == e.col_folds);
    CHECK(s.geom.T == e.T);
    CHECK(s.busy_cycles == e.busy);
    CHECK(s.scalesim_cycles == e.busy - 1);
    // Every fold streams all of T, whole folds or partial: stream = folds x T (the model sums
    // stream_cycles fold by fold; this is its closed form from the hand-derived folds and T).
    CHECK(s.stream_cycles == e.row_folds * e.col_folds * e.T);
    CHECK(s.mapping_efficiency == e.efficiency);
}

}  // namespace

TEST_CASE("systolic timing: SCALE-Sim AlexNet conv1, ws on 32x32", "[systolic]") {
    Layer L;
    L.H = L.W = 224;
    L.C = 3;
    L.K = 96;
    L.R = L.S = 11;
    L.stride_h = L.stride_w = 4;
    L.rule = OutputRule::scalesim;
    // P = ceil((224 - 11 + 4) / 4) = ceil(54.25) = 55; M = 55*55 = 3025, K = 11*11*3 = 363.
    CHECK(L.P() == 55);
    CHECK(L.Q() == 55);
    const GemmShape g = L.gemm();
    CHECK(g.M == 3025);
    CHECK(g.N == 96);
    CHECK(g.K == 363);
    // ws: 12 row folds (363/32) x 3 col folds (96/32) = 36 folds; T = M = 3025;
    // fold = 32 + 3025 + 31 + 31 = 3119; 36*3119 = 112284; SCALE-Sim: 112284 - 1 = 112283.
    // Efficiency 363*96 / (36*1024) = 34848 / 36864 = 0.9453125.
    const LayerFoldSummary s = layer_fold_summary(Dataflow::ws, g, {32, 32}, false);
    CHECK(s.scalesim_cycles == 112283);
    CHECK(s.mapping_efficiency == 0.9453125);
    // load 36*32 = 1152, stream 36*3025 = 108900, skew 36*62 = 2232.
    CHECK(s.load_cycles == 1152);
    CHECK(s.stream_cycles == 108900);
    CHECK(s.skew_cycles == 2232);
}

TEST_CASE("systolic timing: SCALE-Sim GEMM 256x128x256 regression on 32x32", "[systolic]") {
    const GemmShape g{256, 128, 256};
    // ws: Sr = K = 256 -> 8, Sc = N = 128 -> 4: 32 folds; fold = 32 + 256 + 62 = 350;
    // 32*350 = 11200 -> 11199.
    check_summary(Dataflow::ws, g, {32, 32}, false, {8, 4, 256, 11200, 1.0});
    // os: Sr = M = 256 -> 8, Sc = N = 128 -> 4: 32 folds; fold = 256 + 62 = 318;
    // 32*318 = 10176 -> 10175.
    check_summary(Dataflow::os, g, {32, 32}, false, {8, 4, 256, 10176, 1.0});
    // is: Sr = K = 256 -> 8, Sc = M = 256 -> 8: 64 folds; fold = 32 + 128 + 62 = 222;
    // 64*222 = 14208 -> 14207.
    check_summary(Dataflow::is, g, {32, 32}, false, {8, 8, 128, 14208, 1.0});
    CHECK(layer_fold_summary(Dataflow::ws, g, {32, 32}, false).scalesim_cycles == 11199);
    CHECK(layer_fold_summary(Dataflow::os, g, {32, 32}, false).scalesim_cycles == 10175);
    CHECK(layer_fold_summary(Dataflow::is, g, {32, 32}, false).scalesim_cycles == 14207);
}

TEST_CASE("systolic timing: non-square arrays, os", "[systolic]") {
    // M=16 N=8 K=5. 8 rows x 16 cols: Sr = M = 16 -> 2 row folds, Sc = N = 8 -> 1 col fold;
    // fold = 5 + 7 + 15 = 27; 2*27 = 54; efficiency 16*8 / (2*128) = 0.5.
    check_summary(Dataflow::os, {16, 8, 5}, {8, 16}, false, {2, 1, 5, 54, 0.5});
    // 16 rows x 8 cols: 1 x 1 fold of 5 + 15 + 7 = 27; efficiency 128/128 = 1.
    check_summary(Dataflow::os, {16, 8, 5}, {16, 8}, false, {1, 1, 5, 27, 1.0});
    const FoldCycles c = fold_cycles(Dataflow::os, {8, 16}, 5, true, false);
    CHECK(c.load == 0);
    CHECK(c.stream == 5);
    CHECK(c.skew == 7 + 15);
}

TEST_CASE("systolic timing: non-square arrays, ws", "[systolic]") {
    // M=20 N=16 K=8. 8 rows x 16 cols: Sr = K = 8 -> 1, Sc = N = 16 -> 1; T = 20;
    // fold = 8 (load, R) + 20 + 7 + 15 = 50.
    check_summary(Dataflow::ws, {20, 16, 8}, {8, 16}, false, {1, 1, 20, 50, 1.0});
    // 16 rows x 8 cols: Sr = 8 -> 1, Sc = 16 -> 2; fold = 16 + 20 + 15 + 7 = 58; 2*58 = 116;
    // efficiency 8*16 / (2*128) = 0.5.
    check_summary(Dataflow::ws, {20, 16, 8}, {16, 8}, false, {1, 2, 20, 116, 0.5});
    const FoldCycles c = fold_cycles(Dataflow::ws, {8, 16}, 20, true, false);
    CHECK(c.load == 8);  // R, not C
    CHECK(c.total() == 50);
}

TEST_CASE("systolic timing: non-square arrays, is", "[systolic]") {
    // M=16 N=20 K=8. 8 rows x 16 cols: Sr = K = 8 -> 1, Sc = M = 16 -> 1; T = N = 20;
    // fold = 8 + 20 + 7 + 15 = 50.
    check_summary(Dataflow::is, {16, 20, 8}, {8, 16}, false, {1, 1, 20, 50, 1.0});
    // 16 rows x 8 cols: Sr = 8 -> 1, Sc = 16 -> 2; fold = 16 + 20 + 15 + 7 = 58; 2*58 = 116.
    check_summary(Dataflow::is, {16, 20, 8}, {16, 8}, false, {1, 2, 20, 116, 0.5});
    const FoldCycles c = fold_cycles(Dataflow::is, {16, 8}, 20, true, false);
    CHECK(c.load == 16);
    CHECK(c.skew == 15 + 7);
}

TEST_CASE("systolic timing: partial folds cost a full fold", "[systolic]") {
    // ws M=10 N=20 K=13 on 4x8: Sr = 13 -> 4 row folds (4,4,4,1), Sc = 20 -> 3 (8,8,4);
    // 12 folds of 4 + 10 + 3 + 7 = 24 -> 288; efficiency 13*20 / (12*32) = 260/384.
    check_summary(Dataflow::ws, {10, 20, 13}, {4, 8}, false, {4, 3, 10, 288, 260.0 / 384.0});
    const FoldGeometry f = fold_geometry(Dataflow::ws, {10, 20, 13}, {4, 8});
    CHECK(f.rows_used(0, 4) == 4);
    CHECK(f.rows_used(3, 4) == 1);
    CHECK(f.cols_used(1, 8) == 8);
    CHECK(f.cols_used(2, 8) == 4);
    // os M=10 N=5 K=7 on 4x4: Sr = 10 -> 3 (4,4,2), Sc = 5 -> 2 (4,1); 6 folds of
    // 7 + 3 + 3 = 13 -> 78; efficiency 50/96.
    check_summary(Dataflow::os, {10, 5, 7}, {4, 4}, false, {3, 2, 7, 78, 50.0 / 96.0});
    // is M=9 N=6 K=5 on 4x4: Sr = K = 5 -> 2 (4,1), Sc = M = 9 -> 3 (4,4,1); T = 6;
    // 6 folds of 4 + 6 + 3 + 3 = 16 -> 96; efficiency 45/96.
    check_summary(Dataflow::is, {9, 6, 5}, {4, 4}, false, {2, 3, 6, 96, 45.0 / 96.0});
}

TEST_CASE("systolic timing: preload exposes max(0, R - T) load after the first fold",
          "[systolic]") {
    const ArrayShape a{8, 8};
    CHECK(fold_cycles(Dataflow::ws, a, 3, true, true).load == 8);    // first fold: all R
    CHECK(fold_cycles(Dataflow::ws, a, 3, false, true).load == 5);   // 8 - 3
    CHECK(fold_cycles(Dataflow::ws, a, 3, false, false).load == 8);  // no preload
    CHECK(fold_cycles(Dataflow::ws, a, 8, false, true).load == 0);   // T = R
    CHECK(fold_cycles(Dataflow::is, a, 20, false, true).load == 0);  // T > R
    CHECK(fold_cycles(Dataflow::os, a, 3, false, true).load == 0);   // nothing to load
    // ws M=3 N=8 K=16 on 8x8: 2 row folds, T = 3. First 8 + 3 + 14 = 25, second
    // max(0, 8-3) + 3 + 14 = 22: 47 (plain 2*25 = 50). load 8 + 5 = 13, stream 6, skew 28.
    check_summary(Dataflow::ws, {3, 8, 16}, a, true, {2, 1, 3, 47, 1.0});
    check_summary(Dataflow::ws, {3, 8, 16}, a, false, {2, 1, 3, 50, 1.0});
    const LayerFoldSummary s = layer_fold_summary(Dataflow::ws, {3, 8, 16}, a, true);
    CHECK(s.load_cycles == 13);
    CHECK(s.stream_cycles == 6);
    CHECK(s.skew_cycles == 28);
    // ws M=20 N=8 K=16 on 8x8: T = 20 >= R: (8 + 20 + 14) + (0 + 20 + 14) = 76 (plain 84).
    check_summary(Dataflow::ws, {20, 8, 16}, a, true, {2, 1, 20, 76, 1.0});
    // is M=8 N=2 K=8 on 4x4: 2 x 2 folds, T = 2. (4 + 2 + 6) + 3*(2 + 2 + 6) = 42 (plain 48).
    check_summary(Dataflow::is, {8, 2, 8}, {4, 4}, true, {2, 2, 2, 42, 1.0});
    // A single fold has nothing to hide behind: ws M=3 N=8 K=8 on 8x8 = 8 + 3 + 14 = 25.
    check_summary(Dataflow::ws, {3, 8, 8}, a, true, {1, 1, 3, 25, 1.0});
    // os ignores preload: M=8 N=8 K=5 on 4x4: 4 folds of 5 + 3 + 3 = 11 -> 44.
    check_summary(Dataflow::os, {8, 8, 5}, {4, 4}, true, {2, 2, 5, 44, 1.0});
}

}  // namespace sasim
