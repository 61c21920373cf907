// The cost model's burst counting (sim/mapping/burst_table.hpp, tile_count.hpp) against the
// direct counts: a row's bursts by hand, pattern_bursts on random patterns (aligned or not, any
// burst size, several sharing one table), run-by-run enumeration, and a tile's counts remembered
// equal to its addresses counted afresh.
#include "sim/mapping/burst_table.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "sim/mapping/tile_count.hpp"
#include "support/layers.hpp"

using namespace sasim;

namespace {

// Bursts every run touches, one run at a time.
int64_t enumerate(const AddrPattern& p, int64_t burst) {
    int64_t n = 0;
    p.for_each_run([&](uint64_t a, int64_t bytes) { n += bursts_touched(a, bytes, burst); });
    return n;
}

}  // namespace

TEST_CASE("a row of unaligned runs: its bursts by hand, remembered per alignment", "[mapping]") {
    BurstTable t(64);
    // 5 runs of 3 bytes, 12 apart, from 60: [60,63) [72,75) [84,87) [96,99) [108,111), each
    // inside one 64-byte burst: 5; from 62: [62,65) crosses 64 (2), the other four 1 each: 6.
    AddrPattern p{60, 3, {5, 1, 1}, {12, 0, 0}};
    CHECK(t.count(p) == 5);
    p.base = 62;
    CHECK(t.count(p) == 6);
    // Two rows 2724 bytes apart: the second starts at 62 + 2724 = 2786 = 43*64 + 34, its runs at
    // 34, 46, 58, 70, 82 past a burst boundary, none crossing 64 or 128: 5; 6 + 5 = 11.
    p.count = {5, 2, 1};
    p.stride = {12, 2724, 0};
    CHECK(t.count(p) == 11);
    CHECK(enumerate(p, 64) == 11);
}

TEST_CASE("burst table counts as pattern_bursts on random patterns", "[mapping]") {
    std::mt19937_64 rng(7);
    auto pick = [&](int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    for (int64_t burst : {32, 64, 1024, 96, 4096}) {
        BurstTable t(burst);
        for (int i = 0; i < 3000; ++i) {
            AddrPattern p;
            p.base = static_cast<uint64_t>(pick(0, int64_t{1} << 34));
            p.run = pick(1, 3 * burst);
            for (size_t k = 0; k < 3; ++k) {
                p.count[k] = pick(1, k == 0 ? 40 : 6);
                const int64_t span = k == 0 ? p.run : p.stride[k - 1] * p.count[k - 1];
                // Some strides are multiples of the burst (the closed form's case).
                p.stride[k] = pick(0, 3) == 0 ? burst * pick(1, 8) : span + pick(0, 2 * burst);
            }
            if (i % 10 == 0) p.base = p.base / static_cast<uint64_t>(burst) * burst;  // aligned
            INFO("burst " << burst << " pattern " << i);
            REQUIRE(t.count(p) == pattern_bursts(p, burst));
            if (p.runs() <= 2000) REQUIRE(t.count(p) == enumerate(p, burst));
        }
    }
}

TEST_CASE("a tile's counts, remembered, equal its addresses counted afresh", "[mapping]") {
    // AlexNet conv1's shape (11x11 stride 4 over 227x227x3): gathered and boxed ifmap tiles.
    Layer l = test::conv("c", 3, 96, 227, 227, 11, 11, 4, 0);
    MappedLayer ml;
    ml.layer = l;
    ml.shape.word_bytes = 1;
    ml.place = place_layers({l}, 1, 4)[0];
    TileCounter tc(ml, 64, 1024);
    for (int64_t m0 : {0, 55, 110, 1000})
        for (int64_t j0 : {0, 32, 320}) {
            // Row m0 of 12 K blocks of 32 (363 = 11*32 + 11).
            const int64_t m1 = m0 + 110, j1 = std::min<int64_t>(363, j0 + 32);
            for (int rep = 0; rep < 2; ++rep) {  // counted, then remembered
                TileCount* row = tc.row(Operand::ifmap, m0, m1, {1, 32, 0}, 12);
                REQUIRE(row != nullptr);
                const TileCount c = tc.count(row, j0 / 32, Operand::ifmap, m0, m1, j0, j1);
                int64_t bytes = 0, bursts = 0, packets = 0;
                for (const AddrPattern& p :
                     ifmap_block(l, ml.place.ifmap, 0, m0, m1, j0, j1, TensorLayout::nhwc, 1)) {
                    bytes += p.bytes();
                    bursts += pattern_bursts(p, 64);
                    packets += pattern_bursts(p, 1024);
                }
                CHECK(c.bytes == bytes);
                CHECK(c.bursts == bursts);
                CHECK(c.packets == packets);
            }
        }
}
