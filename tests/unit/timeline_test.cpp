// Timeline: bytes per window of cycles, spread over the time they moved; the layer each window
// starts in; GB/s from bytes per cycle and the clock; the window cap (add() refuses windows from
// max_windows on).
#include "sim/run/timeline.hpp"

#include <catch2/catch.hpp>

namespace sasim {

namespace {
// 1000 MHz: a cycle is 10^6 fs.
constexpr uint64_t kCycle = 1'000'000;
uint64_t cyc(double c) { return static_cast<uint64_t>(c * static_cast<double>(kCycle)); }
}  // namespace

TEST_CASE("timeline: bytes of an instant land in its window, GB/s per window", "[timeline]") {
    // Windows of 10 cycles at 1000 MHz, ceiling 32 GB/s, at most 3 windows (cycles 0..29).
    Timeline t(10, 1000.0, kCycle, 32.0, 3);
    CHECK(t.add(0, 100, cyc(0), cyc(0)));        // window 0
    CHECK(t.add(3, 50, cyc(9.5), cyc(9.5)));     // window 0: cycle 9 is its last
    CHECK(t.add(1, 20, cyc(10), cyc(10)));       // window 1
    CHECK(t.add(2, 7, cyc(29), cyc(29)));        // window 2, the last allowed
    CHECK_FALSE(t.add(0, 1, cyc(30), cyc(30)));  // window 3 >= 3: refused, nothing recorded
    CHECK(t.windows() == 3);
    // Layer b starts at cycle 15, so window 1 (10..20) still starts in a. GB/s = bytes / 10
    // cycles x 1000 MHz / 1000: window 0 (100 + 50) -> 15.000, 1 -> 2.000, 2 -> 0.700.
    CHECK(t.csv({0, 15}, {"a", "b"}, 25) ==
          "window,start_cycle,end_cycle,layer,ifmap_read_bytes,filter_read_bytes,"
          "psum_read_bytes,ofmap_write_bytes,dram_gbps,supply_gbps\n"
          "0,0,10,a,100,0,0,50,15.000,32.000\n"
          "1,10,20,a,0,20,0,0,2.000,32.000\n"
          "2,20,30,b,0,0,7,0,0.700,32.000\n");
}

TEST_CASE("timeline: a transfer's bytes are spread over the windows it moved in", "[timeline]") {
    Timeline t(10, 1000.0, kCycle, 32.0);
    // 100 B moving from cycle 5 to 25: windows 0, 1, 2 get 5, 10 and 5 of its 20 cycles:
    // floor(100 x 5/20) = 25, floor(100 x 15/20) - 25 = 50, the rest 25.
    CHECK(t.add(1, 100, cyc(5), cyc(25)));
    CHECK(t.bytes(0, 1) == 25);
    CHECK(t.bytes(1, 1) == 50);
    CHECK(t.bytes(2, 1) == 25);
    // 7 B over 3 windows of a 30-cycle span from cycle 0: floor(7/3) = 2, floor(14/3) - 2 = 2,
    // the rest 3: every byte lands, and the parts round so that they add up.
    CHECK(t.add(0, 7, cyc(0), cyc(30)));
    CHECK(t.bytes(0, 0) + t.bytes(1, 0) + t.bytes(2, 0) == 7);
    CHECK(t.bytes(0, 0) == 2);
    CHECK(t.bytes(1, 0) == 2);
    CHECK(t.bytes(2, 0) == 3);
    // An end on a window edge stays in the window before it.
    CHECK(t.add(2, 40, cyc(0), cyc(10)));
    CHECK(t.bytes(0, 2) == 40);
    CHECK(t.bytes(1, 2) == 0);
}

TEST_CASE("timeline: a stream at the peak never shows more than the peak", "[timeline]") {
    // 64 B bursts back to back at 16 GB/s (4 cycles each at 1 GHz), from cycle 1.5 on, counted
    // in 10-cycle windows: every full window holds exactly 10 x 16 = 160 B, so 16.000 GB/s.
    Timeline t(10, 1000.0, kCycle, 16.0);
    for (int i = 0; i < 100; ++i) CHECK(t.add(0, 64, cyc(1.5 + 4 * i), cyc(5.5 + 4 * i)));
    for (int64_t w = 1; w < 39; ++w) CHECK(t.bytes(w, 0) <= 160);
    int64_t all = 0;
    for (int64_t w = 0; w < t.windows(); ++w) all += t.bytes(w, 0);
    CHECK(all == 6400);
}

TEST_CASE("timeline: the run's end adds empty windows; unlimited supply is inf", "[timeline]") {
    Timeline t(100, 500.0, 2 * kCycle, -1.0);  // 500 MHz: a cycle is 2 x 10^6 fs
    CHECK(t.add(1, 400, 100 * kCycle, 100 * kCycle));  // cycle 50
    // ceil(250 / 100) = 3 windows though only the first has bytes; 400 B / 100 cycles x 500 MHz
    // / 1000 = 2.000 GB/s.
    CHECK(t.csv({0}, {"only"}, 250) ==
          "window,start_cycle,end_cycle,layer,ifmap_read_bytes,filter_read_bytes,"
          "psum_read_bytes,ofmap_write_bytes,dram_gbps,supply_gbps\n"
          "0,0,100,only,0,400,0,0,2.000,inf\n"
          "1,100,200,only,0,0,0,0,0.000,inf\n"
          "2,200,300,only,0,0,0,0,0.000,inf\n");
}

TEST_CASE("timeline: layer names are CSV cells, quoted as layers.csv quotes them", "[timeline]") {
    // A name with a quote or a comma once broke the row for every CSV reader (the checks
    // reader saw a short row: exit 3). RFC 4180: quote the cell, double its quotes.
    Timeline t(10, 1000.0, kCycle, 1.0);
    CHECK(t.csv({0, 10}, {"\"q", "a,b"}, 20) ==
          "window,start_cycle,end_cycle,layer,ifmap_read_bytes,filter_read_bytes,"
          "psum_read_bytes,ofmap_write_bytes,dram_gbps,supply_gbps\n"
          "0,0,10,\"\"\"q\",0,0,0,0,0.000,1.000\n"
          "1,10,20,\"a,b\",0,0,0,0,0.000,1.000\n");
}

}  // namespace sasim
