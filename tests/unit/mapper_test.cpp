// The mapper's rules by hand (plain C++, no SystemC): tile counts, fold executions, DRAM bytes
// per operand at each level, partial-sum spills, buffering, SCALE-Sim's step rule; `auto` never
// above `scalesim` in DRAM bytes; an independent brute-force count of the bytes a mapping
// fetches (its own loop-nest walk and im2col) against the cost model and the walker's fills;
// mapping_text round trips.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "sim/config/config.hpp"
#include "sim/mapping/band.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/mapping/program.hpp"
#include "sim/workload/workload.hpp"
#include "support/files.hpp"
#include "support/layers.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

MappedLayer mapped(const Layer& l, Dataflow df, int64_t rows, int64_t cols) {
    MappedLayer ml;
    ml.layer = l;
    LayerShape& s = ml.shape;
    s.df = df;
    s.arr = {rows, cols};
    s.gemm = l.gemm();
    s.fg = fold_geometry(df, s.gemm, s.arr);
    s.roles = roles_of(df);
    s.groups = l.groups;
    s.word_bytes = 1;
    s.psum_bytes = 4;
    s.P = l.P();
    s.Q = l.Q();
    ml.place = place_layers({l}, 1, 4)[0];
    return ml;
}

MemorySupply ideal_memory() {
    MemorySupply m;
    m.bytes_per_cycle = 0;
    m.latency_cycles = 0;
    return m;
}

Mapping make(std::array<Loop, 3> order, int64_t tile, int64_t step, int ifmap, int filter,
             bool psum_onchip = true) {
    Mapping m;
    m.order = order;
    m.tile = tile;
    m.step = step;
    m.level[0] = ifmap;
    m.level[1] = filter;
    m.psum_onchip = psum_onchip;
    return m;
}

constexpr int64_t kBig = int64_t{1} << 30;
const int64_t kRoomy[kOperands] = {kBig, kBig, kBig};

}  // namespace

// fc 8 -> 8 at batch 8 on a 4x4 ws array: GEMM M = 8 (images), N = 8, K = 8. ws: Sr = K = 8,
// Sc = N = 8, T = M = 8: 2 row folds (a) x 2 column folds (b). An fc ifmap element (image m,
// feature j) is one byte at m*8 + j, so an ifmap tile costs its element count.
TEST_CASE("mapper: fold executions, steps and compute of SCALE-Sim's loop order", "[mapper]") {
    const MappedLayer ml = mapped(fc("fc", 8, 8, 8), Dataflow::ws, 4, 4);
    CostModel cm(ml, ideal_memory(), kRoomy);
    // b>a>t, t innermost (tile = T = 8), steps of 4: 2 x 2 = 4 fold executions, 2 steps each.
    const MapCost c = cm.evaluate(make({Loop::b, Loop::a, Loop::t}, 8, 4, kLevelStep, 2));
    REQUIRE(c.feasible);
    CHECK(c.fold_execs == 4);
    CHECK(c.steps == 8);
    // A ws fold: load R = 4 + stream T = 8 + skew (R-1)+(C-1) = 6 -> 18; 4 folds = 72 cycles.
    CHECK(c.compute_cycles == 72);
    // t outside, tiles of 3: T = 8 -> 3 tiles (3, 3, 2), each a fold execution of its own:
    // 4 folds x 3 tiles = 12 executions; steps of 2: 2 + 2 + 1 = 5 per fold -> 20 steps;
    // cycles per fold: (4+3+6) + (4+3+6) + (4+2+6) = 38 -> x 4 = 152.
    const MapCost t = cm.evaluate(make({Loop::t, Loop::b, Loop::a}, 3, 2, kLevelStep, 3));
    CHECK(t.fold_execs == 12);
    CHECK(t.steps == 20);
    CHECK(t.compute_cycles == 152);
}

TEST_CASE("mapper: DRAM bytes per operand held whole, per loop and per step", "[mapper]") {
    const MappedLayer ml = mapped(fc("fc", 8, 8, 8), Dataflow::ws, 4, 4);
    CostModel cm(ml, ideal_memory(), kRoomy);
    const std::array<Loop, 3> bat = {Loop::b, Loop::a, Loop::t};
    // ifmap (sides t = M, a = K) per step: a step's tile is 4 images x 4 features = 16 bytes;
    // 2 steps x 2 row blocks = 4 tiles = 64 bytes per pass over M x K, re-read for each of the
    // 2 column folds (b, not a side) -> 128. Filter (sides a, b) per-K (level 2: held while t
    // runs): 4 x 4 = 16-byte tiles, one per (b, a): 4 tiles = 64 = the whole filter, once.
    MapCost c = cm.evaluate(make(bat, 8, 4, kLevelStep, 2));
    CHECK(c.read_bytes[0] == 128);
    CHECK(c.read_bytes[1] == 64);
    CHECK(c.need[0] == 16);
    CHECK(c.need[1] == 16);
    // ifmap whole: 64 bytes once; held whole, all of it at once.
    c = cm.evaluate(make(bat, 8, 4, kLevelWhole, 2));
    CHECK(c.read_bytes[0] == 64);
    CHECK(c.need[0] == 64);
    // Outputs: M x N = 64 bytes written once, whatever the inputs do.
    CHECK(c.write_bytes == 64);
    // t>b>a, tile 4: ifmap per-M (level 1) holds a 4-image x 8-feature tile (32 bytes) while
    // b and a run: 2 tiles, 64 bytes. b>t>a: per-M (level 2) is re-held for every column fold:
    // 2 x 2 x 32 = 128 bytes.
    c = cm.evaluate(make({Loop::t, Loop::b, Loop::a}, 4, 4, 1, 3));
    CHECK(c.read_bytes[0] == 64);
    CHECK(c.need[0] == 32);
    c = cm.evaluate(make({Loop::b, Loop::t, Loop::a}, 4, 4, 2, 3));
    CHECK(c.read_bytes[0] == 128);
    // The filter per-N (level 1 of b>t>a): a 4-filter block of all 8 features (32 bytes) per
    // column fold: 64 bytes; per fold execution (level 3) under t outside it is re-read for
    // each of the 2 t tiles: 2 x 64 = 128.
    c = cm.evaluate(make({Loop::b, Loop::t, Loop::a}, 4, 4, 2, 1));
    CHECK(c.read_bytes[1] == 64);
    CHECK(c.need[1] == 32);
    c = cm.evaluate(make({Loop::b, Loop::t, Loop::a}, 4, 4, 2, 3));
    CHECK(c.read_bytes[1] == 128);
}

TEST_CASE("mapper: partial sums spill both ways or stay on chip", "[mapper]") {
    const MappedLayer ml = mapped(fc("fc", 8, 8, 8), Dataflow::ws, 4, 4);
    CostModel cm(ml, ideal_memory(), kRoomy);
    // 2 row folds: the first row fold's sums (Sc x T = 8 x 8 of 4 bytes = 256) are stored and
    // read back once: 256 bytes each way, beside the 64 output bytes.
    const MapCost spill = cm.evaluate(make({Loop::b, Loop::a, Loop::t}, 8, 4, kLevelStep, 2, false));
    CHECK(spill.read_bytes[2] == 256);
    CHECK(spill.write_bytes == 64 + 256);
    CHECK(spill.accum_bytes == 0);
    // On chip under b>a>t: a column block (4) x all of T (8) accumulators of 4 bytes = 128.
    const MapCost chip = cm.evaluate(make({Loop::b, Loop::a, Loop::t}, 8, 4, kLevelStep, 2, true));
    CHECK(chip.read_bytes[2] == 0);
    CHECK(chip.write_bytes == 64);
    CHECK(chip.accum_bytes == 128);
    // a outermost (a>b>t): every column's sums wait for the next row fold: 8 x 8 x 4 = 256.
    CHECK(cm.accum_elems(make({Loop::a, Loop::b, Loop::t}, 8, 4, kLevelStep, 2)) == 64);
    // t>b>a with tiles of 2: only the tile's rows: 4 x 2 = 8 accumulators.
    CHECK(cm.accum_elems(make({Loop::t, Loop::b, Loop::a}, 2, 2, kLevelStep, 3)) == 8);
}

TEST_CASE("mapper: a scratchpad that cannot hold two tiles is single-buffered", "[mapper]") {
    const MappedLayer ml = mapped(fc("fc", 8, 8, 8), Dataflow::ws, 4, 4);
    MemorySupply mem;
    mem.bytes_per_cycle = 1;
    mem.latency_cycles = 10;
    const Mapping m = make({Loop::b, Loop::a, Loop::t}, 8, 4, kLevelStep, 2);
    // ifmap tiles of 16 bytes: 32 bytes hold two, 20 hold one.
    const int64_t two[kOperands] = {32, kBig, kBig}, one[kOperands] = {20, kBig, kBig};
    CostModel cm2(ml, mem, two), cm1(ml, mem, one);
    const MapCost d = cm2.evaluate(m), s = cm1.evaluate(m);
    REQUIRE(d.feasible);
    REQUIRE(s.feasible);  // never refused: it runs single-buffered
    CHECK(d.double_buffered[0]);
    CHECK(!s.double_buffered[0]);
    // Every one of the 8 ifmap refills is exposed: latency 10 + 16 bytes at 1 byte/cycle.
    CHECK(s.est_cycles == Approx(d.est_cycles + 8 * (10 + 16)));
    // 15 bytes cannot hold one tile: not feasible, and says which scratchpad.
    const int64_t none[kOperands] = {15, kBig, kBig};
    CostModel cm0(ml, mem, none);
    const MapCost n = cm0.evaluate(m);
    CHECK(!n.feasible);
    CHECK(n.why == "the ifmap scratchpad holds 15 bytes; this mapping needs 16");
}

// SCALE-Sim's mapping, ws: step = min(T, half the ifmap scratchpad / (R x word), half the ofmap
// scratchpad / (C x psum bytes)); the ifmap whole when it fits, else per step; the stationary
// filter per fold (level 2); partial sums on chip when T x C x psum + two output steps fit; then
// the step halves while a tile does not fit (never needed with the formula's step: an ifmap
// step's raw bytes never exceed its im2col block, step x R; a guard for steps of 1).
TEST_CASE("mapper: SCALE-Sim's mapping and its step-halving rule", "[mapper]") {
    // conv 3x3, 4 -> 4 channels on 6x6, pad 1: P = Q = 6, M = 36, K = 36, N = 4; 4x4 ws array:
    // T = 36, 9 row folds, 1 column fold.
    const MappedLayer ml = mapped(conv("c", 4, 4, 6, 6, 3, 3, 1, 1), Dataflow::ws, 4, 4);
    // ifmap 32 bytes: 16 / (4 x 1) = 4; ofmap 1024: 512 / (4 x 4) = 32 -> step 4. The whole
    // ifmap (6x6x4 = 144 bytes) does not fit 32. Partial sums: 36 x 4 x 4 = 576 + 2 x 4 x 4 x 1
    // = 608 <= 1024: on chip.
    const int64_t cap[kOperands] = {32, 1024, 1024};
    CostModel cm(ml, ideal_memory(), cap);
    CHECK(cm.whole_bytes(Operand::ifmap) == 144);
    CHECK(cm.whole_bytes(Operand::filter) == 144);
    const Mapping m = scalesim_mapping(ml.shape, cm);
    CHECK(m.order == std::array<Loop, 3>{Loop::b, Loop::a, Loop::t});
    CHECK(m.step == 4);
    CHECK(m.level[0] == kLevelStep);
    CHECK(m.level[1] == 2);
    CHECK(m.psum_onchip);
    const MapCost c = cm.evaluate(m);
    CHECK(c.feasible);
    // A step's ifmap tile is at most 4 pixels x 4 window columns = 16 bytes (half of 32);
    // accumulators 4 columns x 36 rows x 4 bytes = 576, plus a 16-byte output step.
    CHECK(c.need[0] == 16);
    CHECK(c.accum_bytes == 576);
    CHECK(c.need[2] == 16);
    // 2 ifmap bytes: 1 / 4 = 0 -> step 1, and one pixel's 4 window columns (up to 4 bytes)
    // still do not fit: halving stops at 1 and the mapping is refused, naming the key.
    const int64_t tiny[kOperands] = {2, 1024, 1024};
    CostModel small(ml, ideal_memory(), tiny);
    const Mapping t = scalesim_mapping(ml.shape, small);
    CHECK(t.step == 1);
    CHECK(!small.evaluate(t).feasible);
    MapperOptions opt;
    opt.strategy = MapStrategy::scalesim;
    CHECK_THROWS_WITH(choose_mapping(ml, small, opt),
                      Catch::Contains("sram.ifmap_kb = 0 KiB is too small"));
    // With room for everything: the step is T and the ifmap whole.
    CostModel roomy(ml, ideal_memory(), kRoomy);
    const Mapping r = scalesim_mapping(ml.shape, roomy);
    CHECK(r.step == 36);
    CHECK(r.level[0] == kLevelWhole);
    CHECK(r.level[1] == 2);
    CHECK(r.psum_onchip);
}

// Bands of M by hand: conv 3x3, 1 -> 2 channels on 6x6, no padding, 2 images: P = Q = 4, M =
// 2 x 16 = 32 pixels, K = 9, N = 2; 4x4 ws array (T = M: 9 window rows in 3 row folds, 1
// column fold). An image is 6 x 6 x 1 = 36 bytes; the filter 9 x 2 = 18; the outputs 32 x 2 = 64.
TEST_CASE("mapper: bands of M: counts, input rows per band with the halo, filter once or per "
          "band",
          "[mapper]") {
    const MappedLayer ml = mapped(conv("c", 1, 2, 6, 6, 3, 3, 1, 0, 1, 2), Dataflow::ws, 4, 4);
    const LayerShape& s = ml.shape;
    std::string why;
    // Whole images (16 pixels) or whole output rows of one image (4, 8, 12); not 20, 6 or all.
    CHECK(valid_band(s, 16, why));
    CHECK(valid_band(s, 8, why));
    CHECK(valid_band(s, 12, why));
    CHECK(!valid_band(s, 20, why));
    CHECK(!valid_band(s, 6, why));
    CHECK(!valid_band(s, 32, why));
    // 2 output rows (8 pixels): 2 bands per image, 4 in all: [0,8) [8,16) [16,24) [24,32).
    CHECK(band_count(s, 8) == 4);
    CHECK(band_at(s, 8, 2).lo == 16);
    CHECK(band_at(s, 8, 2).hi == 24);
    // 3 rows (12 pixels): per image rows 0-2 and row 3 alone: [0,12) [12,16) [16,28) [28,32).
    CHECK(band_count(s, 12) == 4);
    CHECK(band_at(s, 12, 1).lo == 12);
    CHECK(band_at(s, 12, 1).hi == 16);
    CHECK(band_at(s, 12, 3).lo == 28);
    // Classes of 12: the first band; image 1's rows 0-2 (1 band); row 3 (2 bands).
    const std::vector<BandClass> k = band_classes(s, 12);
    REQUIRE(k.size() == 3);
    CHECK(k[0].first);
    CHECK(k[1].span.lo == 16);
    CHECK(k[1].count == 1);
    CHECK(k[2].span.lo == 12);
    CHECK(k[2].count == 2);
    CostModel cm(ml, ideal_memory(), kRoomy);
    const std::array<Loop, 3> bat = {Loop::b, Loop::a, Loop::t};
    auto banded_map = [&](int64_t band, int filter) {
        Mapping m = make(bat, 0, 0, kLevelWhole, filter);
        m.band = band;
        const LayerShape bs = band_shape(s, band_at(s, band, 0).size());
        m.tile = m.step = bs.fg.T;
        return m;
    };
    // One image per band, ifmap whole per band: 36 bytes each, 72 in all (the tensor once);
    // the filter whole: 18 bytes, fetched by the first band only.
    MapCost c = cm.evaluate(banded_map(16, kLevelWhole));
    REQUIRE(c.feasible);
    CHECK(c.read_bytes[0] == 72);
    CHECK(c.read_bytes[1] == 18);
    CHECK(c.need[0] == 36);
    CHECK(c.write_bytes == 64);
    // 3 row folds x 1 column fold per band, one step each (step = the band's T = 16): 6.
    CHECK(c.fold_execs == 6);
    CHECK(c.steps == 6);
    // 2 output rows per band read input rows p .. p + 3 (4 rows x 6 x 1 = 24 bytes): 4 bands x
    // 24 = 96; rows 2 and 3 of each image (the halo, R - stride = 2 rows) are fetched twice.
    c = cm.evaluate(banded_map(8, kLevelWhole));
    CHECK(c.read_bytes[0] == 96);
    CHECK(c.need[0] == 24);
    CHECK(c.read_bytes[1] == 18);
    CHECK(c.write_bytes == 64);
    // 3 rows then 1: rows 0-4 (30 bytes) and rows 3-5 (18 bytes) per image: 2 x 48 = 96.
    c = cm.evaluate(banded_map(12, kLevelWhole));
    CHECK(c.read_bytes[0] == 96);
    CHECK(c.need[0] == 30);
    // The filter per-K (level 2 of b>a>t, held while t runs): all of it once per band, 4 x 18.
    c = cm.evaluate(banded_map(8, 2));
    CHECK(c.read_bytes[1] == 72);
    // The walker fetches the same, band by band.
    MappedLayer w = ml;
    w.map = banded_map(8, kLevelWhole);
    int64_t fetched[kOperands] = {0, 0, 0};
    MappedWalker walker(w);
    ProgramEvent e;
    while (walker.next(e))
        if (e.kind == ProgramEvent::kFill) fetched[static_cast<int>(e.fill.op)] += e.fill.bytes;
    CHECK(fetched[0] == 96);
    CHECK(fetched[1] == 18);
    CHECK(mapping_text(s, w.map) == "N>K>M band=8 tile=8 step=8 ifmap=whole filter=whole psum=chip");
    // mapping.from pins the band; the tile is the band's (t innermost streams its 8 pixels).
    Mapping back;
    REQUIRE(parse_mapping_text(s, "N>K>M band=8 tile=8 step=4 ifmap=whole filter=per-K psum=chip",
                               back, why));
    CHECK(back.band == 8);
    CHECK(!parse_mapping_text(s, "N>K>M band=8 tile=32 step=4 ifmap=whole filter=per-K psum=chip",
                              back, why));
    CHECK(!parse_mapping_text(s, "N>K>M band=20 tile=20 step=4 ifmap=whole filter=per-K psum=chip",
                              back, why));
    CHECK_THAT(why, Catch::Contains("neither whole images"));
}

namespace {

// The GEMM letter's range of a loop span, by its dimension letter.
struct Ranges {
    Span M, N, K;
};

// Raw ifmap byte addresses (NHWC, word 1) an im2col block of group g reads (padding excluded),
// and how many non-padding (pixel, tap) entries it has.
void im2col_block(const MappedLayer& ml, int64_t g, const Span& ms, const Span& js,
                  std::set<uint64_t>& distinct, int64_t& nonpad) {
    const Layer& l = ml.layer;
    const int64_t P = l.P(), Q = l.Q(), Cg = l.Cg();
    for (int64_t m = ms.lo; m < ms.hi; ++m)
        for (int64_t j = js.lo; j < js.hi; ++j) {
            const int64_t n = m / (P * Q), p = m / Q % P, q = m % Q;
            const int64_t r = j / (l.S * Cg), s = j / Cg % l.S, c = j % Cg + g * Cg;
            const int64_t h = p * l.stride_h - l.pad_h + r, w = q * l.stride_w - l.pad_w + s;
            if (h < 0 || h >= l.H || w < 0 || w >= l.W) continue;
            ++nonpad;
            distinct.insert(ml.place.ifmap.base +
                            static_cast<uint64_t>(((n * l.H + h) * l.W + w) * l.C + c));
        }
}

// The loop nest walked directly (not by the walker): per group, per fold execution, per step;
// an input tile at level 1..3 is fetched when the loop indices outside its level change, per
// step every step, whole once per group. Sums per operand: filter bytes exactly; ifmap between
// the distinct raw bytes of each tile and its im2col block (a tile is fetched as raw boxes,
// or gathered tap by tap when the boxes would move more than the block); and every raw byte
// any step reads.
// The ifmap held whole: per band, per image in it, the whole input rows its output rows' windows
// span (a row band's halo rows counted again by the next band).
struct BruteCount {
    int64_t filter = 0, ifmap_lo = 0, ifmap_hi = 0, ifmap_whole = 0;
    std::set<uint64_t> ifmap_needed;
};

BruteCount brute_count(const MappedLayer& ml) {
    const LayerShape& full = ml.shape;
    const Mapping& m = ml.map;
    BruteCount bc;
    // Bands of M listed here, independently of band.hpp: whole images, or runs of whole output
    // rows of one image.
    std::vector<Span> bands;
    const int64_t image = full.P * full.Q;
    if (m.band == 0 || m.band >= full.gemm.M) {
        bands.push_back({0, full.gemm.M});
    } else {
        for (int64_t lo = 0; lo < full.gemm.M;) {
            const int64_t end = m.band % image == 0 ? lo + m.band : std::min(lo + m.band, (lo / image + 1) * image);
            bands.push_back({lo, std::min(full.gemm.M, end)});
            lo = bands.back().hi;
        }
    }
    auto letter_span = [&](char d, const std::array<Span, 3>& sp) {
        for (Loop l : {Loop::a, Loop::b, Loop::t})
            if (loop_letter(full.df, l) == d) return sp[static_cast<size_t>(l)];
        return Span{};
    };
    for (int64_t g = 0; g < full.groups; ++g) {
      bool whole_done[2] = {false, false};
      for (const Span& band : bands) {
        LayerShape s = full;
        s.gemm.M = band.size();
        s.fg = fold_geometry(s.df, s.gemm, s.arr);
        std::array<int64_t, 3> last_key[2] = {{-1, -1, -1}, {-1, -1, -1}};
        whole_done[0] = false;  // the ifmap whole: the band's; the filter's stays
        const Layer& ly = ml.layer;
        for (int64_t mm = band.lo; mm < band.hi; mm += ly.Q()) {  // whole rows: per image
            const int64_t n = mm / image, p = mm / ly.Q() % ly.P();
            const int64_t last = std::min(band.hi, (n + 1) * image) - 1;  // of this image
            const int64_t p_last = last / ly.Q() % ly.P();
            const int64_t h0 = std::max<int64_t>(0, p * ly.stride_h - ly.pad_h);
            const int64_t h1 = std::min<int64_t>(ly.H, p_last * ly.stride_h - ly.pad_h + ly.R);
            if (g == 0 && h1 > h0) bc.ifmap_whole += (h1 - h0) * ly.W * ly.Cg() * full.groups;
            mm = last + 1 - ly.Q();
        }
        // M-letter spans of the band start at its first pixel.
        auto shift = [&](std::array<Span, 3> sp) {
            for (Loop l : {Loop::a, Loop::b, Loop::t})
                if (loop_letter(s.df, l) == 'M') {
                    sp[static_cast<size_t>(l)].lo += band.lo;
                    sp[static_cast<size_t>(l)].hi += band.lo;
                }
            return sp;
        };
        const int64_t n0 = s.trips(m.order[0], m), n1 = s.trips(m.order[1], m),
                      n2 = s.trips(m.order[2], m);
        for (int64_t i0 = 0; i0 < n0; ++i0)
            for (int64_t i1 = 0; i1 < n1; ++i1)
                for (int64_t i2 = 0; i2 < n2; ++i2) {
                    const std::array<int64_t, 3> idx = {i0, i1, i2};
                    std::array<Span, 3> block;  // by loop: the fold execution's block
                    for (int p = 0; p < 3; ++p) {
                        const Loop l = m.order[static_cast<size_t>(p)];
                        const int64_t b = s.block(l, m), i = idx[static_cast<size_t>(p)];
                        block[static_cast<size_t>(l)] = {i * b, std::min(s.extent(l), (i + 1) * b)};
                    }
                    const Span tt = block[2];
                    for (int64_t lo = tt.lo; lo < tt.hi; lo += m.step) {
                        std::array<Span, 3> step = block;
                        step[2] = {lo, std::min(tt.hi, lo + m.step)};
                        const Span M = letter_span('M', shift(step)), K = letter_span('K', step);
                        int64_t np = 0;
                        im2col_block(ml, g, M, K, bc.ifmap_needed, np);
                        for (Operand o : {Operand::ifmap, Operand::filter}) {
                            if (o == s.roles.X && s.df == Dataflow::os) continue;
                            const int oi = static_cast<int>(o);
                            int lv = m.level[oi];
                            std::array<Span, 3> sp;  // the tile's extent along each loop
                            if (lv == kLevelWhole) {
                                if (whole_done[oi]) continue;
                                whole_done[oi] = true;
                                for (Loop l : {Loop::a, Loop::b, Loop::t})
                                    sp[static_cast<size_t>(l)] = {0, s.extent(l)};
                            } else if (lv == kLevelStep && o != s.roles.X) {
                                sp = step;
                            } else {
                                if (lv == kLevelStep) lv = 3;
                                std::array<int64_t, 3> key = {-1, -1, -1};
                                for (int p = 0; p < lv; ++p) key[static_cast<size_t>(p)] = idx[static_cast<size_t>(p)];
                                if (key == last_key[oi]) continue;
                                last_key[oi] = key;
                                for (int p = 0; p < 3; ++p) {
                                    const Loop l = m.order[static_cast<size_t>(p)];
                                    sp[static_cast<size_t>(l)] =
                                        p < lv ? block[static_cast<size_t>(l)] : Span{0, s.extent(l)};
                                }
                            }
                            sp = shift(sp);
                            if (o == Operand::filter) {
                                bc.filter += letter_span('K', sp).size() * letter_span('N', sp).size();
                            } else {
                                std::set<uint64_t> d;
                                int64_t n = 0;
                                im2col_block(ml, g, letter_span('M', sp), letter_span('K', sp), d, n);
                                bc.ifmap_lo += static_cast<int64_t>(d.size());
                                bc.ifmap_hi += letter_span('M', sp).size() * letter_span('K', sp).size();
                                (void)n;
                            }
                        }
                    }
                }
      }
    }
    return bc;
}

// What the walker's fills fetch: bytes per operand and the distinct ifmap / filter bytes.
struct Fetched {
    int64_t bytes[kOperands] = {0, 0, 0};
    std::set<uint64_t> ifmap, filter;
};

Fetched walk_fills(const MappedLayer& ml) {
    Fetched f;
    MappedWalker w(ml);
    ProgramEvent e;
    while (w.next(e)) {
        if (e.kind != ProgramEvent::kFill) continue;
        f.bytes[static_cast<int>(e.fill.op)] += e.fill.bytes;
        if (e.fill.op == Operand::ofmap) continue;
        std::set<uint64_t>& set = e.fill.op == Operand::ifmap ? f.ifmap : f.filter;
        for (const AddrPattern& p : e.fill.addr)
            p.for_each_run([&](uint64_t a, int64_t n) {
                for (int64_t i = 0; i < n; ++i) set.insert(a + static_cast<uint64_t>(i));
            });
    }
    return f;
}

Layer random_layer(std::mt19937& rng) {
    auto pick = [&](int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    const int64_t groups = pick(1, 2);
    const int64_t R = pick(1, 3), S = pick(1, 3);
    const int64_t H = pick(R, 7), W = pick(S, 7);
    Layer l = conv("r", groups * pick(1, 4), groups * pick(1, 5), H, W, R, S, pick(1, 2),
                   pick(0, std::min<int64_t>(1, std::min(R, S) - 1)), groups, pick(1, 2));
    l.stride_w = pick(1, 2);
    return l;
}

// Half of them banded (whole images or whole output rows of one image, when the layer has a
// band); the rest of the mapping is of the first band's shape.
Mapping random_mapping(const LayerShape& full, std::mt19937& rng) {
    auto pick = [&](int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    std::vector<int64_t> bands;
    for (int64_t b = full.Q; b < full.gemm.M; b += full.Q)
        if (b % (full.P * full.Q) == 0 || b < full.P * full.Q) bands.push_back(b);
    int64_t band = 0;
    if (!bands.empty() && pick(0, 1) == 1)
        band = bands[static_cast<size_t>(pick(0, static_cast<int64_t>(bands.size()) - 1))];
    const LayerShape s = band ? band_shape(full, band_at(full, band, 0).size()) : full;
    static const std::array<std::array<Loop, 3>, 6> orders = {{
        {Loop::b, Loop::a, Loop::t}, {Loop::a, Loop::b, Loop::t}, {Loop::t, Loop::b, Loop::a},
        {Loop::t, Loop::a, Loop::b}, {Loop::b, Loop::t, Loop::a}, {Loop::a, Loop::t, Loop::b}}};
    Mapping m;
    m.order = orders[static_cast<size_t>(pick(0, s.df == Dataflow::os ? 1 : 5))];
    m.tile = m.t_innermost() ? s.fg.T : pick(1, s.fg.T);
    m.step = pick(1, s.block(Loop::t, m));
    for (Operand o : {Operand::ifmap, Operand::filter}) {
        std::vector<int> lv = {kLevelWhole};
        for (int p = 1; p <= 3; ++p)
            if (!(m.order[static_cast<size_t>(p - 1)] == Loop::t && m.t_innermost())) lv.push_back(p);
        if (o != s.roles.X) lv.push_back(kLevelStep);
        m.level[static_cast<int>(o)] = lv[static_cast<size_t>(pick(0, static_cast<int64_t>(lv.size()) - 1))];
    }
    m.psum_onchip = pick(0, 1) == 1;
    m.band = band;
    return m;
}

}  // namespace

TEST_CASE("mapper: brute-force bytes of random layers and tilings match the cost model and "
          "the walker",
          "[mapper]") {
    std::mt19937 rng(20240610);
    for (int i = 0; i < 300; ++i) {
        const Dataflow df = static_cast<Dataflow>(i % 3);
        const int64_t rows = 1 + static_cast<int64_t>(rng() % 4), cols = 1 + static_cast<int64_t>(rng() % 4);
        MappedLayer ml = mapped(random_layer(rng), df, rows, cols);
        ml.map = random_mapping(ml.shape, rng);
        CostModel cm(ml, ideal_memory(), kRoomy);
        const MapCost c = cm.evaluate(ml.map);
        const Layer& l = ml.layer;
        INFO("case " << i << ": " << to_string(df) << " " << rows << "x" << cols << " layer N" << l.N
                     << " C" << l.C << " K" << l.K << " H" << l.H << " W" << l.W << " R" << l.R
                     << " S" << l.S << " stride " << l.stride_h << "," << l.stride_w << " pad "
                     << l.pad_h << " groups " << l.groups << "; " << mapping_text(ml.shape, ml.map));
        REQUIRE(c.feasible);
        REQUIRE(c.exact);
        const BruteCount bc = brute_count(ml);
        const Fetched f = walk_fills(ml);
        // The cost model's closed form is what the walker fetches, operand by operand.
        CHECK(f.bytes[0] == c.read_bytes[0]);
        CHECK(f.bytes[1] == c.read_bytes[1]);
        CHECK(f.bytes[2] == c.read_bytes[2]);
        // Filters: exactly the brute-force count; every weight fetched at least once.
        CHECK(c.read_bytes[1] == bc.filter);
        CHECK(static_cast<int64_t>(f.filter.size()) == l.filter_elems());
        // ifmap: every raw byte some step reads is fetched; a non-whole level fetches no
        // fewer than each tile's distinct bytes and no more than its im2col block.
        CHECK(std::includes(f.ifmap.begin(), f.ifmap.end(), bc.ifmap_needed.begin(),
                            bc.ifmap_needed.end()));
        if (ml.map.level[0] != kLevelWhole) {
            CHECK(c.read_bytes[0] >= bc.ifmap_lo);
            CHECK(c.read_bytes[0] <= bc.ifmap_hi);
        } else {  // whole: each raw byte of the rows some window reads, once per band
            CHECK(c.read_bytes[0] == bc.ifmap_whole);
            if (!banded(ml.shape, ml.map))
                CHECK(c.read_bytes[0] == static_cast<int64_t>(f.ifmap.size()));
            CHECK(c.read_bytes[0] >= static_cast<int64_t>(bc.ifmap_needed.size()));
        }
        // Partial sums: the row folds but the last spill and come back, or none.
        const bool spill = ml.shape.roles.psums && !ml.map.psum_onchip && ml.shape.fg.row_folds > 1;
        CHECK(c.read_bytes[2] == (spill ? (ml.shape.fg.row_folds - 1) * ml.shape.fg.Sc *
                                              ml.shape.fg.T * 4 * l.groups
                                        : 0));
        CHECK(c.write_bytes == l.ofmap_elems() + c.read_bytes[2]);
    }
}

TEST_CASE("mapper: mapping_text and parse_mapping_text round trip", "[mapper]") {
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
        const Dataflow df = static_cast<Dataflow>(i % 3);
        const MappedLayer ml = mapped(random_layer(rng), df, 1 + static_cast<int64_t>(rng() % 4),
                                      1 + static_cast<int64_t>(rng() % 4));
        Mapping m = random_mapping(ml.shape, rng);
        if (!ml.shape.roles.psums) m.psum_onchip = true;  // os: no such choice
        const std::string text = mapping_text(ml.shape, m);
        Mapping back;
        std::string why;
        INFO(text);
        REQUIRE(parse_mapping_text(ml.shape, text, back, why));
        CHECK(why.empty());
        CHECK(back.order == m.order);
        CHECK(ml.shape.block(Loop::t, back) == ml.shape.block(Loop::t, m));
        CHECK(back.step == m.step);
        for (Operand o : {Operand::ifmap, Operand::filter}) {
            if (o == ml.shape.roles.X && df == Dataflow::os) continue;
            CHECK(back.level[static_cast<int>(o)] == m.level[static_cast<int>(o)]);
        }
        CHECK(back.psum_onchip == m.psum_onchip);
        CHECK(back.band == m.band);
        CHECK(mapping_text(ml.shape, back) == text);
    }
}

// AlexNet on the default design at 8, 32 and 128 PEs a side, each dataflow: per layer the
// searched mapping moves no more DRAM bytes than SCALE-Sim's.
TEST_CASE("mapper: auto never moves more DRAM bytes than scalesim", "[mapper]") {
    const Workload wl = read_workload(source_path("workloads/alexnet.csv"));
    for (const char* size : {"8", "32", "128"})
        for (const char* df : {"os", "ws", "is"}) {
            std::vector<std::string> sets = {std::string("array.rows=") + size,
                                             std::string("array.cols=") + size,
                                             std::string("array.dataflow=") + df};
            const Config a = load_config(source_path("configs/default.toml"), sets);
            sets.push_back("mapping.strategy=scalesim");
            const Config s = load_config(source_path("configs/default.toml"), sets);
            const TiledProgram pa(wl.layers, a), ps(wl.layers, s);
            for (int64_t i = 0; i < pa.num_layers(); ++i) {
                INFO(size << "x" << size << " " << df << " " << pa.layer(i).name << ": auto "
                          << pa.layer(i).mapping << ", scalesim " << ps.layer(i).mapping);
                CHECK(pa.plan(i).cost.dram_bytes() <= ps.plan(i).cost.dram_bytes());
            }
        }
}
