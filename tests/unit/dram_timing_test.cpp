// DRAM timing cores (plain C++, times in fs): the ideal model (completion = arrival, bursts
// counted with partial bursts rounded up) and the bandwidth model (burst time, queueing in call
// order, latency after the data, an idle bus). Every expected number is derived in a comment.
#include "models/dram/dram_timing.hpp"

#include <catch2/catch.hpp>

namespace sasim {
namespace {

constexpr uint64_t kNs = 1'000'000;  // fs per ns

}  // namespace

TEST_CASE("ideal DRAM: completion is the arrival time", "[dram]") {
    IdealDram d(64);
    CHECK(d.access(0, 0, 64, false) == 0);
    CHECK(d.access(123'456'789, 0, 1'000'000, false) == 123'456'789);
    // An earlier arrival after a later one is not queued: no bus to wait for.
    CHECK(d.access(5, 0, 4096, true) == 5);
    CHECK(d.busy_fs() == 0);
}

TEST_CASE("ideal DRAM: bursts are counted, a partial burst rounds up", "[dram]") {
    IdealDram d(64);
    d.access(0, 0, 1, false);  // 1 burst
    CHECK(d.bursts() == 1);
    d.access(0, 0, 64, false);  // 1 burst
    CHECK(d.bursts() == 2);
    d.access(0, 0, 65, true);  // ceil(65 / 64) = 2 bursts
    CHECK(d.bursts() == 4);
    d.access(0, 0, 1000, false);  // ceil(1000 / 64) = ceil(15.6) = 16 bursts
    CHECK(d.bursts() == 20);
    IdealDram wide(256);
    wide.access(0, 0, 1000, false);  // ceil(1000 / 256) = 4 bursts
    CHECK(wide.bursts() == 4);
}

TEST_CASE("bandwidth DRAM: burst time is burst_bytes / GB/s", "[dram]") {
    // 64 B / 16 GB/s = 4 ns = 4,000,000 fs.
    CHECK(BandwidthDram(16.0, 0, 64).burst_fs() == 4 * kNs);
    // 64 B / 12.8 GB/s = 5 ns.
    CHECK(BandwidthDram(12.8, 0, 64).burst_fs() == 5 * kNs);
    // 256 B / 25.6 GB/s = 10 ns.
    CHECK(BandwidthDram(25.6, 0, 256).burst_fs() == 10 * kNs);
    // 64 B / 3 GB/s = 21.333... ns, rounded to the nearest fs: 21,333,333 fs.
    CHECK(BandwidthDram(3.0, 0, 64).burst_fs() == 21'333'333);
    // 64 B / 1 GB/s = 64 ns.
    CHECK(BandwidthDram(1.0, 0, 64).burst_fs() == 64 * kNs);
}

TEST_CASE("bandwidth DRAM: a 1000-byte access is 16 bursts, latency after the data", "[dram]") {
    // 16 GB/s, 64 B bursts (4 ns each), latency 100 ns.
    BandwidthDram d(16.0, 100 * kNs, 64);
    // ceil(1000 / 64) = 16 bursts = 64 ns of data, then 100 ns latency: 164 ns.
    CHECK(d.access(0, 0, 1000, false) == 164 * kNs);
    CHECK(d.bursts() == 16);
    CHECK(d.busy_fs() == 64 * kNs);  // the bus transfers for 64 ns; latency is not bus time
}

TEST_CASE("bandwidth DRAM: back-to-back accesses queue behind each other", "[dram]") {
    BandwidthDram d(16.0, 100 * kNs, 64);
    // All three arrive at t = 0. The bus is busy with the data only, so the latency of one
    // access overlaps the data of the next (pipelined):
    //   A: 1000 B = 16 bursts, bus 0..64 ns,   done 64 + 100 = 164 ns
    //   B:   64 B =  1 burst,  bus 64..68 ns,  done 68 + 100 = 168 ns
    //   C:  100 B =  2 bursts, bus 68..76 ns,  done 76 + 100 = 176 ns
    CHECK(d.access(0, 0, 1000, false) == 164 * kNs);
    CHECK(d.access(0, 0, 64, true) == 168 * kNs);
    CHECK(d.access(0, 0, 100, false) == 176 * kNs);
    CHECK(d.bursts() == 19);
    CHECK(d.busy_fs() == 76 * kNs);
    // D arrives at 70 ns, while C still holds the bus (until 76 ns): starts at 76, 1 burst,
    // bus free at 80, done 180 ns.
    CHECK(d.access(70 * kNs, 0, 1, false) == 180 * kNs);
}

TEST_CASE("bandwidth DRAM: an access after the bus is free starts at its arrival", "[dram]") {
    BandwidthDram d(16.0, 100 * kNs, 64);
    CHECK(d.access(0, 0, 64, false) == 104 * kNs);  // bus 0..4 ns
    // Arrives at 50 ns, bus free since 4 ns: starts at 50, 2 bursts = 8 ns, done 158 ns.
    CHECK(d.access(50 * kNs, 0, 128, false) == 158 * kNs);
    // Arrives exactly when the bus frees (58 ns): no wait; 1 burst, done 58 + 4 + 100 = 162 ns.
    CHECK(d.access(58 * kNs, 0, 64, false) == 162 * kNs);
    CHECK(d.busy_fs() == 16 * kNs);  // 4 bursts x 4 ns; the idle gap is not counted
}

TEST_CASE("bandwidth DRAM: calls are served in call order, whatever their arrival", "[dram]") {
    BandwidthDram d(16.0, 0, 64);
    // A arrives at 100 ns: bus 100..104. B arrives earlier (10 ns) but is called later: it
    // waits for A and takes the bus 104..108.
    CHECK(d.access(100 * kNs, 0, 64, false) == 104 * kNs);
    CHECK(d.access(10 * kNs, 0, 64, false) == 108 * kNs);
}

TEST_CASE("bandwidth DRAM: zero latency, reads and writes cost the same", "[dram]") {
    BandwidthDram r(16.0, 0, 64), w(16.0, 0, 64);
    // 65 B = 2 bursts = 8 ns either way.
    CHECK(r.access(0, 0, 65, false) == 8 * kNs);
    CHECK(w.access(0, 0, 65, true) == 8 * kNs);
    CHECK(r.bursts() == 2);
    CHECK(w.bursts() == 2);
}

}  // namespace sasim
