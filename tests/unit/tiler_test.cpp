// The tiler's LayerPlan on small hand-sized layers: chunk size from the half-scratchpad rules,
// chunk counts and numbering with groups, residency, the ifmap DRAM bytes of a padded strided
// conv (checked against a brute-force count of distinct raw elements), psum spill vs on-chip
// accumulation, and the "scratchpad too small" message. No SystemC: plans are plain C++.
#include "sim/mapping/tiler.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <tuple>

#include "sim/base/errors.hpp"
#include "sim/mapping/footprint.hpp"
#include "support/layers.hpp"

namespace sasim {

using test::conv;
using test::fc;
namespace {

Config small_config(Dataflow df, int64_t rows, int64_t cols, int64_t ifmap_kb, int64_t filter_kb,
                    int64_t ofmap_kb) {
    Config c = default_config();
    c.array.rows = rows;
    c.array.cols = cols;
    c.array.dataflow = df;
    c.array.word_bytes = 1;
    c.array.psum_bytes = 4;
    c.array.preload = false;
    c.sram.ifmap_kb = ifmap_kb;
    c.sram.filter_kb = filter_kb;
    c.sram.ofmap_kb = ofmap_kb;
    return c;
}

// Distinct raw (unpadded) input elements of one group touched by im2col rows [m0, m1) x
// columns [j0, j1), decoded independently of sim/footprint: m = (n*P + p)*Q + q,
// j = (r*S + s)*Cg + c (the column order footprint.hpp documents).
int64_t brute_distinct(const Layer& l, int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
    std::set<std::tuple<int64_t, int64_t, int64_t, int64_t>> seen;
    const int64_t P = l.P(), Q = l.Q(), cg = l.Cg();
    for (int64_t m = m0; m < m1; ++m) {
        const int64_t n = m / (P * Q), p = (m / Q) % P, q = m % Q;
        for (int64_t j = j0; j < j1; ++j) {
            const int64_t r = j / (l.S * cg), s = (j / cg) % l.S, c = j % cg;
            const int64_t h = p * l.stride_h + r - l.pad_h, w = q * l.stride_w + s - l.pad_w;
            if (h >= 0 && h < l.H && w >= 0 && w < l.W) seen.insert({n, h, w, c});
        }
    }
    return static_cast<int64_t>(seen.size());
}

struct Totals {
    int64_t load[kOperands] = {0, 0, 0};
    int64_t store = 0;
    int64_t stream = 0;
};

Totals totals(const LayerPlan& p) {
    Totals t;
    for (int64_t j = 0; j < p.info().chunks; ++j) {
        const ChunkCmd c = p.chunk(j);
        for (int o = 0; o < kOperands; ++o) t.load[o] += c.load_bytes[o];
        t.store += c.store_bytes;
        t.stream += c.stream_cycles;
    }
    return t;
}

std::string error_of(const Layer& l, const Config& c, int64_t table_used = 0) {
    try {
        LayerPlan p(l, c, table_used);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("tiler: ws chunk size is bound by half the ofmap scratchpad", "[tiler]") {
    // 1x1 conv on 10x10x4 -> 4 filters: M = 100, N = 4, K = 4. ws on 4x4: Sr = K = 4,
    // Sc = N = 4, T = M = 100, one fold.
    // ws: t = min(T, (ifmap_kb*1024/2) / (R*wb), (ofmap_kb*1024/2) / (C*psum_bytes))
    //       = min(100, 512 / 4 = 128, 512 / 16 = 32) = 32  -> ceil(100 / 32) = 4 chunks.
    const LayerPlan p(conv("a", 4, 4, 10, 10, 1, 1, 1, 0),
                      small_config(Dataflow::ws, 4, 4, 1, 1, 1));
    CHECK(p.geometry().T == 100);
    CHECK(p.t_chunk() == 32);
    CHECK(p.chunks_per_fold() == 4);
    CHECK(p.info().folds == 1);
    CHECK(p.info().chunks == 4);
    // Streamed 32, 32, 32, 4; the fold's load (R = 4) on the first chunk, its skew
    // ((R-1) + (C-1) = 6) on the last.
    const int64_t stream[] = {32, 32, 32, 4}, load[] = {4, 0, 0, 0}, skew[] = {0, 0, 0, 6};
    for (int64_t j = 0; j < 4; ++j) {
        const ChunkCmd c = p.chunk(j);
        INFO("chunk " << j);
        CHECK(c.index == j);
        CHECK(c.fold == 0);
        CHECK(c.stream_cycles == stream[j]);
        CHECK(c.load_cycles == load[j]);
        CHECK(c.skew_cycles == skew[j]);
        CHECK(c.first_in_fold == (j == 0));
        CHECK(c.last_in_fold == (j == 3));
    }
    CHECK(totals(p).stream == 100);
}

TEST_CASE("tiler: ws chunk size is bound by half the ifmap scratchpad", "[tiler]") {
    // 1x1 conv on 10x10x8 -> 2 filters: Sr = 8, Sc = 2, T = 100 on an 8x2 ws array.
    // t = min(100, 512 / (8*1) = 64, 1024 / (2*4) = 128) = 64 -> 2 chunks (64, 36).
    const LayerPlan p(conv("a", 8, 2, 10, 10, 1, 1, 1, 0),
                      small_config(Dataflow::ws, 8, 2, 1, 1, 2));
    CHECK(p.t_chunk() == 64);
    CHECK(p.chunks_per_fold() == 2);
    CHECK(p.chunk(1).stream_cycles == 36);
    // word_bytes = 2 halves the ifmap rows per buffer: 512 / (8*2) = 32 -> 4 chunks.
    Config c2 = small_config(Dataflow::ws, 8, 2, 1, 1, 2);
    c2.array.word_bytes = 2;
    const LayerPlan p2(conv("a", 8, 2, 10, 10, 1, 1, 1, 0), c2);
    CHECK(p2.t_chunk() == 32);
    CHECK(p2.chunks_per_fold() == 4);
}

TEST_CASE("tiler: os chunk size is bound by the ifmap and filter halves", "[tiler]") {
    // fc 300 -> 8, batch 4: M = 4, N = 8, K = 300. os on 4x8: Sr = M = 4, Sc = N = 8,
    // T = K = 300, one fold.
    // os: t = min(T, 512 / (R*wb) = 512 / 4 = 128, 512 / (C*wb) = 512 / 8 = 64) = 64
    //     -> ceil(300 / 64) = 5 chunks: 64 x 4 + 44. No load cycles in os; skew 3 + 7 = 10.
    const LayerPlan p(fc("f", 4, 300, 8), small_config(Dataflow::os, 4, 8, 1, 1, 1));
    CHECK(p.geometry().Sr == 4);
    CHECK(p.geometry().Sc == 8);
    CHECK(p.geometry().T == 300);
    CHECK(p.t_chunk() == 64);
    CHECK(p.info().chunks == 5);
    CHECK(p.chunk(0).load_cycles == 0);
    CHECK(p.chunk(4).stream_cycles == 44);
    CHECK(p.chunk(4).skew_cycles == 10);
    // os drains the R x C output block once, after the fold's last chunk: 4 x 8 x 1 B.
    CHECK(p.chunk(3).store_bytes == 0);
    CHECK(p.chunk(4).store_bytes == 32);
    // Streamed filter rows: t x C x wb per chunk, 300 x 8 = 2400 B in all.
    CHECK(p.chunk(0).load_bytes[1] == 64 * 8);
    CHECK(totals(p).load[1] == 2400);
}

TEST_CASE("tiler: is chunk size is bound by the filter and ofmap halves", "[tiler]") {
    // 1x1 conv on 2x2x4 -> 50 filters: M = 4, N = 50, K = 4. is on 4x4: Sr = K = 4,
    // Sc = M = 4, T = N = 50.
    // is: t = min(T, 512 / (R*wb) = 128, 512 / (C*psum_bytes) = 512 / 16 = 32) = 32 -> 2 chunks.
    const LayerPlan p(conv("a", 4, 50, 2, 2, 1, 1, 1, 0),
                      small_config(Dataflow::is, 4, 4, 1, 1, 1));
    CHECK(p.geometry().T == 50);
    CHECK(p.t_chunk() == 32);
    CHECK(p.info().chunks == 2);
    // The stationary ifmap block (4 raw pixels x 4 channels = 16 B) comes with the first chunk.
    CHECK(p.chunk(0).stationary[0]);
    CHECK(p.chunk(0).load_bytes[0] == 16);
    CHECK(p.chunk(1).load_bytes[0] == 0);
    CHECK(p.chunk(1).stream_cycles == 18);
}

TEST_CASE("tiler: chunks and folds are numbered across groups; preload", "[tiler]") {
    // 1x1 conv, 10x10x16 -> 8, groups 2: per group M = 100, N = 4, K = 8. ws on 4x4:
    // 2 row folds x 1 col fold per group, 4 folds in the layer; t = 32 -> 4 chunks per fold,
    // 16 chunks.
    const Layer l = conv("g", 16, 8, 10, 10, 1, 1, 1, 0, 2);
    Config cfg = small_config(Dataflow::ws, 4, 4, 1, 1, 1);
    const LayerPlan p(l, cfg);
    CHECK(p.info().folds == 4);
    CHECK(p.info().chunks == 16);
    CHECK(p.info().macs == 2 * 100 * 4 * 8);
    CHECK(p.ideal_cycles() == 6400 / 16);
    CHECK(p.chunk(5).fold == 1);   // group 0, fold 1, chunk 1 of the fold
    CHECK(p.chunk(8).fold == 2);   // group 1, fold 0
    CHECK(p.chunk(15).fold == 3);  // group 1, fold 1, last chunk
    CHECK(p.chunk(8).first_in_fold);
    CHECK(p.chunk(15).last_in_fold);
    // Without preload every fold loads R = 4 cycles.
    for (int64_t j : {0, 4, 8, 12}) CHECK(p.chunk(j).load_cycles == 4);
    // With preload only the layer's first fold loads; the others expose max(0, R - T) =
    // max(0, 4 - 100) = 0, group 1's first fold included.
    cfg.array.preload = true;
    const LayerPlan q(l, cfg);
    CHECK(q.chunk(0).load_cycles == 4);
    for (int64_t j : {4, 8, 12}) CHECK(q.chunk(j).load_cycles == 0);
}

TEST_CASE("tiler: an operand is resident when its per-group tensor fits", "[tiler]") {
    // ifmap: N*H*W*Cg*wb against the whole scratchpad (ifmap_kb * 1024).
    Config cfg = small_config(Dataflow::ws, 4, 4, 1, 1, 1);
    // 16x16x4 x 1 B = 1024 B <= 1 KiB: resident (exactly full).
    CHECK(LayerPlan(conv("a", 4, 4, 16, 16, 1, 1, 1, 0), cfg).info().resident[0]);
    // 17x16x4 = 1088 B > 1024: streamed.
    CHECK_FALSE(LayerPlan(conv("a", 4, 4, 17, 16, 1, 1, 1, 0), cfg).info().resident[0]);
    // 16x16x8 with groups 2 is 1024 B per group: resident although the whole tensor is 2 KiB.
    CHECK(LayerPlan(conv("a", 8, 4, 16, 16, 1, 1, 1, 0, 2), cfg).info().resident[0]);
    // word_bytes = 2 doubles it: 2048 B > 1024.
    Config w2 = cfg;
    w2.array.word_bytes = 2;
    CHECK_FALSE(LayerPlan(conv("a", 4, 4, 16, 16, 1, 1, 1, 0), w2).info().resident[0]);
    // filter: R*S*Cg x Kg x wb. 3x3x16 x 7 = 1008 B fits 1 KiB; x 8 = 1152 B does not.
    CHECK(LayerPlan(conv("f", 16, 7, 4, 4, 3, 3, 1, 1), cfg).info().resident[1]);
    CHECK_FALSE(LayerPlan(conv("f", 16, 8, 4, 4, 3, 3, 1, 1), cfg).info().resident[1]);
}

TEST_CASE("tiler: a resident ifmap is fetched once; a streamed one per column fold", "[tiler]") {
    // 1x1 conv 4x4x4 -> 8 filters on a 4x4 ws array: Sr = 4, Sc = 8 -> 2 column folds,
    // T = 16. The ifmap is 64 B.
    const Layer l = conv("a", 4, 8, 4, 4, 1, 1, 1, 0);
    Config cfg = small_config(Dataflow::ws, 4, 4, 1, 1, 1);
    const LayerPlan res(l, cfg);
    REQUIRE(res.info().resident[0]);
    CHECK(totals(res).load[0] == 64);
    CHECK(res.chunk(1).load_bytes[0] == 0);  // the second column fold reuses it
    // A 17x16x4 = 1088 B ifmap does not fit 1 KiB: streamed.
    // 1x1, M = 272, Sc = 8 -> 2 column folds; t = min(272, 128, 32) = 32 -> 9 chunks per fold.
    const Layer big = conv("b", 4, 8, 17, 16, 1, 1, 1, 0);
    const LayerPlan str(big, cfg);
    REQUIRE_FALSE(str.info().resident[0]);
    CHECK(str.info().chunks == 18);
    CHECK(totals(str).load[0] == 2 * 1088);  // each column fold streams every pixel again
    // The filter (4 x 8 = 32 B) is stationary: one 4x4 block per fold.
    CHECK(totals(str).load[1] == 32);
}

TEST_CASE("tiler: ifmap DRAM bytes of a padded strided conv are its distinct raw elements",
          "[tiler]") {
    // 7x7x3 input, 2x2 filter, stride 3, pad 1, 4 filters: P = Q = (7 + 2 - 2) / 3 + 1 = 3.
    // Input rows touched: 3p - 1 + r for p = 0..2, r = 0..1 -> {-1,0}, {2,3}, {5,6}: rows
    // 0, 2, 3, 5, 6 (row -1 is padding; rows 1 and 4 are skipped by the stride). Same for
    // columns: 5 x 5 x 3 = 75 raw elements, of the 9 x 9 x 3 = 243 padded ones.
    const Layer l = conv("s", 3, 4, 7, 7, 2, 2, 3, 1);
    REQUIRE(l.P() == 3);
    REQUIRE(brute_distinct(l, 0, l.gemm().M, 0, l.gemm().K) == 75);
    for (Dataflow df : {Dataflow::ws, Dataflow::os, Dataflow::is}) {
        INFO(to_string(df));
        // Resident (147 B fits 1 KiB): every touched raw element once, on any array.
        const LayerPlan p(l, small_config(df, 4, 4, 1, 1, 1));
        REQUIRE(p.info().resident[0]);
        CHECK(totals(p).load[0] == 75);
        const LayerPlan q(l, small_config(df, 3, 2, 1, 1, 1));
        CHECK(totals(q).load[0] == 75);
    }
    // word_bytes = 2: 150 B.
    Config w2 = small_config(Dataflow::ws, 4, 4, 1, 1, 1);
    w2.array.word_bytes = 2;
    CHECK(totals(LayerPlan(l, w2)).load[0] == 150);
    // Groups: 7x7x6, groups 3 -> 2 channels per group, 5 x 5 x 2 = 50 per group, 150 in all.
    const Layer g = conv("g", 6, 6, 7, 7, 2, 2, 3, 1, 3);
    CHECK(totals(LayerPlan(g, small_config(Dataflow::os, 4, 4, 1, 1, 1))).load[0] == 150);
}

TEST_CASE("tiler: a streamed ifmap costs each block's distinct raw elements", "[tiler]") {
    // 3x3 conv, pad 1, stride 1 on 20x20x3 -> 5 filters: M = 400, K = 27, N = 5. The ifmap is
    // 1200 B > 1 KiB: streamed. ws on 8x4: 4 row folds (window columns 0-7, 8-15, 16-23,
    // 24-26) x 2 column folds; t = min(400, 512 / 8 = 64, 512 / 16 = 32) = 32 -> 13 chunks.
    const Layer l = conv("w", 3, 5, 20, 20, 3, 3, 1, 1);
    const LayerPlan p(l, small_config(Dataflow::ws, 8, 4, 1, 1, 1));
    REQUIRE_FALSE(p.info().resident[0]);
    REQUIRE(p.chunks_per_fold() == 13);
    const FoldGeometry& g = p.geometry();
    REQUIRE(g.row_folds == 4);
    REQUIRE(g.col_folds == 2);
    int64_t sum = 0;
    for (int64_t j = 0; j < p.info().chunks; ++j) {
        const ChunkCmd c = p.chunk(j);
        const int64_t fold = j / 13, tc = j % 13, fr = fold % 4;
        const int64_t m0 = tc * 32, m1 = std::min<int64_t>(400, m0 + 32);
        const int64_t j0 = fr * 8, j1 = std::min<int64_t>(27, j0 + 8);
        INFO("chunk " << j);
        CHECK(c.load_bytes[0] == brute_distinct(l, m0, m1, j0, j1));
        sum += c.load_bytes[0];
    }
    // Each column fold streams every raw element at least once (overlapping windows of
    // different row folds and chunks fetch some again).
    CHECK(sum >= 2 * 1200);
    CHECK(sum == totals(p).load[0]);
}

TEST_CASE("tiler: ws partial sums of several row folds spill when T x C x psum won't fit",
          "[tiler]") {
    // 1x1 conv 10x10x12 -> 4: M = 100, K = 12, N = 4. ws on 4x4: 3 row folds, 1 col fold.
    // Spill test: T x C x psum_bytes = 100 x 4 x 4 = 1600 B > ofmap_kb = 1 KiB.
    // t = min(100, 512 / 4 = 128, 512 / 16 = 32) = 32 -> 4 chunks per fold (32, 32, 32, 4).
    const Layer l = conv("p", 12, 4, 10, 10, 1, 1, 1, 0);
    const LayerPlan sp(l, small_config(Dataflow::ws, 4, 4, 1, 1, 1));
    REQUIRE(sp.geometry().row_folds == 3);
    REQUIRE(sp.info().chunks == 12);
    for (int64_t j = 0; j < 12; ++j) {
        const ChunkCmd c = sp.chunk(j);
        const int64_t fr = j / 4, t = j % 4 == 3 ? 4 : 32, out = t * 4;
        INFO("chunk " << j);
        CHECK(c.sram_write_bytes_ofmap == out * 4);
        if (fr == 0) {  // first row fold: write psums out, nothing to read back
            CHECK(c.load_bytes[2] == 0);
            CHECK(c.psum_after == -1);
            CHECK(c.sram_read_bytes[2] == 0);
            CHECK(c.store_bytes == out * 4);
        } else {  // read back the previous row fold's psums of the same chunk
            CHECK(c.load_bytes[2] == out * 4);
            CHECK(c.psum_after == j - 4);
            CHECK(c.sram_read_bytes[2] == out * 4);
            CHECK(c.store_bytes == (fr == 2 ? out * 1 : out * 4));  // last: final outputs
        }
    }
    // DRAM: psums out twice (2 x 1600 B) plus 400 B of outputs; psums back in twice.
    CHECK(totals(sp).store == 3600);
    CHECK(totals(sp).load[2] == 3200);

    // ofmap_kb = 2 no longer holds it: the 1600 B of accumulators plus two drain buffers of
    // t x C x wb = 64 x 4 x 1 B (t = min(100, 128, 1024 / 16 = 64)) need 2112 B > 2048 B.
    const LayerPlan tight(l, small_config(Dataflow::ws, 4, 4, 1, 1, 2));
    CHECK(totals(tight).load[2] == 3200);

    // On chip: ofmap_kb = 3. t = min(100, 128, 1536 / 16 = 96) = 96 -> 2 chunks (96, 4);
    // 1600 + 2 x 96 x 4 = 2368 B <= 3072 B.
    const LayerPlan on(l, small_config(Dataflow::ws, 4, 4, 1, 1, 3));
    REQUIRE(on.info().chunks == 6);
    for (int64_t j = 0; j < 6; ++j) {
        const ChunkCmd c = on.chunk(j);
        const int64_t fr = j / 2, out = (j % 2 == 0 ? 96 : 4) * 4;
        INFO("chunk " << j);
        CHECK(c.load_bytes[2] == 0);
        CHECK(c.psum_after == -1);
        CHECK(c.sram_read_bytes[2] == (fr > 0 ? out * 4 : 0));
        CHECK(c.store_bytes == (fr == 2 ? out : 0));
    }
    CHECK(totals(on).store == 400);  // the ofmap, once
    CHECK(totals(on).load[2] == 0);
}

TEST_CASE("tiler: is spills partial sums too; os never does", "[tiler]") {
    // 1x1 conv 8x8x8 -> 40: M = 64, N = 40, K = 8. is on 4x4: Sr = K = 8 (2 row folds),
    // Sc = M = 64 (16 column folds), T = N = 40.
    const Layer l = conv("i", 8, 40, 8, 8, 1, 1, 1, 0);
    // With psum_bytes = 8 that is 40 x 4 x 8 = 1280 B > ofmap_kb = 1 KiB: spilled.
    Config c = small_config(Dataflow::is, 4, 4, 1, 1, 1);
    c.array.psum_bytes = 8;
    // t = min(40, 512 / 4 = 128, 512 / (4*8) = 16) = 16 -> 3 chunks (16, 16, 8).
    const LayerPlan sp(l, c);
    REQUIRE(sp.t_chunk() == 16);
    const ChunkCmd second = sp.chunk(3);  // col fold 0, row fold 1, first chunk
    CHECK(second.load_bytes[2] == 16 * 4 * 8);
    CHECK(second.psum_after == 0);
    // os accumulates in the PEs: no psums, whatever the size.
    const LayerPlan os(l, small_config(Dataflow::os, 4, 4, 1, 1, 1));
    CHECK(totals(os).load[2] == 0);
    CHECK(totals(os).store == 64 * 40);
}

TEST_CASE("tiler: a scratchpad too small for one buffer is refused with the arithmetic",
          "[tiler]") {
    // ws 32x32: one weight block is 32 x 32 x 1 B = 1024 B per buffer; 1 KiB gives 512.
    Layer l = conv("big", 64, 64, 8, 8, 3, 3, 1, 1);
    CHECK(error_of(l, small_config(Dataflow::ws, 32, 32, 64, 1, 64)) ==
          "config: layer 'big': sram.filter_kb = 1 KiB is too small: one weight block needs 1024 "
          "bytes per buffer, so the double-buffered scratchpad needs at least 2 KiB");
    // A layer from a file is named by its source.
    l.source = "net.csv:4";
    // os 16x300, psum-free output block: 16 x 300 x 1 B = 4800 B per buffer -> 10 KiB.
    CHECK(error_of(l, small_config(Dataflow::os, 16, 300, 64, 64, 4)) ==
          "net.csv:4: layer 'big': sram.ofmap_kb = 4 KiB is too small: one output block needs "
          "4800 bytes per buffer, so the double-buffered scratchpad needs at least 10 KiB");
    // ws output row: C x psum_bytes = 300 x 4 = 1200 B -> ceil(2400 / 1024) = 3 KiB.
    CHECK(error_of(l, small_config(Dataflow::ws, 1, 300, 64, 64, 2)) ==
          "net.csv:4: layer 'big': sram.ofmap_kb = 2 KiB is too small: one output row needs "
          "1200 bytes per buffer, so the double-buffered scratchpad needs at least 3 KiB");
    // is: the ifmap block R x C x wb = 40 x 40 = 1600 B -> 4 KiB (ceil(3200 / 1024)).
    CHECK(error_of(l, small_config(Dataflow::is, 40, 40, 3, 64, 64)) ==
          "net.csv:4: layer 'big': sram.ifmap_kb = 3 KiB is too small: one ifmap block needs "
          "1600 bytes per buffer, so the double-buffered scratchpad needs at least 4 KiB");
    // Exactly half is enough: 2 KiB for the 1024 B weight block.
    CHECK(error_of(l, small_config(Dataflow::ws, 32, 32, 64, 2, 64)) == "(no error)");
    // TiledProgram passes the error on.
    CHECK_THROWS_AS(TiledProgram({l}, small_config(Dataflow::ws, 32, 32, 64, 1, 64)), InputError);
}

TEST_CASE("tiler: the ifmap table limit counts the entries of the layers before it", "[tiler]") {
    using tiler_limits::max_table_entries;
    // ws 4x4 on the 1x1 conv 10x10x4 -> 4: one row fold x 4 chunks of 32 pixels (first test
    // case) = 4 entries; is 4x4: Sr = K = 4, Sc = M = 100 -> 1 x 25 folds = 25 entries.
    const Layer l = conv("a", 4, 4, 10, 10, 1, 1, 1, 0);
    CHECK(LayerPlan(l, small_config(Dataflow::ws, 4, 4, 1, 1, 1)).table_entries() == 4);
    CHECK(LayerPlan(l, small_config(Dataflow::is, 4, 4, 1, 1, 1)).table_entries() == 25);
    // 2^26 - 4 entries before it leave exactly room for 4; one more and it is refused.
    CHECK(error_of(l, small_config(Dataflow::ws, 4, 4, 1, 1, 1), max_table_entries - 4) ==
          "(no error)");
    CHECK(error_of(l, small_config(Dataflow::ws, 4, 4, 1, 1, 1), max_table_entries - 3) ==
          "config: layer 'a': the tiler keeps one ifmap byte count per chunk, row folds * chunks "
          "per fold = 1*4 = 4 (67108865 with the layers before it), more than the limit of "
          "67108864 (2^26) per workload; use a larger array or larger scratchpads");
    CHECK(error_of(l, small_config(Dataflow::is, 4, 4, 1, 1, 1), max_table_entries - 24) ==
          "config: layer 'a': the tiler keeps one ifmap byte count per fold, row folds * column "
          "folds = 1*25 = 25 (67108865 with the layers before it), more than the limit of "
          "67108864 (2^26) per workload; use a larger array or larger scratchpads");
}

TEST_CASE("tiler: footprint counts equal a brute force on random layers and blocks", "[tiler]") {
    // Small random convs (padding, stride, groups, 1-channel and many-channel), random blocks
    // of the im2col matrix, including blocks starting and ending mid-pixel and mid-window.
    std::mt19937_64 rng(20261127);
    auto pick = [&](int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    for (int i = 0; i < 300; ++i) {
        const int64_t groups = pick(1, 3), cg = pick(1, 5), R = pick(1, 4), S = pick(1, 4);
        const int64_t H = pick(1, 7), W = pick(1, 7), stride = pick(1, 3), pad = pick(0, 3);
        if (H + 2 * pad < R || W + 2 * pad < S) continue;
        Layer l = conv("r", groups * cg, groups, H, W, R, S, stride, pad, groups, pick(1, 2));
        const int64_t M = l.gemm().M, K = l.gemm().K;
        IfmapFootprint fp(l);
        for (int b = 0; b < 5; ++b) {
            const int64_t m0 = pick(0, M - 1), m1 = pick(m0 + 1, M);
            const int64_t j0 = pick(0, K - 1), j1 = pick(j0 + 1, K);
            INFO("layer " << i << " block " << b << ": rows " << m0 << ".." << m1 << " cols " << j0
                          << ".." << j1);
            CHECK(fp.distinct(m0, m1, j0, j1) == brute_distinct(l, m0, m1, j0, j1));
        }
    }
}

}  // namespace sasim
