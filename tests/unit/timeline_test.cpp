// Timeline: bytes per window of cycles, the layer each window starts in, GB/s from bytes per
// cycle and the clock, and the window cap (add() refuses windows from max_windows on).
#include "sim/run/timeline.hpp"

#include <catch2/catch.hpp>

namespace sasim {

TEST_CASE("timeline: bytes land in the window of their cycle, GB/s per window", "[timeline]") {
    // Windows of 10 cycles at 1000 MHz, ceiling 32 GB/s, at most 3 windows (cycles 0..29).
    Timeline t(10, 1000.0, 32.0, 3);
    CHECK(t.add(0, 100, 0));       // window 0
    CHECK(t.add(3, 50, 9));        // window 0: cycle 9 is its last
    CHECK(t.add(1, 20, 10));       // window 1
    CHECK(t.add(2, 7, 29));        // window 2, the last allowed
    CHECK_FALSE(t.add(0, 1, 30));  // window 3 >= 3: refused, nothing recorded
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

TEST_CASE("timeline: the run's end adds empty windows; unlimited supply is inf", "[timeline]") {
    Timeline t(100, 500.0, -1.0);
    CHECK(t.add(1, 400, 50));
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
    Timeline t(10, 1000.0, 1.0);
    CHECK(t.csv({0, 10}, {"\"q", "a,b"}, 20) ==
          "window,start_cycle,end_cycle,layer,ifmap_read_bytes,filter_read_bytes,"
          "psum_read_bytes,ofmap_write_bytes,dram_gbps,supply_gbps\n"
          "0,0,10,\"\"\"q\",0,0,0,0,0.000,1.000\n"
          "1,10,20,\"a,b\",0,0,0,0,0.000,1.000\n");
}

}  // namespace sasim
