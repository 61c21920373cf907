// The two-level controller, hand-timed on DDR4-3200 and HBM2: a transaction takes one clock to
// move into its command queue (the oldest whose queue has room moves), round robin serves the
// queue after the one served last, the row-hit cap lets an older conflict close a row, and HBM
// dual issue puts a row and a column command in one clock.
#include <catch2/catch.hpp>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {
namespace {

using ddr_test::Bench;

DdrParams two_level(DdrParams p, int64_t entries) {
    p.command_queue = entries;
    p.command_queue_grouping = QueueGrouping::per_bank;
    return p;
}

}  // namespace

TEST_CASE("ddr4 command queues: a move takes a clock, the oldest movable one moves", "[ddr]") {
    Bench b(two_level(ddr_test::ddr4_3200(), 1));  // one entry per bank
    // At 0: A1, A2, A3 to bank bg0 ba0 row 5, then B1 to bg1 ba0 row 5, all closed.
    const uint64_t a1 = b.submit(b.addr(0, 0, 5, 0), false, 0);
    const uint64_t a2 = b.submit(b.addr(0, 0, 5, 8), false, 0);
    const uint64_t a3 = b.submit(b.addr(0, 0, 5, 16), false, 0);
    const uint64_t b1 = b.submit(b.addr(1, 0, 5, 0), false, 0);
    b.finish();
    // Moves, one per clock: A1 at 0 (visible 1). At 1 bank 0's queue is full (A1), so B1, the
    // oldest movable, moves (visible 2). ACT A 1, ACT B max(2, 1 + tRRD_S 4) = 5;
    // RD A1 1 + tRCD 22 = 23 (frees bank 0's entry: A2 moves at 23, visible 24);
    // RD B1 max(5 + 22, 23 + tCCD_S 4) = 27; RD A2 max(24, 23 + tCCD_L 8, 27 + BL/2 4) = 31
    // (A3 moves at 31); RD A3 max(32, 31 + 8) = 39. Done = RD + CL 22 + BL/2 4.
    CHECK(b.clk_of(DdrCommand::ACT, 0) == 1);
    CHECK(b.clk_of(DdrCommand::ACT, 1) == 5);
    CHECK(b.done_at.at(a1) == 23 + 26);
    CHECK(b.done_at.at(b1) == 27 + 26);
    CHECK(b.done_at.at(a2) == 31 + 26);
    CHECK(b.done_at.at(a3) == 39 + 26);
    // The same requests with no command queues: ACT 0 and 4, RD 22, 26, 30, 38: one clock
    // earlier each (the move).
    Bench one(ddr_test::ddr4_3200());
    const uint64_t first = one.submit(one.addr(0, 0, 5, 0), false, 0);
    one.finish();
    CHECK(one.done_at.at(first) == 22 + 26);
}

TEST_CASE("ddr4 round robin: the queue after the last one served goes first", "[ddr]") {
    // Rows 5 open in bank 0 (bg0 ba0) and bank 4 (bg1 ba0); bank 4 served last. At 1000 a hit
    // X to bank 4, then a hit Y to bank 0; two moves per clock, so both are visible at 1001 and
    // could both issue then (the first at 1001, the other tCCD_S 4 later).
    auto run = [](SchedulerKind s, uint64_t& x_done, uint64_t& y_done) {
        DdrParams p = two_level(ddr_test::ddr4_3200(), 8);
        p.queue_moves_per_clk = 2;
        p.scheduler = s;
        Bench b(p);
        b.serve(b.addr(0, 0, 5, 0), false, 0);    // move 0, ACT 1, RD 23
        b.serve(b.addr(1, 0, 5, 0), false, 100);  // move 100, ACT 101, RD 123: queue 4 last
        const uint64_t x = b.submit(b.addr(1, 0, 5, 8), false, 1000);
        const uint64_t y = b.submit(b.addr(0, 0, 5, 8), false, 1000);
        b.finish();
        x_done = b.done_at.at(x), y_done = b.done_at.at(y);
    };
    uint64_t x = 0, y = 0;
    // FR-FCFS: the older X at 1001, Y at 1005; done + CL 22 + BL/2 4.
    run(SchedulerKind::frfcfs, x, y);
    CHECK(x == 1001 + 26);
    CHECK(y == 1005 + 26);
    // Round robin: after queue 4 the turn goes 5, 6, ..., 15, 0: Y (queue 0) first.
    run(SchedulerKind::round_robin, x, y);
    CHECK(y == 1001 + 26);
    CHECK(x == 1005 + 26);
}

TEST_CASE("ddr4 row-hit cap: an older conflict closes the row after cap hits", "[ddr]") {
    auto run = [](Bench& b) {
        b.serve(b.addr(0, 0, 5, 0), false, 0);  // ACT 0, RD 22: row 5 open, 1 hit
        std::vector<uint64_t> ids;
        ids.push_back(b.submit(b.addr(0, 0, 9, 0), false, 100));  // C: row 9, the oldest
        for (int k = 1; k <= 6; ++k) ids.push_back(b.submit(b.addr(0, 0, 5, 8 * k), false, 100));
        b.finish();
        return ids;
    };
    DdrParams p = ddr_test::ddr4_3200();
    p.row_hit_cap = 4;
    Bench capped(p);
    const auto c = run(capped);
    // Hits H1..H3 at 100, 108, 116 (tCCD_L 8) bring the row to 4 column commands: C's PRE
    // then goes first, at 116 + tRTP 12 = 128; ACT 128 + tRP 22 = 150; RD 172; done 198.
    CHECK(capped.done_at.at(c[0]) == 172 + 26);
    CHECK(capped.done_at.at(c[3]) == 116 + 26);
    // H4..H6 now conflict with row 9: PRE max(172 + tRTP 12, 150 + tRAS 52) = 202, ACT 224
    // (= 150 + tRC 74), RD 246, 254, 262.
    CHECK(capped.clk_of(DdrCommand::PRE, 1) == 202);
    CHECK(capped.done_at.at(c[4]) == 246 + 26);
    CHECK(capped.done_at.at(c[6]) == 262 + 26);
    // No cap: H1..H6 at 100..140, then PRE 152, ACT 174, RD C 196.
    Bench free(ddr_test::ddr4_3200());
    const auto f = run(free);
    CHECK(free.done_at.at(f[6]) == 140 + 26);
    CHECK(free.done_at.at(f[0]) == 196 + 26);
}

TEST_CASE("hbm2 dual issue: a row and a column command in the same clock", "[ddr]") {
    auto run = [](Bench& b) {
        b.serve(b.addr(0, 0, 3, 0), false, 0);            // ACT 0, RD 14: row 3 of bank A open
        b.submit(b.addr(0, 0, 3, 4), false, 100);         // R1: hit
        return b.submit(b.addr(1, 0, 7, 0), false, 100);  // R2: bank B closed
    };
    DdrParams p = ddr_test::hbm2();
    p.channels = 1;
    p.dual_issue = true;
    Bench d(p);
    const uint64_t r2 = run(d);
    d.finish();
    // RD R1 and ACT R2 both at 100; RD R2 100 + tRCD 14 = 114, done + CL 14 + BL/2 2 = 130.
    CHECK(d.clk_of(DdrCommand::RD, 1) == 100);
    CHECK(d.clk_of(DdrCommand::ACT, 1) == 100);
    CHECK(d.done_at.at(r2) == 130);
    // One command per clock: RD R1 100, ACT R2 101, RD R2 115, done 131.
    p.dual_issue = false;
    Bench s(p);
    const uint64_t r2s = run(s);
    s.finish();
    CHECK(s.clk_of(DdrCommand::ACT, 1) == 101);
    CHECK(s.done_at.at(r2s) == 131);
}

}  // namespace sasim
