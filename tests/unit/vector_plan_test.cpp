// The vector layers' part of the program, without SystemC: the layers that run (batch, fused
// activations, lowered matmuls), where vector layers' tensors live, how VectorPlan cuts a
// layer into tiles and which DRAM addresses each tile reads and writes (both layouts), the
// events VectorWalker yields, and the fused activation's cycles on an array layer's steps.
// Addresses and sizes are derived by hand in the comments (1-byte words unless said).
#include <catch2/catch.hpp>
#include <vector>

#include "sim/mapping/program.hpp"
#include "sim/mapping/vector_walker.hpp"
#include "support/layers.hpp"

namespace sasim {

using test::conv;
using test::vec;

namespace {

Config small(int64_t kb = 1) {
    Config c = default_config();
    c.sram.ifmap_kb = c.sram.filter_kb = c.sram.ofmap_kb = kb;
    return c;
}

LayerPlacement place_one(const Layer& l) { return place_layers({l}, 1, 4)[0]; }

std::vector<ProgramEvent> events(ProgramWalker& w) {
    std::vector<ProgramEvent> out;
    ProgramEvent e;
    while (w.next(e)) out.push_back(e);
    return out;
}

}  // namespace

TEST_CASE("vector program: batch, fused activations and lowered matmuls", "[vector]") {
    Config cfg = default_config();
    cfg.workload.batch = 2;
    Layer mm = conv("mm", 8, 6, 4, 4, 1, 1, 1, 0, 2, 3);  // 3 images, 2 heads
    mm.type = LayerType::matmul;
    const std::vector<Layer> ls = {
        conv("c", 3, 8, 8, 8, 3, 3, 1, 1), vec("r", LayerType::relu, 8, 8, 8),
        vec("s", LayerType::sigmoid, 8, 8, 8), mm, vec("big", LayerType::relu, 8, 4, 8)};
    const std::vector<RunLayer> run = run_layers(ls, cfg);
    // c absorbs r (the activation right after it, 8x8x8 = its output); s stays a layer of its
    // own (it follows an activation); the matmul's next relu has 2x the elements of its output.
    REQUIRE(run.size() == 4);
    CHECK(run[0].layer.name == "c");
    CHECK(run[0].layer.N == 2);
    REQUIRE(run[0].fused);
    CHECK(run[0].fused->name == "r");
    CHECK(run[0].fused->N == 2);
    CHECK(run[1].layer.name == "s");
    CHECK_FALSE(run[1].fused);
    // 3 images x 2 (batch) = 6 per head: lowered to 12 groups of one image, C and K x 6.
    CHECK(run[2].layer.N == 1);
    CHECK(run[2].layer.groups == 12);
    CHECK(run[2].layer.C == 48);
    CHECK(run[2].layer.K == 36);
    CHECK_FALSE(run[2].fused);
    cfg.vector.fuse_activation = false;
    CHECK(run_layers(ls, cfg).size() == 5);
}

// conv 3 -> 8 on 8x8 (3x3, pad 1), maxpool 2x2 / 2 of its output, add of the pool's output:
//   conv: ifmap 0 (192 B) | filter 4096 (216 B) | ofmap 8192 (512 B) | psum 12288 (2048 B)
//   pool: ifmap = conv's ofmap 8192 | no filter, no psum: ofmap 16384 (128 B)
//   add:  ifmap = pool's ofmap 16384 | second input 20480 (128 B) | ofmap 24576
TEST_CASE("vector program: vector layers' tensors in DRAM", "[vector]") {
    const std::vector<LayerPlacement> p = place_layers(
        {conv("c", 3, 8, 8, 8, 3, 3, 1, 1), vec("p", LayerType::maxpool, 8, 8, 8, 2, 2, 2),
         vec("a", LayerType::add, 8, 4, 4)},
        1, 4);
    CHECK(p[0].ofmap.base == 8192);
    CHECK(p[0].end == 16384);
    CHECK(p[1].ifmap.base == 8192);
    CHECK(p[1].ofmap.base == 16384);
    CHECK(p[1].end == 20480);
    CHECK(p[2].ifmap.base == 16384);
    CHECK(p[2].filter_base == 20480);
    CHECK(p[2].ofmap.base == 24576);
    CHECK(p[2].end == 28672);
}

// relu of 1000 elements, 1 KiB scratchpads: 512 fit half of each, a multiple of 32 lanes.
TEST_CASE("vector plan: elementwise tiles are runs in memory order", "[vector]") {
    const Layer l = vec("r", LayerType::relu, 10, 10, 10);
    const VectorPlan v(l, place_one(l), small());
    REQUIRE(v.tiles() == 2);
    const VectorTile t = v.tile(1);
    CHECK(t.in == 488);
    CHECK(t.out == 488);
    REQUIRE(t.in_addr.size() == 1);
    CHECK(t.in_addr[0].base == 512);
    CHECK(t.in_addr[0].bytes() == 488);
    CHECK(t.out_addr[0].base == 4096 + 512);  // the ofmap follows the 1000 B ifmap
    CHECK(v.describe() == "vector tiles=2 elements=512");
}

// gap of 4 planes of 16x16 (1024 elements), tiles of 512: NCHW completes planes 0-1 and 2-3;
// NHWC completes the image's 4 outputs with the second tile only.
TEST_CASE("vector plan: gap writes the planes or images a tile completes", "[vector]") {
    const Layer l = vec("g", LayerType::gap, 4, 16, 16);
    Config cfg = small();
    cfg.mapping.layout = TensorLayout::nchw;
    const VectorPlan a(l, place_one(l), cfg);
    REQUIRE(a.tiles() == 2);
    CHECK(a.tile(0).out == 2);
    CHECK(a.tile(1).out == 2);
    CHECK(a.tile(1).out_addr[0].base == 4096 + 2);
    cfg.mapping.layout = TensorLayout::nhwc;
    const VectorPlan b(l, place_one(l), cfg);
    CHECK(b.tile(0).out == 0);
    CHECK(b.tile(0).out_addr.empty());
    CHECK(b.tile(1).out == 4);
    CHECK(b.tile(1).out_addr[0].base == 4096);
    // 1024 adds + 4 scales in all.
    CHECK(b.work().alu == 1028);
}

// maxpool 3x3 / 2 of 16 channels of 8x8: P = Q = 3; its windows read columns 0..6 and rows
// 2p..2p+2. NHWC: a band of one output row needs 3 rows x 7 columns x 16 channels = 336 B, two
// rows' 5 x 112 = 560 B do not fit 512: 3 tiles, one output row each, all channels. The band of
// row 1 reads rows 2..4: from 2 x 8 x 16 = 256, 3 runs of 7 x 16 = 112 B, 128 apart.
TEST_CASE("vector plan: NHWC pooling reads bands of rows with every channel", "[vector]") {
    const Layer l = vec("p", LayerType::maxpool, 16, 8, 8, 3, 3, 2);
    const VectorPlan v(l, place_one(l), small());
    REQUIRE(v.tiles() == 3);
    const VectorTile t = v.tile(1);
    CHECK(t.in == 336);
    CHECK(t.out == 48);
    REQUIRE(t.in_addr.size() == 1);
    CHECK(t.in_addr[0].base == 256);
    CHECK(t.in_addr[0].run == 112);
    CHECK(t.in_addr[0].count[0] == 3);
    CHECK(t.in_addr[0].stride[0] == 128);
    // Output row 1: 3 pixels x 16 channels, contiguous, after row 0's 48 B (ofmap at 4096).
    CHECK(t.out_addr[0].base == 4096 + 48);
    CHECK(t.out_addr[0].bytes() == 48);
    CHECK(t.work.alu == 48 * 9);
    CHECK(v.describe() == "vector tiles=3 channels=16 out_rows=1");
}

// The same pooling in NCHW: a whole plane reads 7 x 7 = 49 B and writes 9 B; 512 / 49 = 10
// planes per tile: 2 tiles (10 and 6 channels). Tile 1 starts at channel 10 (10 x 64 = 640):
// runs of 7 B (a row's 7 columns), 7 rows 8 apart, 6 planes 64 apart.
TEST_CASE("vector plan: NCHW pooling reads whole channel planes", "[vector]") {
    const Layer l = vec("p", LayerType::maxpool, 16, 8, 8, 3, 3, 2);
    Config cfg = small();
    cfg.mapping.layout = TensorLayout::nchw;
    const VectorPlan v(l, place_one(l), cfg);
    REQUIRE(v.tiles() == 2);
    const VectorTile t = v.tile(1);
    CHECK(t.in == 6 * 49);
    CHECK(t.out == 6 * 9);
    REQUIRE(t.in_addr.size() == 1);
    CHECK(t.in_addr[0].base == 640);
    CHECK(t.in_addr[0].run == 7);
    CHECK(t.in_addr[0].count == std::array<int64_t, 3>{7, 6, 1});
    CHECK(t.in_addr[0].stride[0] == 8);
    CHECK(t.in_addr[0].stride[1] == 64);
    CHECK(t.out_addr[0].base == 4096 + 10 * 9);
    CHECK(t.out_addr[0].bytes() == 54);
}

// lrn (size 5) over 1024 channels of one pixel: a pixel's channels exceed 512 B, so blocks of
// 512 - 4 = 508 channels, each reading 2 neighbours on either side: [506, 1018) for block 1.
TEST_CASE("vector plan: lrn blocks of channels read their neighbours", "[vector]") {
    const Layer l = vec("n", LayerType::lrn, 1024, 1, 1, 5);
    const VectorPlan v(l, place_one(l), small());
    REQUIRE(v.tiles() == 3);
    const VectorTile t = v.tile(1);
    CHECK(t.in == 512);
    CHECK(t.out == 508);
    CHECK(t.in_addr[0].base == 506);
    CHECK(t.in_addr[0].bytes() == 512);
    CHECK(t.out_addr[0].base == 4096 + 508);
    CHECK(v.tile(2).in == 1024 - 1014);  // channels [1014, 1024) for outputs [1016, 1024)
}

// add of 1000 elements: per tile the input into the ifmap scratchpad, the second input into
// the filter scratchpad, a step for the vector unit, its store, then both released.
TEST_CASE("vector walker: add's events, tile by tile", "[vector]") {
    const Layer l = vec("a", LayerType::add, 10, 10, 10);
    const VectorPlan v(l, place_one(l), small());
    VectorWalker w(v);
    const std::vector<ProgramEvent> e = events(w);
    REQUIRE(e.size() == 10);  // per tile: 2 fills, 1 step, 2 releases
    CHECK(e[0].kind == ProgramEvent::kFill);
    CHECK(e[0].fill.op == Operand::ifmap);
    CHECK(e[1].fill.op == Operand::filter);
    CHECK(e[1].fill.addr[0].base == 4096);  // the second input's region
    const StepCmd& s = e[7].step;
    REQUIRE(e[7].kind == ProgramEvent::kStep);
    CHECK(s.unit == ExecUnit::vector);
    CHECK(s.index == 1);
    CHECK(s.fills == 2);
    CHECK(e[5].fill.id == 2);
    CHECK(e[5].fill.need == 1);
    CHECK(s.stream_cycles == 16);  // ceil(488 / 32)
    CHECK(s.skew_cycles == 4);
    CHECK(s.store.id == 1);
    CHECK(s.store.bytes == 488);
    CHECK(s.store.addr[0].base == 8192 + 512);
    CHECK(s.sram_read_bytes[1] == 488);
    CHECK(e[8].kind == ProgramEvent::kRelease);
    CHECK(e[9].release.op == Operand::filter);
    CHECK(e[9].release.bytes == 488);
}

// affine: its 2 x 4 parameters are filled before the first tile and released after the last.
TEST_CASE("vector walker: an affine's parameters are held for the layer", "[vector]") {
    const Layer l = vec("b", LayerType::affine, 4, 16, 16);  // 1024 elements: 2 tiles
    const VectorPlan v(l, place_one(l), small());
    VectorWalker w(v);
    const std::vector<ProgramEvent> e = events(w);
    REQUIRE(e.size() == 8);
    CHECK(e[0].fill.op == Operand::filter);
    CHECK(e[0].fill.bytes == 8);
    CHECK(e[2].step.fills == 2);
    CHECK(e[2].step.sram_read_bytes[1] == 8);  // read into the lanes with the first tile
    CHECK(e[3].release.op == Operand::ifmap);
    CHECK(e[7].release.op == Operand::filter);
    CHECK(e[7].release.bytes == 8);
}

// fc 4 -> 8 on a 4x4 ws array with a sigmoid fused on 1 lane: each step stores 4 final outputs
// needing 4 x (1 + 4 + 8) = 52 lane cycles within its stream 1 + skew 6 = 7: 45 more each.
TEST_CASE("vector walker: a fused activation's cycles on the steps that store", "[vector]") {
    Config cfg = default_config();
    cfg.array.rows = cfg.array.cols = 4;
    cfg.vector.lanes = 1;
    const TiledProgram p({test::fc("fc", 1, 4, 8), vec("s", LayerType::sigmoid, 8, 1, 1)}, cfg);
    REQUIRE(p.num_layers() == 1);
    auto w = p.walk(0);
    int64_t fused = 0, steps = 0;
    for (const ProgramEvent& e : events(*w)) {
        if (e.kind != ProgramEvent::kStep) continue;
        ++steps;
        CHECK(e.step.stream_cycles + e.step.skew_cycles == 7);
        fused += e.step.fused_cycles;
    }
    CHECK(steps == 2);
    CHECK(fused == 90);
    CHECK(p.plan(0).vector_unit_work().ops() == 8 * 3);
}

}  // namespace sasim

namespace sasim {

// The tile size rule (vector_plan.hpp): at most what fits, at most 1/8 of the layer, never
// below what the DMA keeps in flight (8 packets x 1024 B = 8192 one-byte elements by default),
// in whole lane groups (32).
TEST_CASE("vector plan: tiles of at least 1/8 of the layer, at most what the DMA has in flight",
          "[vector]") {
    const Config cfg = default_config();  // 256 KiB ifmap, 512 KiB ofmap: half fits 131072
    // relu of 64x64x256 = 1,048,576 elements: 1/8 = 131,072 (= what half of 256 KiB holds): 8.
    const Layer big = vec("big", LayerType::relu, 256, 64, 64);
    CHECK(VectorPlan(big, place_one(big), cfg).tiles() == 8);
    // 20,000 elements: 1/8 = 2,500 < 8,192 in flight: tiles of 8,192, 3 of them.
    const Layer mid = vec("mid", LayerType::relu, 20, 25, 40);
    CHECK(VectorPlan(mid, place_one(mid), cfg).tiles() == 3);
    // 384 elements: one tile of all of them (not of 8,192).
    const Layer tiny = vec("tiny", LayerType::relu, 6, 8, 8);
    const VectorPlan t(tiny, place_one(tiny), cfg);
    CHECK(t.tiles() == 1);
    CHECK(t.max_store_bytes() == 384);
    // LRN (AlexNet's norm1: 96 channels x 55x55 pixels): blocks of every channel, at least 8
    // per image: ceil(3025 / 8) = 379 pixels (379 x 96 = 36,384 B >= 8,192 in flight).
    Layer lrn = vec("norm1", LayerType::lrn, 96, 55, 55, 5);
    const VectorPlan n(lrn, place_one(lrn), cfg);
    CHECK(n.tiles() == 8);
    CHECK(n.describe() == "vector tiles=8 channels=96 pixels=379");
    // Doubling the scratchpads changes none of them: the tiles were already below what fits.
    Config twice = cfg;
    twice.sram.ifmap_kb *= 2;
    twice.sram.ofmap_kb *= 2;
    CHECK(VectorPlan(big, place_one(big), twice).tiles() == 8);
    CHECK(VectorPlan(mid, place_one(mid), twice).tiles() == 3);
    CHECK(VectorPlan(lrn, place_one(lrn), twice).describe() == n.describe());
}

}  // namespace sasim
