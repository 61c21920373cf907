// The whole SystemC system with ideal memory (ideal DRAM, an unlimited zero-latency link):
// under SCALE-Sim's mapping every layer's cycles equal SCALE-Sim's closed form, summed over
// groups with the -1 taken once per layer, with no stall, and each part of the cycle stack
// equals the fold model's; under the mapper's own choice they equal the cost model's compute
// cycles (t tiles add their loads and drains), never fewer than SCALE-Sim's. One simulate() per
// TEST_CASE.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/systolic/systolic_timing.hpp"
#include "sim/run/system.hpp"
#include "sim/mapping/program.hpp"
#include "support/layers.hpp"

namespace sasim {

using test::conv;
using test::fc;
namespace {

// A handful of shapes: padding, stride with groups, 1x1, fc with a batch, and a larger padded
// conv that needs several chunks per fold (and spills partial sums) in the 1 KiB config.
std::vector<Layer> layers() {
    return {
        conv("pad", 3, 10, 9, 9, 3, 3, 1, 1),         // M = 81, N = 10, K = 27
        conv("grp", 8, 12, 10, 10, 3, 3, 2, 1, 4),    // 4 groups of M = 25, N = 3, K = 18
        conv("pw", 16, 20, 6, 6, 1, 1, 1, 0),         // M = 36, N = 20, K = 16
        fc("fc", 2, 100, 30),                         // M = 2, N = 30, K = 100
        conv("big", 4, 8, 24, 24, 3, 3, 1, 1, 1, 2),  // M = 1152, N = 8, K = 36
        conv("dw", 6, 6, 7, 7, 3, 3, 1, 0, 6),        // depthwise: 6 groups of M = 25, N = 1, K = 9
    };
}

Config ideal_config(Dataflow df, int64_t rows, int64_t cols, int64_t sram_kb, bool preload,
                    MapStrategy strategy = MapStrategy::scalesim) {
    Config c = default_config();
    c.mapping.strategy = strategy;
    c.array.rows = rows;
    c.array.cols = cols;
    c.array.dataflow = df;
    c.array.preload = preload;
    c.sram.ifmap_kb = c.sram.filter_kb = c.sram.ofmap_kb = sram_kb;
    c.dram.model = DramModel::ideal;
    c.interconnect.bytes_per_cycle = 0;  // an unlimited link ...
    c.interconnect.latency_cycles = 0;   // ... with no latency,
    c.sram.bank_width_bytes = 0;         // and unlimited scratchpad ports: memory never stalls
    return c;
}

// Simulates the layers and checks each against the fold model's closed form.
//   groups == 1: total = busy - 1 = scalesim_cycles.
//   groups  > 1: the fold model runs once per group and the -1 is taken once per layer:
//     total = groups x busy - 1 (not groups x scalesim_cycles = groups x busy - groups).
//   With preload only the layer's first fold (of group 0) loads all R rows; every other fold,
//   a later group's first fold included, exposes max(0, R - T): each later group saves
//   first.load - rest.load on top of what layer_fold_summary() already counts.
void check_closed_form(const Config& cfg, const std::vector<Layer>& ls) {
    const TiledProgram program(ls, cfg);
    const RunResult r = simulate(cfg, program);
    REQUIRE(r.layers.size() == ls.size());
    const ArrayShape a{cfg.array.rows, cfg.array.cols};
    for (size_t i = 0; i < ls.size(); ++i) {
        const Layer& l = ls[i];
        const LayerResult& x = r.layers[i];
        const Dataflow df = cfg.array.dataflow;
        const LayerFoldSummary s = layer_fold_summary(df, l.gemm(), a, cfg.array.preload);
        const FoldCycles first = fold_cycles(df, a, s.geom.T, true, cfg.array.preload);
        const FoldCycles rest = fold_cycles(df, a, s.geom.T, false, cfg.array.preload);
        const int64_t g = l.groups;
        const int64_t busy = g * s.busy_cycles - (g - 1) * (first.load - rest.load);
        INFO(x.name << " on " << a.rows << "x" << a.cols << " " << to_string(df)
                    << (cfg.array.preload ? " preload" : "") << ", steps "
                    << program.layer(static_cast<int64_t>(i)).steps);
        CHECK(x.total_cycles == busy - 1);
        if (g == 1) CHECK(x.total_cycles == s.scalesim_cycles);
        CHECK(x.stall_cycles == 0);
        CHECK(x.stall_ifmap_cycles == 0);
        CHECK(x.stall_filter_cycles == 0);
        CHECK(x.stall_ofmap_cycles == 0);
        CHECK(x.load_cycles == g * s.load_cycles - (g - 1) * (first.load - rest.load));
        CHECK(x.fill_drain_cycles == g * s.skew_cycles - 1);
        CHECK(x.ideal_cycles == (l.macs() + a.pes() - 1) / a.pes());
        CHECK(x.mapping_loss_cycles == g * s.stream_cycles - x.ideal_cycles);
        CHECK(x.mapping_efficiency_pct == Approx(100.0 * s.mapping_efficiency));
        CHECK(x.folds == g * s.geom.folds());
        CHECK(x.macs == l.macs());
    }
}

// The mapper's own mapping: with ideal memory nothing stalls, and the simulated cycles are the
// cost model's closed form for the chosen loop nest (compute_cycles, less SCALE-Sim's 1).
void check_auto(const Config& cfg, const std::vector<Layer>& ls) {
    const TiledProgram program(ls, cfg);
    const RunResult r = simulate(cfg, program);
    REQUIRE(r.layers.size() == ls.size());
    const ArrayShape a{cfg.array.rows, cfg.array.cols};
    for (size_t i = 0; i < ls.size(); ++i) {
        const LayerResult& x = r.layers[i];
        const LayerPlan& p = program.plan(static_cast<int64_t>(i));
        INFO(x.name << ": " << x.mapping);
        CHECK(x.total_cycles == p.cost.compute_cycles - 1);
        CHECK(x.stall_cycles == 0);
        const LayerFoldSummary s =
            layer_fold_summary(cfg.array.dataflow, ls[i].gemm(), a, cfg.array.preload);
        CHECK(x.total_cycles >= ls[i].groups * s.busy_cycles - 1 -
                                    (ls[i].groups - 1) * (cfg.array.preload ? a.rows : 0));
    }
}

}  // namespace

// Sanity of the claim above on the grouped layer, by hand (ws, 8x6 array):
//   grp: per group M = 25, N = 3, K = 18 -> Sr = 18 (3 row folds), Sc = 3 (1 col fold), T = 25.
//   fold = 8 + 25 + 7 + 5 = 45; 3 folds -> busy 135 per group; 4 groups -> 540, total 539
//   (SCALE-Sim per group would be 134, x 4 = 536).
TEST_CASE("system ideal: a grouped layer takes the -1 once, by hand", "[system][ideal]") {
    const Config cfg = ideal_config(Dataflow::ws, 8, 6, 256, false);
    const std::vector<Layer> ls = {conv("grp", 8, 12, 10, 10, 3, 3, 2, 1, 4)};
    const RunResult r = simulate(cfg, TiledProgram(ls, cfg));
    CHECK(r.layers[0].total_cycles == 539);
    const LayerFoldSummary s = layer_fold_summary(Dataflow::ws, ls[0].gemm(), {8, 6}, false);
    CHECK(s.scalesim_cycles == 134);
    CHECK(r.layers[0].total_cycles == 4 * s.scalesim_cycles + 3);  // not 4 x 134 = 536
    CHECK(r.layers[0].stall_cycles == 0);
    CHECK(r.layers[0].load_cycles == 4 * 3 * 8);
    CHECK(r.layers[0].fill_drain_cycles == 4 * 3 * 12 - 1);
}

TEST_CASE("system ideal: ws on 8x6 equals the closed form", "[system][ideal]") {
    check_closed_form(ideal_config(Dataflow::ws, 8, 6, 256, false), layers());
}

TEST_CASE("system ideal: os on 8x6 equals the closed form", "[system][ideal]") {
    check_closed_form(ideal_config(Dataflow::os, 8, 6, 256, false), layers());
}

TEST_CASE("system ideal: is on 8x6 equals the closed form", "[system][ideal]") {
    check_closed_form(ideal_config(Dataflow::is, 8, 6, 256, false), layers());
}

// 1 KiB scratchpads: several chunks per fold, streamed operands and spilled partial sums.
// Chunking changes the traffic, never the cycles, when memory is ideal.
TEST_CASE("system ideal: ws with 1 KiB scratchpads (chunks, psum spill)", "[system][ideal]") {
    check_closed_form(ideal_config(Dataflow::ws, 8, 6, 1, false), layers());
}

TEST_CASE("system ideal: os with 1 KiB scratchpads (chunks)", "[system][ideal]") {
    check_closed_form(ideal_config(Dataflow::os, 8, 6, 1, false), layers());
}

TEST_CASE("system ideal: is with 1 KiB scratchpads (chunks, psum spill)", "[system][ideal]") {
    check_closed_form(ideal_config(Dataflow::is, 8, 6, 1, false), layers());
}

TEST_CASE("system ideal: ws with preload on 5x7", "[system][ideal]") {
    check_closed_form(ideal_config(Dataflow::ws, 5, 7, 256, true), layers());
}

TEST_CASE("system ideal: the mapper's choice on 8x6 ws, 1 KiB, runs at its computed cycles",
          "[system][ideal]") {
    check_auto(ideal_config(Dataflow::ws, 8, 6, 1, false, MapStrategy::automatic), layers());
}

TEST_CASE("system ideal: the mapper's choice on 8x6 is, 1 KiB, runs at its computed cycles",
          "[system][ideal]") {
    check_auto(ideal_config(Dataflow::is, 8, 6, 1, false, MapStrategy::automatic), layers());
}

TEST_CASE("system ideal: is with preload on 16x4 (load partly exposed)", "[system][ideal]") {
    // is: T = N (filters) is small for most of these layers, so max(0, 16 - T) > 0.
    check_closed_form(ideal_config(Dataflow::is, 16, 4, 256, true), layers());
}

}  // namespace sasim
