// Timing and policy rules added with the two-level controller, hand-timed: the tRTRS bubble
// between ranks, tPPD between precharges, refresh turns (staggered ranks, per-bank), refresh
// when due, reads served from the write queue, posted writes, drain-when-full, and the ranks'
// background state clocks. Each expected clock is derived in a comment.
#include <catch2/catch.hpp>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {
namespace {

using ddr_test::Bench;

std::vector<uint64_t> clocks_of(const Bench& b, DdrCommand::Kind k) {
    std::vector<uint64_t> out;
    for (const DdrCommand& c : b.log)
        if (c.kind == k) out.push_back(c.clk);
    return out;
}

}  // namespace

TEST_CASE("ddr4 tRTRS: a bubble between bursts of two ranks", "[ddr]") {
    auto run = [](int64_t trtrs, std::vector<uint64_t>& done) {
        DdrParams p = ddr_test::ddr4_3200();
        p.ranks = 2;
        p.tRTRS = trtrs;
        Bench b(p);
        b.serve(b.addr(0, 0, 5, 0, 0), false, 0);    // rank 0: ACT 0, RD 22
        b.serve(b.addr(0, 0, 5, 0, 1), false, 100);  // rank 1: ACT 100, RD 122
        // At 1000, all row hits: R0 rank 0, R1 rank 1, R2 rank 0 (same bank group as R0).
        const uint64_t r0 = b.submit(b.addr(0, 0, 5, 8, 0), false, 1000);
        const uint64_t r1 = b.submit(b.addr(0, 0, 5, 8, 1), false, 1000);
        const uint64_t r2 = b.submit(b.addr(0, 0, 5, 16, 0), false, 1000);
        b.finish();
        done = {b.done_at.at(r0), b.done_at.at(r1), b.done_at.at(r2)};
    };
    std::vector<uint64_t> d;
    // tRTRS 2: RD R0 1000, data [1022, 1026). R1 (rank 1): data from 1026 + 2 = 1028, so RD
    // 1028 - CL 22 = 1006. R2 (rank 0): tCCD_L 8 -> 1008, but after R1's data [1028, 1032)
    // it starts at 1032 + 2 = 1034: RD 1012. Done = RD + 26.
    run(2, d);
    CHECK(d == std::vector<uint64_t>{1026, 1032, 1038});
    // No bubble: R1 at 1000 + BL/2 4 = 1004, R2 at tCCD_L 1008.
    run(0, d);
    CHECK(d == std::vector<uint64_t>{1026, 1030, 1034});
}

TEST_CASE("lpddr4 tPPD: precharges of one rank are tPPD apart", "[ddr]") {
    auto run = [](Bench& b) {
        b.serve(b.addr(0, 0, 5, 0), false, 0);                         // bank 0: ACT 0, RD 15
        b.serve(b.addr(0, 1, 5, 0), false, 100);                       // bank 1: ACT 100, RD 115
        const uint64_t x = b.submit(b.addr(0, 0, 9, 0), false, 1000);  // conflicts in both
        const uint64_t y = b.submit(b.addr(0, 1, 9, 0), false, 1000);
        b.finish();
        return std::make_pair(b.done_at.at(x), b.done_at.at(y));
    };
    DdrParams p = ddr_test::lpddr4_2400();
    p.tPPD = 4;
    Bench b(p);
    const auto [x, y] = run(b);
    // PRE bank 0 at 1000, PRE bank 1 at 1000 + tPPD 4 = 1004 (not 1001). ACT 0 at 1000 + tRP
    // 15 = 1015, ACT 1 at max(1004 + 15, 1015 + tRRD 8) = 1023; RD 1030 and max(1038, 1030 +
    // BL/2 8) = 1038; done + CL 17 + BL/2 8.
    CHECK(clocks_of(b, DdrCommand::PRE) == std::vector<uint64_t>{1000, 1004});
    CHECK(x == 1030 + 25);
    CHECK(y == 1038 + 25);
    Bench n(ddr_test::lpddr4_2400());
    run(n);
    CHECK(clocks_of(n, DdrCommand::PRE) == std::vector<uint64_t>{1000, 1001});
}

TEST_CASE("ddr4 refresh: staggered ranks take turns every tREFI / ranks", "[ddr]") {
    auto refs = [](RefreshPolicy policy, uint64_t step) {
        DdrParams p = ddr_test::ddr4_3200();
        p.ranks = 2;
        p.refresh_policy = policy;
        Bench b(p);
        for (uint64_t t = step; t < 40000; t += step) b.run(t);  // idle, in steps
        b.run(40000);
        std::vector<std::pair<uint64_t, int>> out;
        for (const DdrCommand& c : b.log)
            if (c.kind == DdrCommand::REF) out.push_back({c.clk, c.rank});
        return out;
    };
    // rank_staggered: rank r's n-th REF at (2n + r + 1) x 12480 / 2 = 6240, 12480, ...
    const std::vector<std::pair<uint64_t, int>> staggered = {{6240, 0},  {12480, 1}, {18720, 0},
                                                             {24960, 1}, {31200, 0}, {37440, 1}};
    CHECK(refs(RefreshPolicy::rank_staggered, 40000) == staggered);  // in bulk
    CHECK(refs(RefreshPolicy::rank_staggered, 1000) == staggered);   // one at a time
    // all_rank: both at each tREFI, one command per clock.
    const std::vector<std::pair<uint64_t, int>> together = {{12480, 0}, {12481, 1}, {24960, 0},
                                                            {24961, 1}, {37440, 0}, {37441, 1}};
    CHECK(refs(RefreshPolicy::all_rank, 40000) == together);
    CHECK(refs(RefreshPolicy::all_rank, 1000) == together);
}

TEST_CASE("per-bank refresh: one bank every tREFI / banks, bank groups first", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.refresh_policy = RefreshPolicy::per_bank;
    p.tRFCpb = 280;
    Bench b(p);
    b.run(4000);
    // 16 banks: one every 12480 / 16 = 780 clocks, in the order bg0 ba0, bg1 ba0, bg2 ba0,
    // bg3 ba0, bg0 ba1, ...
    std::vector<std::tuple<uint64_t, int, int>> got;
    for (const DdrCommand& c : b.log)
        if (c.kind == DdrCommand::REFPB) got.emplace_back(c.clk, c.bankgroup, c.bank);
    CHECK(got == std::vector<std::tuple<uint64_t, int, int>>{
                     {780, 0, 0}, {1560, 1, 0}, {2340, 2, 0}, {3120, 3, 0}, {3900, 0, 1}});
    CHECK(b.dram.stats().ref == 0);
    // A refreshed bank rests tRFCpb: a read of bank bg0 ba0 at 781 (just after its REFPB at
    // 780) waits: ACT 780 + 280 = 1060, RD 1082, done 1108. A read of bg1 ba1 at 781 does
    // not: ACT 781, RD 803, done 829.
    Bench r(p);
    const uint64_t rested = r.submit(r.addr(0, 0, 1, 0), false, 781);
    const uint64_t other = r.submit(r.addr(1, 1, 1, 0), false, 781);
    r.finish();
    CHECK(r.clk_of(DdrCommand::REFPB) == 780);
    CHECK(r.done_at.at(rested) == 1108);
    CHECK(r.done_at.at(other) == 829);
    // A bank with a request queued when its turn comes postpones (refresh_owed_max 8): the
    // same read of bg0 ba0 at 780 is served at once (ACT 780, RD 802, done 828).
    Bench q(p);
    const uint64_t served = q.submit(q.addr(0, 0, 1, 0), false, 780);
    q.finish();
    CHECK(q.done_at.at(served) == 828);
}

TEST_CASE("refresh_owed_max 1: a busy rank refreshes when due", "[ddr]") {
    auto first_ref = [](int64_t owed) {
        DdrParams p = ddr_test::ddr4_3200();
        p.refresh_owed_max = owed;
        DdrDram dram(p);
        uint64_t first = UINT64_MAX;
        dram.set_command_observer([&](const DdrCommand& c) {
            if (c.kind == DdrCommand::REF) first = std::min(first, c.clk);
        });
        ddr_test::Driver d{dram};
        d.run(40000, [&](uint64_t i, uint64_t& addr, bool& write) {  // 160,000 clk of reads
            addr = i * 64;
            write = false;
        });
        return first;
    };
    // Due at 12480: the rank stops, precharges its open banks (the first after the last read's
    // tRTP 12, then one a clock, at most 16), waits tRP 22 and refreshes: by 12480 + 12 + 16 +
    // 22 = 12530.
    const uint64_t when_due = first_ref(1);
    CHECK(when_due >= 12480);
    CHECK(when_due <= 12530);
    // Postponed until 8 are owed: not before 8 x 12480 = 99,840.
    CHECK(first_ref(8) >= 99840);
}

TEST_CASE("read forwarding: a read of a queued write's address takes its data", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.read_forwarding = true;
    Bench b(p);
    // At 0: four reads of bank bg1 ba0 and a write W to X (bg0 ba0 row 2); W waits while reads
    // are queued (1 write < high watermark 24). At 1 a read F of X: served from W, done 1 + 1.
    for (int k = 0; k < 4; ++k) b.submit(b.addr(1, 0, 1, 8 * k), false, 0);
    b.submit(b.addr(0, 0, 2, 0), true, 0);
    const uint64_t f = b.submit(b.addr(0, 0, 2, 0), false, 1);
    const uint64_t other = b.submit(b.addr(0, 0, 2, 8), false, 1);  // not written: from DRAM
    b.finish();
    CHECK(b.done_at.at(f) == 2);
    CHECK(b.done_at.at(other) > 40);
    CHECK(b.count(DdrCommand::RD) == 5);
    CHECK(b.count(DdrCommand::WR) == 1);
    CHECK(b.dram.stats().forwarded_reads == 1);
    CHECK(b.dram.stats().reads == 6);
}

TEST_CASE("posted writes complete when accepted", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.posted_writes = true;
    Bench b(p);
    // Closed bank: ACT 0, WR 22 (data until 22 + CWL 16 + BL/2 4 = 42); posted: done at 1.
    CHECK(b.serve(b.addr(0, 0, 1, 0), true, 0) == 1);
    CHECK(b.clk_of(DdrCommand::WR) == 22);
    CHECK(b.dram.stats().latency_clk_sum == 1);
    Bench n(ddr_test::ddr4_3200());
    CHECK(n.serve(n.addr(0, 0, 1, 0), true, 0) == 42);
}

TEST_CASE("drain when full: writes wait for the high watermark with no read queued", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.posted_writes = true;
    p.write_drain = WriteDrain::when_full;
    p.write_queue = 4, p.write_high_watermark = 2, p.write_low_watermark = 0;
    Bench b(p);
    // W1 at 0: 1 write < 2 queued, no drain: no command by 100.
    b.submit(b.addr(1, 0, 1, 0), true, 0);
    b.run(100);
    CHECK(b.log.empty());
    // W2 at 100: 2 queued, no read: both drain. ACT W1 100, ACT W2 100 + tRRD_S 4 = 104,
    // WR 122 and 126.
    b.submit(b.addr(2, 0, 1, 0), true, 100);
    b.run(200);
    CHECK(clocks_of(b, DdrCommand::ACT) == std::vector<uint64_t>{100, 104});
    CHECK(clocks_of(b, DdrCommand::WR) == std::vector<uint64_t>{122, 126});
    // With reads queued, writes drain only when the queue is full (4): the four WRs of a full
    // queue go before the reads queued with them.
    for (int k = 0; k < 2; ++k) b.submit(b.addr(3, 1, 1, 8 * k), false, 1000);
    for (int k = 0; k < 4; ++k) b.submit(b.addr(k, 2, 1, 0), true, 1000);
    b.finish();
    int wr_before_rd = 0;
    for (size_t i = 0; i < b.log.size() && b.log[i].kind != DdrCommand::RD; ++i)
        wr_before_rd += b.log[i].kind == DdrCommand::WR && b.log[i].clk >= 1000;
    CHECK(wr_before_rd == 4);
}

TEST_CASE("rank background clocks: active while a bank is open, else precharged", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.ranks = 2;
    p.page_policy = PagePolicy::closed;
    Bench b(p);
    // Rank 0: ACT 0, RD 22, PRE at max(tRAS 52, 22 + tRTP 12) = 52: active [0, 52), precharged
    // [52, 100). Rank 1 precharged [0, 100). Sum: 2 ranks x 100 clocks.
    b.serve(b.addr(0, 0, 5, 0, 0), false, 0);
    b.run(100);
    CHECK(b.dram.stats().rank_active_clk == 52);
    CHECK(b.dram.stats().rank_precharged_clk == 48 + 100);
    // Open page, one rank: the row stays open until the refresh at 12480 closes it (PRE 12480,
    // REF 12502): active 12480 clocks, precharged 13000 - 12480 = 520.
    Bench o(ddr_test::ddr4_3200());
    o.serve(o.addr(0, 0, 5, 0), false, 0);
    o.run(13000);
    CHECK(o.clk_of(DdrCommand::PRE) == 12480);
    CHECK(o.dram.stats().rank_active_clk == 12480);
    CHECK(o.dram.stats().rank_precharged_clk == 520);
}

}  // namespace sasim
