// The vector unit in the whole SystemC system with ideal memory (ideal DRAM, an unlimited
// zero-latency link, unlimited scratchpad ports): no stalls, so each vector layer takes the sum
// over its tiles of ceil(lane cycles / lanes) + the pipeline's cycles, minus 1 (SCALE-Sim's
// convention, as for the array). Defaults: 32 lanes; alu 1, exp 4, div 8 lane cycles; pipeline
// 4 cycles; 1-byte words; every scratchpad 1 KiB (a tile holds half: 512 bytes).
// One simulate() per TEST_CASE.
#include <catch2/catch.hpp>
#include <vector>

#include "sim/mapping/program.hpp"
#include "sim/run/system.hpp"
#include "support/layers.hpp"

namespace sasim {

using test::vec;
namespace {

Config ideal_config() {
    Config c = default_config();
    c.array.rows = c.array.cols = 4;
    c.sram.ifmap_kb = c.sram.filter_kb = c.sram.ofmap_kb = 1;
    c.dram.model = DramModel::ideal;
    c.interconnect.bytes_per_cycle = 0;
    c.interconnect.latency_cycles = 0;
    c.sram.bank_width_bytes = 0;
    return c;
}

struct Want {
    int64_t total, ideal, fill_drain, ops, dram_read, dram_write;
};

void check(const LayerResult& r, const Want& w) {
    INFO("layer " << r.name);
    CHECK(r.total_cycles == w.total);
    CHECK(r.ideal_cycles == w.ideal);
    CHECK(r.fill_drain_cycles == w.fill_drain);
    CHECK(r.vector_ops == w.ops);
    CHECK(r.dram_read_bytes == w.dram_read);
    CHECK(r.dram_write_bytes == w.dram_write);
    CHECK(r.stall_cycles == 0);
    CHECK(r.macs == 0);
    // The stack adds up: ideal + mapping loss + fill/drain (+ stalls, here 0) = total.
    CHECK(r.ideal_cycles + r.mapping_loss_cycles + r.fill_drain_cycles + r.stall_cycles ==
          r.total_cycles);
}

}  // namespace

TEST_CASE("vector unit: every op on a tiny shape, cycles derived by hand", "[vector]") {
    using T = LayerType;
    const std::vector<Layer> ls = {
        vec("relu", T::relu, 4, 10, 10),               // 400 elements, one tile
        vec("relu2", T::relu, 10, 10, 10),             // 1000 elements: tiles of 512 and 488
        vec("sigm", T::sigmoid, 1, 10, 10),            // 100 elements
        vec("clip", T::clip, 4, 4, 4),                 // 64 elements
        vec("add", T::add, 4, 10, 10),                 // 400 + 400 elements in, 400 out
        vec("aff", T::affine, 4, 4, 4),                // 64 elements, 2 * 4 parameters
        vec("maxp", T::maxpool, 2, 8, 8, 3, 3, 2, 0),  // 3x3 stride 2: 8x8 -> 3x3
        vec("avgp", T::avgpool, 2, 8, 8, 3, 3, 2, 1),  // pad 1: 8x8 -> 4x4
        vec("gap", T::gap, 3, 5, 5),                   // 3 planes of 25 -> 3 outputs
        vec("lrn", T::lrn, 8, 4, 4, 5),                // size 5 across 8 channels of 4x4
        vec("smax", T::softmax, 10, 3, 1),             // 3 rows of 10
        vec("lnorm", T::layernorm, 16, 4, 1),          // 4 rows of 16
        vec("tr", T::transpose, 4, 4, 4),              // 64 elements moved
        vec("mul", T::mul, 2, 4, 4),                   // 32 + 32 elements in, 32 out
        vec("tanh", T::tanh, 1, 4, 4),                 // 16 elements
    };
    const Config cfg = ideal_config();
    const RunResult r = simulate(cfg, TiledProgram(ls, cfg));
    REQUIRE(r.layers.size() == ls.size());
    // relu: ceil(400 * 1 / 32) = 13, + 4 pipeline = 17 cycles -> total 16; fill_drain 4 - 1.
    check(r.layers[0], {16, 13, 3, 400, 400, 400});
    // relu2: tiles of 512 and 488: 512 / 32 = 16, ceil(488 / 32) = 16; 16 + 4 + 16 + 4 = 40
    // -> 39; ideal ceil(1000 / 32) = 32; fill_drain 2 * 4 - 1 = 7.
    check(r.layers[1], {39, 32, 7, 1000, 1000, 1000});
    // sigmoid: 100 x (exp 4 + alu 1 + div 8) = 1300 lane cycles; ceil(1300 / 32) = 41, + 4 = 45.
    check(r.layers[2], {44, 41, 3, 300, 100, 100});
    // clip: 64 x 2 alu = 128 / 32 = 4, + 4 = 8.
    check(r.layers[3], {7, 4, 3, 128, 64, 64});
    // add: 400 alu -> 13, + 4 = 17; reads both inputs.
    check(r.layers[4], {16, 13, 3, 400, 800, 400});
    // affine: 64 alu -> 2, + 4 = 6; reads 64 elements and 2 * 4 parameters.
    check(r.layers[5], {5, 2, 3, 64, 72, 64});
    // maxpool: 2 x 3 x 3 = 18 outputs x 9 compares = 162 -> ceil(162 / 32) = 6, + 4 = 10.
    // Reads the 7 x 7 input rows and columns the windows touch per plane: 2 x 49 = 98.
    check(r.layers[6], {9, 6, 3, 162, 98, 18});
    // avgpool: 2 x 4 x 4 = 32 outputs x (9 adds + 1 scale) = 320 -> 10, + 4 = 14. pad 1: the
    // windows touch all 8 x 8 inputs: 2 x 64 = 128.
    check(r.layers[7], {13, 10, 3, 320, 128, 32});
    // gap: 75 adds + 3 scales = 78 -> ceil(78 / 32) = 3, + 4 = 7.
    check(r.layers[8], {6, 3, 3, 78, 75, 3});
    // lrn: 128 elements x (5 + 1 alu + 1 exp): 768 + 128 x 4 = 1280 lane cycles -> 40, + 4 = 44.
    check(r.layers[9], {43, 40, 3, 128 * 7, 128, 128});
    // softmax: 30 x (3 alu + exp 4) + 3 rows x div 8 = 90 + 120 + 24 = 234 -> 8, + 4 = 12.
    check(r.layers[10], {11, 8, 3, 90 + 30 + 3, 30, 30});
    // layernorm: 64 x 4 alu + 4 rows x div 8 = 256 + 32 = 288 -> 9, + 4 = 13.
    check(r.layers[11], {12, 9, 3, 256 + 4, 64, 64});
    // transpose: 64 moves -> 2, + 4 = 6.
    check(r.layers[12], {5, 2, 3, 64, 64, 64});
    // mul: 32 alu -> 1, + 4 = 5; reads both inputs.
    check(r.layers[13], {4, 1, 3, 32, 64, 32});
    // tanh: 16 x (4 + 1 + 8) = 208 lane cycles -> ceil(208 / 32) = 7, + 4 = 11.
    check(r.layers[14], {10, 7, 3, 48, 16, 16});
}

TEST_CASE("vector unit: a fused activation slower than the array adds its cycles", "[vector]") {
    // fc 4 -> 8 on a 4x4 ws array: 2 column folds of R + T + (R-1) + (C-1) = 4 + 1 + 3 + 3 = 11
    // cycles: 22 - 1 = 21 alone. Each fold's chunk drains 1 x 4 final outputs over its stream
    // + skew = 1 + 6 = 7 cycles; a fused sigmoid on 1 lane needs 4 x (1 + 4 + 8) = 52 cycles:
    // 52 - 7 = 45 more per chunk, 90 in all: 21 + 90 = 111.
    Config cfg = ideal_config();
    cfg.vector.lanes = 1;
    const std::vector<Layer> ls = {test::fc("fc", 1, 4, 8), vec("s", LayerType::sigmoid, 8, 1, 1)};
    const RunResult r = simulate(cfg, TiledProgram(ls, cfg));
    REQUIRE(r.layers.size() == 1);  // the sigmoid has no row of its own
    const LayerResult& l = r.layers[0];
    CHECK(l.fused == "s");
    CHECK(l.fused_activation_cycles == 90);
    CHECK(l.total_cycles == 111);
    CHECK(l.vector_ops == 8 * 3);
    CHECK(l.bottleneck == "fused_activation");
    CHECK(l.ideal_cycles + l.mapping_loss_cycles + l.load_cycles + l.fill_drain_cycles +
              l.fused_activation_cycles + l.stall_cycles ==
          l.total_cycles);
}

TEST_CASE("vector unit: a fused ReLU that keeps up costs nothing", "[vector]") {
    // The same fc with a ReLU on 4 lanes: 4 outputs x 1 / 4 = 1 cycle <= 7: total stays 21.
    Config cfg = ideal_config();
    cfg.vector.lanes = 4;
    const std::vector<Layer> ls = {test::fc("fc", 1, 4, 8), vec("r", LayerType::relu, 8, 1, 1)};
    const RunResult r = simulate(cfg, TiledProgram(ls, cfg));
    REQUIRE(r.layers.size() == 1);
    CHECK(r.layers[0].total_cycles == 21);
    CHECK(r.layers[0].fused_activation_cycles == 0);
    CHECK(r.layers[0].vector_ops == 8);
}

TEST_CASE("vector unit: batch multiplies every layer's work", "[vector]") {
    // workload.batch = 3: the relu of 400 elements becomes 1200: tiles of 512, 512, 176:
    // 16 + 16 + ceil(176 / 32) = 6 -> 38 compute + 3 x 4 pipeline = 50 -> total 49.
    Config cfg = ideal_config();
    cfg.workload.batch = 3;
    const std::vector<Layer> ls = {vec("relu", LayerType::relu, 4, 10, 10)};
    const RunResult r = simulate(cfg, TiledProgram(ls, cfg));
    check(r.layers[0], {49, 38, 11, 1200, 1200, 1200});
}

}  // namespace sasim

// With memory: default_config()'s bandwidth DRAM (16 GB/s: a 64 B burst takes 4 cycles; 100
// cycles of latency), a 32 B/cycle link with 4 cycles of latency, 1024 B DMA packets, 8 in
// flight; the DMA's rules and the stall causes' are those of system_bandwidth_test.cpp. A vector
// layer's tensors: the ifmap at address 0, the filter region (add's second input) at 4096, the
// ofmap after it (4 KiB-aligned regions).
namespace sasim {
namespace {

LayerResult run_vector(const Config& cfg, const Layer& l) {
    const RunResult r = simulate(cfg, TiledProgram({l}, cfg));
    REQUIRE(r.layers.size() == 1);
    return r.layers[0];
}

}  // namespace

// (m1) relu of 64 elements: one tile. Program: fill 0 ifmap 64 B, step 0 (ceil(64 / 32) = 2
// lane cycles, 4 pipeline cycles), store 0 of 64 B.
//   fill:  link latency 4 -> DRAM at 4, one burst 4..8, +100 -> 108; data crosses the link
//          108..110 (64 B at 32 B/cycle) -> 110: stall_ifmap 110
//   compute 2 + pipeline 4 -> 116; store: link 116..118, +4 -> DRAM 122..126, +100 -> 226:
//          stall_ofmap 110
// Elapsed 226, total 225. Causes (stall_attribution.hpp; one packet in flight at a time): the
// fill's 110 = [0,4) nothing on a bus, latency 4; [4,8) the DRAM bus, bandwidth 4; [8,108)
// latency 100; [108,110) the link, interconnect 2; the store's the same in another order:
// latency 208, interconnect 4, bandwidth 8.
TEST_CASE("vector unit with memory: (m1) one tile exposes the fill's and the store's latency",
          "[vector][bandwidth]") {
    const LayerResult x = run_vector(default_config(), test::vec("r", LayerType::relu, 4, 4, 4));
    CHECK(x.stall_ifmap_cycles == 110);
    CHECK(x.stall_ofmap_cycles == 110);
    CHECK(x.stall_cycles == 220);
    CHECK(x.total_cycles == 225);
    CHECK(x.ideal_cycles == 2);
    CHECK(x.fill_drain_cycles == 3);
    CHECK(x.stall_dram_latency_cycles == 208);
    CHECK(x.stall_interconnect_cycles == 4);
    CHECK(x.stall_dram_bandwidth_cycles == 8);
    CHECK(x.dram_read_bytes == 64);
    CHECK(x.dram_write_bytes == 64);
    CHECK(x.bottleneck == "stall_dram_latency");
}

// (m2) add of two 64-element tensors: fill 0 ifmap 64 B (from 0), fill 1 filter 64 B (the
// second input, from 4096), both needed by step 0.
//   fill 0: DRAM 4..8, +100 -> 108, link 108..110 -> 110: stall_ifmap 110
//   fill 1: DRAM 8..12, +100 -> 112, link 112..114 -> 114: stall_filter 4
//   compute 2 + pipeline 4 -> 120; store: link 120..122, DRAM 126..130, +100 -> 230:
//   stall_ofmap 110. Elapsed 230, total 229.
// Causes, moment by moment: packets in flight 2 from 0, 1 from 110, 0 from 114, 1 from 120;
// DRAM queue [4,8) (fill 1 waits for the bus); DRAM bus [4,12), [126,130); link [108,110),
// [112,114), [120,122).
//   fill 0 [0,110): [0,4) latency 4; [4,8) DRAM queue, bandwidth 4; [8,12) the bus with 2 in
//     flight, bandwidth 2 + latency 2; [12,108) latency 96; [108,110) the link with 2 in
//     flight, interconnect 1 + latency 1 -> (103, 1, 6)
//   fill 1 [110,114): one in flight: [110,112) latency 2, [112,114) the link, interconnect 2
//   store [120,230): [120,122) link 2, [122,126) latency 4, [126,130) bandwidth 4, latency 100
// Latency 103 + 2 + 104 = 209, interconnect 1 + 2 + 2 = 5, bandwidth 6 + 4 = 10.
TEST_CASE(
    "vector unit with memory: (m2) add waits for its second input in the filter "
    "scratchpad",
    "[vector][bandwidth]") {
    const LayerResult x = run_vector(default_config(), test::vec("a", LayerType::add, 4, 4, 4));
    CHECK(x.stall_ifmap_cycles == 110);
    CHECK(x.stall_filter_cycles == 4);
    CHECK(x.stall_ofmap_cycles == 110);
    CHECK(x.total_cycles == 229);
    CHECK(x.stall_dram_latency_cycles == 209);
    CHECK(x.stall_interconnect_cycles == 5);
    CHECK(x.stall_dram_bandwidth_cycles == 10);
    CHECK(x.dram_bytes[0] == 64);
    CHECK(x.dram_bytes[1] == 64);
    CHECK(x.dram_bytes[2] == 64);
}

// (m3) relu of 1000 elements with 1 KiB scratchpads: tiles of 512 and 488 elements, both
// fills in flight at once (512 + 488 B fit the ifmap scratchpad), one packet each.
//   fill 0: DRAM 8 bursts 4..36, +100 -> 136, link 136..152 -> 152
//   fill 1: DRAM 36..68, +100 -> 168, link 168..184 (488 B: 16 cycles) -> 184
//   tile 0: stall_ifmap 152, compute 16 + pipeline 4 -> 172; store 0 (512 B) reaches the link
//           at 172 behind fill 1's data: 184..200, +4 -> DRAM 204..236, +100 -> 336
//   tile 1: stall_ifmap 12 -> 184, compute 16 + pipeline 4 -> 204; store 1 (488 B; 512 + 488
//           fit the ofmap scratchpad): link 204..220, +4 -> 224, DRAM behind store 0:
//           236..268, +100 -> 368: stall_ofmap 164
// Elapsed 368, total 367. Causes, moment by moment (stall_attribution.hpp):
//   fill 0 [0,152), 2 in flight: [0,4) latency 4; [4,36) fill 1 queued at the DRAM, bandwidth
//     32; [36,68) fill 1 on the bus, bandwidth 16 + latency 16; [68,136) latency 68; [136,152)
//     fill 0 on the link, interconnect 8 + latency 8 -> (96, 8, 48)
//   fill 1 [172,184): store 0 queued for the link (fill 1's data on it) -> interconnect 12
//   final stores [204,368), 2 in flight until 336: [204,220) store 0 on the DRAM bus, store 1
//     on the link: bandwidth 8 + interconnect 8; [220,224) the bus: bandwidth 2 + latency 2;
//     [224,236) store 1 queued at the DRAM: bandwidth 12; [236,268) store 1 on the bus:
//     bandwidth 16 + latency 16; [268,336) latency 68; [336,368) one in flight, latency 32
//     -> (118, 8, 38)
// Latency 96 + 118 = 214, interconnect 8 + 12 + 8 = 28, bandwidth 48 + 38 = 86.
TEST_CASE("vector unit with memory: (m3) the next tile's fill overlaps the current tile",
          "[vector][bandwidth]") {
    Config cfg = default_config();
    cfg.sram.ifmap_kb = cfg.sram.filter_kb = cfg.sram.ofmap_kb = 1;
    const LayerResult x = run_vector(cfg, test::vec("r", LayerType::relu, 10, 10, 10));
    CHECK(x.stall_ifmap_cycles == 164);
    CHECK(x.stall_ofmap_cycles == 164);
    CHECK(x.total_cycles == 367);
    CHECK(x.ideal_cycles == 32);  // ceil(1000 / 32)
    CHECK(x.fill_drain_cycles == 7);
    CHECK(x.stall_dram_latency_cycles == 214);
    CHECK(x.stall_interconnect_cycles == 28);
    CHECK(x.stall_dram_bandwidth_cycles == 86);
    CHECK(x.dram_read_bytes == 1000);
    CHECK(x.dram_write_bytes == 1000);
}

}  // namespace sasim
