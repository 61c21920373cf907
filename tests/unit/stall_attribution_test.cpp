// Stall causes by what went on along the memory path (models/unit/stall_attribution.hpp)
// and the activity logs it reads (models/common/activity_log.hpp): counts from out-of-order
// intervals, coverage, forgetting, and the charging rule on hand-worked windows.
#include <catch2/catch.hpp>

#include "models/common/activity_log.hpp"
#include "models/unit/stall_attribution.hpp"

namespace sasim {

TEST_CASE("activity log: counts from intervals in any order; coverage of a window", "[stall]") {
    ActivityLog b;
    b.add(10, 20);
    b.add(40, 50);
    b.add(30, 35);  // out of order
    b.add(18, 31);  // overlaps both neighbours: the count is 2 in [18,20) and [30,31)
    b.add(60, 60);  // empty: ignored
    CHECK(b.at(5) == 0);
    CHECK(b.at(19) == 2);
    CHECK(b.at(25) == 1);
    CHECK(b.at(30) == 2);
    CHECK(b.at(35) == 0);
    CHECK(b.covered(0, 100) == 25 + 10);  // [10,35) and [40,50)
    CHECK(b.covered(12, 45) == 23 + 5);   // [12,35) and [40,45)
    CHECK(b.covered(35, 40) == 0);
    b.step(70, +2);  // open-ended: two from 70 on
    b.step(90, -2);
    CHECK(b.covered(0, 100) == 35 + 20);
}

TEST_CASE("activity log: forgetting folds the past into the count, clips later adds",
          "[stall]") {
    ActivityLog b;
    for (uint64_t i = 0; i < 3000; ++i) b.add(10 * i, 10 * i + 5);
    CHECK(b.changes() == 5999);  // the +1 at time 0 is the count from the start
    b.add(19999, 20003);    // overlaps [20000,20005): count 2 in [20000,20003)
    b.forget_before(20000);  // changes up to 20000 fold in: the count there is 2
    CHECK(b.at(20000) == 2);
    CHECK(b.at(20003) == 1);
    CHECK(b.covered(20000, 20010) == 5);
    b.add(100, 200);  // wholly before the horizon: dropped
    CHECK(b.at(20006) == 0);
    b.add(19990, 20007);  // reaches back: counts from 20000 on
    CHECK(b.at(20006) == 1);
    CHECK(b.covered(20000, 20010) == 7);
}

TEST_CASE("stall causes: queues saturate, otherwise the moment is shared by the packets in "
          "flight", "[stall]") {
    ActivityLog dq, bus, lq, link, fly;
    PathActivity a{&dq, &bus, &lq, &link, &fly};
    // A stall [0,100):
    //   [0,20)   requests queued at the DRAM                      -> bandwidth 20
    //   [20,40)  link queue, no DRAM queue                        -> interconnect 20
    //   [40,60)  no queue; 4 packets in flight, one on the bus    -> bandwidth 20/4 = 5,
    //                                                                latency 15
    //   [60,80)  no queue; 2 in flight, one on the bus, one on the link
    //                                                             -> bandwidth 10, interconnect 10
    //   [80,100) nothing in flight                                -> latency 20
    dq.add(0, 20);
    lq.add(20, 40);
    fly.step(0, +4);
    bus.add(40, 80);
    fly.step(60, -2);
    link.add(60, 80);
    fly.step(80, -2);
    StallTime t = classify_stall(0, 100, a);
    CHECK(t.bandwidth == 20 + 5 + 10);
    CHECK(t.interconnect == 20 + 10);
    CHECK(t.latency == 15 + 20);
    // Both queues in [0,20) too: the DRAM queue covers 20 of the stall, the link's 40: the
    // link takes the shared moments -> interconnect [0,40) = 40, bandwidth 5 + 10.
    lq.add(0, 20);
    t = classify_stall(0, 100, a);
    CHECK(t.bandwidth == 15);
    CHECK(t.interconnect == 40 + 10);
    CHECK(t.latency == 35);
    // No logs at all (ideal DRAM, unlimited link, no DMA record): latency.
    t = classify_stall(0, 100, PathActivity{});
    CHECK(t.latency == 100);
}

TEST_CASE("stall causes: two readers of the same logs (array, vector unit) keep each other's "
          "open stall", "[stall]") {
    ActivityLog dq, fly;
    PathReaders readers;
    PathActivity array{&dq, nullptr, nullptr, nullptr, &fly, &readers};
    PathActivity vector = array;
    dq.add(10, 30);  // DRAM queue in [10,30), one packet in flight over [10,60)
    fly.add(10, 60);
    vector.open(20);            // the vector unit stalls from 20 ...
    array.forget_before(50);    // ... the array is done with everything before 50
    StallTime t = classify_stall(20, 60, vector);
    CHECK(t.bandwidth == 10);   // [20,30): queued at the DRAM, still known
    CHECK(t.latency == 30);     // [30,60): one packet, not on any bus
    vector.forget_before(20);
    vector.close(20);
    CHECK(readers.open_questions() == 0);
    array.forget_before(50);  // nothing open now: the logs forget up to 50
    CHECK(dq.changes() == 0);
    CHECK(fly.at(50) == 1);
    CHECK(fly.changes() == 1);
}

TEST_CASE("stall causes: whole cycles by largest remainders, adding up to the stall",
          "[stall]") {
    // Exactly proportional: 109 cycles of (104, 1, 4).
    StallSplit s = split_stall(109, StallTime{104, 1, 4});
    CHECK(s.latency == 104);
    CHECK(s.interconnect == 1);
    CHECK(s.bandwidth == 4);
    // 4 x (104, 1, 8) / 113 = (3.68, 0.04, 0.28): floors (3, 0, 0); the last cycle goes to the
    // largest remainder, latency.
    s = split_stall(4, StallTime{104, 1, 8});
    CHECK(s.latency == 4);
    CHECK(s.interconnect == 0);
    CHECK(s.bandwidth == 0);
    // 95 x (104, 32, 68) / 204 = (48.43, 14.90, 31.67): floors (48, 14, 31), remainders to the
    // link (.90) and DRAM (.67).
    s = split_stall(95, StallTime{104, 32, 68});
    CHECK(s.latency == 48);
    CHECK(s.interconnect == 15);
    CHECK(s.bandwidth == 32);
    // An empty window (a stall shorter than the time resolution): latency; no stall: nothing.
    s = split_stall(5, StallTime{});
    CHECK(s.latency == 5);
    s = split_stall(0, StallTime{1, 1, 1});
    CHECK(s.latency + s.interconnect + s.bandwidth == 0);
}


TEST_CASE("stall causes: an on-chip copy counts as one transfer, charged to bank conflicts",
          "[stall]") {
    ActivityLog fly, bus, copy;
    PathActivity a;
    a.in_flight = &fly;
    a.dram_bus = &bus;
    a.local_copy = &copy;
    //   [0,20)   a copy alone                                   -> bank 20
    //   [20,40)  a copy and one packet on the DRAM's bus (k = 2) -> bank 10, bandwidth 10
    //   [40,60)  a copy and 3 packets, none on a bus (k = 4)    -> bank 5, latency 15
    //   [60,80)  nothing                                        -> latency 20
    copy.add(0, 60);
    fly.add(20, 40);
    bus.add(20, 40);
    fly.step(40, +3);
    fly.step(60, -3);
    const StallTime t = classify_stall(0, 80, a);
    CHECK(t.bank == 20 + 10 + 5);
    CHECK(t.bandwidth == 10);
    CHECK(t.latency == 15 + 20);
    CHECK(t.interconnect == 0);
    // 10 x (35, 0, 10, 35) / 80 = (4.375, 0, 1.25, 4.375): floors (4, 0, 1, 4), the last cycle
    // to the largest remainder: latency and bank tie at .375, latency comes first.
    const StallSplit s = split_stall(10, StallTime{35, 0, 10, 35});
    CHECK(s.latency == 5);
    CHECK(s.bandwidth == 1);
    CHECK(s.bank == 4);
    CHECK(s.latency + s.interconnect + s.bandwidth + s.bank == 10);
}

}  // namespace sasim
