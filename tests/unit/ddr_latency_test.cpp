// Bank-level DRAM: unloaded latencies pinned to the clock, each derived from the JEDEC timings
// in a comment: row closed, row hit, row conflict (with and without tRAS pending), writes,
// write-to-read and read-to-write turnarounds, closed-page precharge.
#include <catch2/catch.hpp>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {
namespace {

using ddr_test::Bench;
using ddr_test::ddr4_3200;
using ddr_test::hbm2;

}  // namespace

TEST_CASE("ddr4: unloaded read latency, row closed / hit / conflict", "[ddr]") {
    Bench b(ddr4_3200());
    // Row closed: ACT at 0, RD at tRCD 22, last beat at 22 + CL 22 + BL/2 4 = 48.
    CHECK(b.serve(b.addr(0, 0, 5, 0), false, 0) == 48);
    CHECK(b.clk_of(DdrCommand::RD) == 22);
    // Row hit at 100: RD at 100, done 100 + CL 22 + BL/2 4 = 126 (latency 26).
    CHECK(b.serve(b.addr(0, 0, 5, 8), false, 100) == 126);
    // Row conflict, nothing pending, at 200: PRE 200, ACT 200 + tRP 22 = 222,
    // RD 222 + tRCD 22 = 244, done 244 + 22 + 4 = 270 (latency tRP + tRCD + CL + BL/2 = 70).
    CHECK(b.serve(b.addr(0, 0, 6, 0), false, 200) == 270);
    CHECK(b.clk_of(DdrCommand::PRE) == 200);
    CHECK(b.clk_of(DdrCommand::ACT, 1) == 222);
    CHECK(b.dram.stats().row_misses == 1);
    CHECK(b.dram.stats().row_hits == 1);
    CHECK(b.dram.stats().row_conflicts == 1);
    CHECK(b.dram.stats().latency_clk_sum == 48 + 26 + 70);
}

TEST_CASE("ddr4: row conflict waits for tRAS of the earlier ACT", "[ddr]") {
    Bench b(ddr4_3200());
    // ACT 0, RD 22, done 48 (as above).
    const uint64_t first = b.submit(b.addr(1, 2, 5, 0), false, 0);
    // Conflict arriving at 30: PRE waits for ACT 0 + tRAS 52 = 52 (RD 22 + tRTP 12 = 34 is
    // earlier); ACT 52 + tRP 22 = 74 (= ACT 0 + tRC 74 too); RD 74 + tRCD 22 = 96;
    // done 96 + CL 22 + BL/2 4 = 122.
    const uint64_t second = b.submit(b.addr(1, 2, 9, 0), false, 30);
    b.finish();
    CHECK(b.done_at.at(first) == 48);
    CHECK(b.done_at.at(second) == 122);
    CHECK(b.clk_of(DdrCommand::PRE) == 52);
    CHECK(b.clk_of(DdrCommand::ACT, 1) == 74);
    CHECK(b.clk_of(DdrCommand::RD, 1) == 96);
}

TEST_CASE("ddr4: unloaded write, write-to-read and read-to-write turnarounds", "[ddr]") {
    Bench b(ddr4_3200());
    // Row closed: ACT 0, WR at tRCD 22, last beat written at 22 + CWL 16 + BL/2 4 = 42.
    const uint64_t w0 = b.submit(b.addr(0, 0, 1, 0), true, 0);
    // Read of the same bank at 23: WR 22 + CWL 16 + BL/2 4 + tWTR_L 12 = 54;
    // done 54 + CL 22 + BL/2 4 = 80.
    const uint64_t r0 = b.submit(b.addr(0, 0, 1, 8), false, 23);
    // Read in another bank group (bg 1): ACT 100, RD 122, done 148. A write at 123 to the
    // open row of bg 0 waits for the bus: read data ends 122 + CL 22 + BL/2 4 = 148, + 1
    // turnaround = 149 = WR + CWL 16, so WR at 133; done 133 + 16 + 4 = 153.
    const uint64_t r1 = b.submit(b.addr(1, 0, 1, 0), false, 100);
    const uint64_t w1 = b.submit(b.addr(0, 0, 1, 16), true, 123);
    b.finish();
    CHECK(b.done_at.at(w0) == 42);
    CHECK(b.done_at.at(r0) == 80);
    CHECK(b.clk_of(DdrCommand::RD) == 54);
    CHECK(b.done_at.at(r1) == 148);
    CHECK(b.done_at.at(w1) == 153);
    CHECK(b.clk_of(DdrCommand::WR, 1) == 133);
}

TEST_CASE("ddr4: closed page precharges as soon as tRAS and tRTP allow", "[ddr]") {
    DdrParams p = ddr4_3200();
    p.page_policy = PagePolicy::closed;
    Bench b(p);
    // ACT 0, RD 22, done 48; PRE at max(ACT 0 + tRAS 52, RD 22 + tRTP 12) = 52.
    CHECK(b.serve(b.addr(0, 0, 5, 0), false, 0) == 48);
    // The same row again at 60 is a miss: ACT at max(60, PRE 52 + tRP 22 = 74, tRC 74) = 74,
    // RD 96, done 96 + 26 = 122.
    CHECK(b.serve(b.addr(0, 0, 5, 8), false, 60) == 122);
    CHECK(b.clk_of(DdrCommand::PRE) == 52);
    CHECK(b.clk_of(DdrCommand::ACT, 1) == 74);
    CHECK(b.dram.stats().row_misses == 2);
}

TEST_CASE("hbm2: unloaded read latency, row closed / hit / conflict, and a write", "[ddr]") {
    Bench b(hbm2());
    // Row closed: ACT 0, RD at tRCD 14, done 14 + CL 14 + BL/2 2 = 30.
    const uint64_t first = b.submit(b.addr(0, 0, 3, 0), false, 0);
    // Row conflict at 20: PRE at max(ACT 0 + tRAS 34, RD 14 + tRTP 6 = 20) = 34;
    // ACT 34 + tRP 14 = 48 (= tRC 48); RD 48 + tRCD 14 = 62; done 62 + 14 + 2 = 78.
    const uint64_t second = b.submit(b.addr(0, 0, 4, 0), false, 20);
    b.finish();
    CHECK(b.done_at.at(first) == 30);
    CHECK(b.done_at.at(second) == 78);
    CHECK(b.clk_of(DdrCommand::PRE) == 34);
    // Row hit at 100: done 100 + CL 14 + BL/2 2 = 116.
    CHECK(b.serve(b.addr(0, 0, 4, 4), false, 100) == 116);
    // Row conflict at 200, nothing pending: PRE 200, ACT 214, RD 228, done 244
    // (tRP 14 + tRCD 14 + CL 14 + BL/2 2 = 44).
    CHECK(b.serve(b.addr(0, 0, 7, 0), false, 200) == 244);
    // Write to a closed bank at 300: ACT 300, WR 314, done 314 + CWL 4 + BL/2 2 = 320.
    CHECK(b.serve(b.addr(2, 1, 7, 0), true, 300) == 320);
}

TEST_CASE("hbm2: channels are independent, the address picks the channel", "[ddr]") {
    const DdrParams p = hbm2();
    DdrAddressMap map(p);
    DdrDram dram(p);
    std::vector<DdrCommand> log;
    dram.set_command_observer([&](const DdrCommand& c) { log.push_back(c); });
    // Bursts 0..7 of the stream map go to channels 0..7, each a closed-row read: all eight
    // complete at tRCD 14 + CL 14 + BL/2 2 = 30.
    for (uint64_t i = 0; i < 8; ++i) {
        CHECK(map.decode(i * 64).channel == static_cast<int>(i));
        dram.enqueue(i, i * 64, false, 0);
    }
    std::vector<DdrCompletion> done;
    dram.run_until(31, done);
    REQUIRE(done.size() == 8);
    for (const DdrCompletion& c : done) CHECK(c.done_clk == 30);
    CHECK(dram.peak_gbps() == Approx(256.0));  // 8 x 128 / 8 B x 2 beats / 1 ns
}

}  // namespace sasim
