// DRAM traffic through the whole system: with the ifmap and the filter held whole and partial
// sums on chip (SCALE-Sim's mapping, roomy scratchpads), every layer reads its input rows once
// (the rows some window reads, and the rows a stride skips between them: a DMA fetches whole
// row ranges) and the filter once, and writes exactly its ofmap, x word_bytes, in every
// dataflow; never less than the unique footprint, counted here by brute force. One simulate()
// per TEST_CASE.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sim/run/system.hpp"
#include "sim/mapping/program.hpp"
#include "support/layers.hpp"

namespace sasim {

using test::conv;
using test::fc;
namespace {

// Raw input elements (n, c, h, w) some output reads through some filter tap, padding excluded.
int64_t touched_ifmap(const Layer& l) {
    std::set<std::tuple<int64_t, int64_t, int64_t, int64_t>> seen;
    for (int64_t n = 0; n < l.N; ++n)
        for (int64_t c = 0; c < l.C; ++c)
            for (int64_t p = 0; p < l.P(); ++p)
                for (int64_t q = 0; q < l.Q(); ++q)
                    for (int64_t r = 0; r < l.R; ++r)
                        for (int64_t s = 0; s < l.S; ++s) {
                            const int64_t h = p * l.stride_h - l.pad_h + r;
                            const int64_t w = q * l.stride_w - l.pad_w + s;
                            if (h >= 0 && h < l.H && w >= 0 && w < l.W) seen.insert({n, c, h, w});
                        }
    return static_cast<int64_t>(seen.size());
}

std::vector<Layer> layers() {
    return {
        // 7x7x3, 2x2 filter, stride 3, pad 1: rows/cols 1 and 4 are never read -> 5x5x3 = 75
        // unique; the rows fetched are the hull 0..6 of rows 0, 2, 3, 5, 6: 7 x 7 x 3 = 147.
        conv("skip", 3, 4, 7, 7, 2, 2, 3, 1),
        // 3x3 pad 1: every raw element, none of the padding -> 9x9x3 = 243 both ways.
        conv("pad", 3, 10, 9, 9, 3, 3, 1, 1),
        // Grouped and strided, batch 2: P = (10 + 2 - 3) / 2 + 1 = 5, rows 2p - 1 + r cover
        // 0..9: every raw element, 2 x 10 x 10 x 8 = 1600.
        conv("grp", 8, 12, 10, 10, 3, 3, 2, 1, 4, 2),
        // 1x1 with stride 2: a quarter of the pixels are read (4 x 4 x 6 = 96), rows 0..6 of
        // every column are fetched: 7 x 8 x 6 = 336.
        conv("sub", 6, 9, 8, 8, 1, 1, 2, 0),
        fc("fc", 3, 100, 30),
    };
}

const int64_t kFetched[] = {147, 243, 1600, 336, 300};

// 8x6 array, 2-byte words, 4-byte psums; 64 KiB scratchpads hold every operand whole, and
// T x C x psum_bytes of every layer, so nothing is fetched twice and no psum leaves the chip.
void check_bytes(Dataflow df) {
    Config cfg = default_config();
    cfg.array.rows = 8;
    cfg.array.cols = 6;
    cfg.array.dataflow = df;
    cfg.array.word_bytes = 2;
    cfg.array.psum_bytes = 4;
    cfg.sram.ifmap_kb = cfg.sram.filter_kb = cfg.sram.ofmap_kb = 64;
    cfg.mapping.strategy = MapStrategy::scalesim;
    const std::vector<Layer> ls = layers();
    const TiledProgram program(ls, cfg);
    const RunResult r = simulate(cfg, program);
    REQUIRE(r.layers.size() == ls.size());
    for (size_t i = 0; i < ls.size(); ++i) {
        const Layer& l = ls[i];
        const LayerResult& x = r.layers[i];
        INFO(l.name << " " << to_string(df));
        INFO(x.mapping);
        const int64_t wb = cfg.array.word_bytes;
        CHECK(x.dram_bytes[0] == kFetched[i] * wb);
        CHECK(x.dram_read_bytes == (kFetched[i] + l.filter_elems()) * wb);
        CHECK(x.dram_read_bytes >= (touched_ifmap(l) + l.filter_elems()) * wb);
        CHECK(x.dram_write_bytes == l.ofmap_elems() * wb);
        // What the DMA wrote into the ifmap / filter scratchpads is what it read from DRAM.
        CHECK(x.ifmap_sram_write_bytes + x.filter_sram_write_bytes == x.dram_read_bytes);
    }
    // The hand counts of the comments above.
    CHECK(touched_ifmap(ls[0]) == 75);
    CHECK(touched_ifmap(ls[1]) == 243);
    CHECK(touched_ifmap(ls[2]) == 1600);
    CHECK(touched_ifmap(ls[3]) == 4 * 4 * 6);
}

}  // namespace

TEST_CASE("system DRAM bytes: ws reads the input rows and the filter once, writes the ofmap", "[system][bytes]") {
    check_bytes(Dataflow::ws);
}

TEST_CASE("system DRAM bytes: os reads the input rows and the filter once, writes the ofmap", "[system][bytes]") {
    check_bytes(Dataflow::os);
}

TEST_CASE("system DRAM bytes: is reads the input rows and the filter once, writes the ofmap", "[system][bytes]") {
    check_bytes(Dataflow::is);
}

// Spilled partial sums are extra traffic, psum_bytes each way. 1x1 conv 10x10x12 -> 4 on a 4x4
// ws array with 1 KiB scratchpads: 3 row folds; T x C x psum = 100 x 4 x 4 = 1600 B > 1 KiB:
// row folds 0 and 1 write 1600 B of psums each, row folds 1 and 2 read 1600 B back each.
// The ifmap (1200 B) does not fit 1 KiB either: it streams, but each of the 3 row folds reads a
// different 4-channel slice (4-byte runs, one per pixel), so every raw element is still fetched
// once. SCALE-Sim's mapping: steps of min(T, 512 / 4, 512 / 16) = 32 pixels.
//   read  = 1200 (ifmap) + 48 (filter) + 2 x 1600 (psums) = 4448
//   write = 2 x 1600 (psums) + 400 (ofmap) = 3600
TEST_CASE("system DRAM bytes: spilled partial sums cost psum_bytes each way", "[system][bytes]") {
    Config cfg = default_config();
    cfg.array.rows = cfg.array.cols = 4;
    cfg.array.dataflow = Dataflow::ws;
    cfg.sram.ifmap_kb = cfg.sram.filter_kb = cfg.sram.ofmap_kb = 1;
    cfg.mapping.strategy = MapStrategy::scalesim;
    const std::vector<Layer> ls = {conv("p", 12, 4, 10, 10, 1, 1, 1, 0)};
    const RunResult r = simulate(cfg, TiledProgram(ls, cfg));
    const LayerResult& x = r.layers[0];
    CHECK(x.dram_read_bytes == 4448);
    CHECK(x.dram_write_bytes == 3600);
    CHECK(x.mapping.find("psum=spill") != std::string::npos);
}

}  // namespace sasim
