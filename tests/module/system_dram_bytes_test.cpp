// DRAM traffic through the whole system: with a resident ifmap and filter and partial sums on
// chip, every layer reads exactly its unique footprint (raw ifmap elements the layer touches,
// no padding, plus the filter) and writes exactly its ofmap, x word_bytes, in every dataflow.
// The footprint is counted here by brute force. One simulate() per TEST_CASE.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sim/run/system.hpp"
#include "sim/mapping/tiler.hpp"
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
        // 7x7x3, 2x2 filter, stride 3, pad 1: rows/cols 1 and 4 are never read -> 5x5x3 = 75.
        conv("skip", 3, 4, 7, 7, 2, 2, 3, 1),
        // 3x3 pad 1: every raw element, none of the padding -> 9x9x3 = 243.
        conv("pad", 3, 10, 9, 9, 3, 3, 1, 1),
        // Grouped and strided, batch 2.
        conv("grp", 8, 12, 10, 10, 3, 3, 2, 1, 4, 2),
        // 1x1 with stride 2: a quarter of the pixels.
        conv("sub", 6, 9, 8, 8, 1, 1, 2, 0),
        fc("fc", 3, 100, 30),
    };
}

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
    const std::vector<Layer> ls = layers();
    const TiledProgram program(ls, cfg);
    const RunResult r = simulate(cfg, program);
    REQUIRE(r.layers.size() == ls.size());
    for (size_t i = 0; i < ls.size(); ++i) {
        const Layer& l = ls[i];
        const LayerResult& x = r.layers[i];
        INFO(l.name << " " << to_string(df));
        REQUIRE(program.layer(static_cast<int64_t>(i)).resident[0]);
        REQUIRE(program.layer(static_cast<int64_t>(i)).resident[1]);
        const int64_t wb = cfg.array.word_bytes;
        CHECK(x.dram_read_bytes == (touched_ifmap(l) + l.filter_elems()) * wb);
        CHECK(x.dram_write_bytes == l.ofmap_elems() * wb);
        // What the DMA wrote into the ifmap / filter scratchpads is what it read from DRAM.
        CHECK(x.ifmap_sram_write_bytes + x.filter_sram_write_bytes == x.dram_read_bytes);
    }
    // The hand counts of the comments above.
    CHECK(touched_ifmap(ls[0]) == 75);
    CHECK(touched_ifmap(ls[1]) == 243);
    CHECK(touched_ifmap(ls[3]) == 4 * 4 * 6);
}

}  // namespace

TEST_CASE("system DRAM bytes: ws reads the unique footprint, writes the ofmap", "[system][bytes]") {
    check_bytes(Dataflow::ws);
}

TEST_CASE("system DRAM bytes: os reads the unique footprint, writes the ofmap", "[system][bytes]") {
    check_bytes(Dataflow::os);
}

TEST_CASE("system DRAM bytes: is reads the unique footprint, writes the ofmap", "[system][bytes]") {
    check_bytes(Dataflow::is);
}

// Spilled partial sums are extra traffic, psum_bytes each way. 1x1 conv 10x10x12 -> 4 on a 4x4
// ws array with 1 KiB scratchpads: 3 row folds; T x C x psum = 100 x 4 x 4 = 1600 B > 1 KiB:
// row folds 0 and 1 write 1600 B of psums each, row folds 1 and 2 read 1600 B back each.
// The ifmap (1200 B) does not fit 1 KiB either: it streams, but each of the 3 row folds reads a
// different 4-channel slice, so every raw element is still fetched once.
//   read  = 1200 (ifmap) + 48 (filter) + 2 x 1600 (psums) = 4448
//   write = 2 x 1600 (psums) + 400 (ofmap) = 3600
TEST_CASE("system DRAM bytes: spilled partial sums cost psum_bytes each way", "[system][bytes]") {
    Config cfg = default_config();
    cfg.array.rows = cfg.array.cols = 4;
    cfg.array.dataflow = Dataflow::ws;
    cfg.sram.ifmap_kb = cfg.sram.filter_kb = cfg.sram.ofmap_kb = 1;
    const std::vector<Layer> ls = {conv("p", 12, 4, 10, 10, 1, 1, 1, 0)};
    const RunResult r = simulate(cfg, TiledProgram(ls, cfg));
    const LayerResult& x = r.layers[0];
    CHECK(x.dram_read_bytes == 4448);
    CHECK(x.dram_write_bytes == 3600);
    CHECK(x.ideal_cycles + x.mapping_loss_cycles + x.load_cycles + x.fill_drain_cycles +
              x.stall_cycles ==
          x.total_cycles);
}

}  // namespace sasim
