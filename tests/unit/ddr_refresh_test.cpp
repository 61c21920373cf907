// Bank-level DRAM refresh: one REF per rank per tREFI (on time when idle, postponed at most 8
// while busy), and a stream loses what each REF costs it (tRP + tRFC + tRCD and the drain),
// about tRFC / tREFI of the time. Each window is derived in a comment.
#include <catch2/catch.hpp>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {
namespace {

struct RefreshRun {
    uint64_t idle_clk = 0, stream_end = 0;
    uint64_t stream_clocks = 0;  // first arrival to last completion
    int64_t refs_idle = 0, refs_stream = 0, refs_tail = 0, refs_total = 0;
    uint64_t end_clk = 0;  // the run went idle again up to here
};

// Idle for `idle_clk`, stream `bursts` sequential reads, then idle for `tail_clk`.
RefreshRun idle_stream_idle(const DdrParams& p, uint64_t idle_clk, uint64_t bursts,
                            uint64_t tail_clk) {
    DdrDram dram(p);
    std::vector<uint64_t> refs;
    dram.set_command_observer([&](const DdrCommand& c) {
        if (c.kind == DdrCommand::REF) refs.push_back(c.clk);
    });
    std::vector<DdrCompletion> done;
    dram.run_until(idle_clk, done);
    ddr_test::Driver d{dram, idle_clk};
    const uint64_t end = d.run(bursts, [&](uint64_t i, uint64_t& addr, bool& write) {
        addr = i * p.burst_bytes();
        write = false;
    });
    RefreshRun run;
    run.idle_clk = idle_clk;
    run.stream_end = end;
    run.stream_clocks = end - idle_clk;
    run.end_clk = end + tail_clk;  // the tail: owed REFs are paid once the rank is idle
    dram.run_until(run.end_clk, done);
    for (uint64_t t : refs)
        ++(t < idle_clk ? run.refs_idle : t < end ? run.refs_stream : run.refs_tail);
    run.refs_total = static_cast<int64_t>(refs.size());
    return run;
}

// tREFI boundaries k x tREFI in (from, to].
int64_t boundaries(uint64_t from, uint64_t to, int64_t trefi) {
    return static_cast<int64_t>(to / trefi) - static_cast<int64_t>(from / trefi);
}

}  // namespace

TEST_CASE("ddr4: one REF per tREFI, and a stream loses about tRFC / tREFI", "[ddr]") {
    const DdrParams p = ddr_test::ddr4_3200();
    DdrParams no_refresh = p;
    no_refresh.tREFI = int64_t{1} << 40;
    // Idle 5 x tREFI + 1000 = 63,400 clk: REFs at 12,480 x 1..5, on time (nothing queued).
    const uint64_t idle = 5 * 12480 + 1000;
    // 400,000 bursts x 4 clk = 1,600,000 clk of data (128 tREFI); tail 8 x tRFC 560 + slack.
    const uint64_t bursts = 400000, tail = 8 * 560 + 1000;
    const RefreshRun with = idle_stream_idle(p, idle, bursts, tail);
    const RefreshRun without = idle_stream_idle(no_refresh, idle, bursts, tail);
    CHECK(with.refs_idle == 5);
    CHECK(without.refs_total == 0);
    // Over the whole run every due REF is issued: floor((end - 1) / tREFI).
    CHECK(with.refs_total == static_cast<int64_t>((with.end_clk - 1) / 12480));
    // While streaming, REFs wait until 8 are owed, then one per tREFI, so of the B tREFI
    // boundaries the stream spans it leaves 7 or 8 owed at its end.
    const int64_t b = boundaries(with.idle_clk, with.stream_end, 12480);
    CHECK(with.refs_stream >= b - 8);
    CHECK(with.refs_stream <= b - 7);
    // Cost of one REF to the stream: the rank stops at the deadline, precharges its open banks
    // (up to 16, one command per clock, the last read's bank no sooner than tRTP 12 after
    // it), waits tRP 22, REF, tRFC 560, ACT, tRCD 22, then reads resume at the bus rate:
    // 22 + 560 + 22 = 604 <= cost <= 604 + 15 (PRE slots) + a burst slot 4 + slack 5 = 628.
    const double lost = static_cast<double>(with.stream_clocks - without.stream_clocks);
    const double per_ref = lost / static_cast<double>(with.refs_stream);
    INFO("per-REF cost " << per_ref << " clk over " << with.refs_stream << " REFs");
    CHECK(per_ref >= 604.0);
    CHECK(per_ref <= 628.0);
    // So the share of time refresh takes is 604..628 / 12480 = 4.84 %..5.03 % (tRFC alone:
    // 560 / 12480 = 4.49 %).
    const double share = per_ref / 12480.0;
    CHECK(share >= 560.0 / 12480.0);
    CHECK(share <= 0.0503);
}

TEST_CASE("hbm2: refresh share of a one-channel stream", "[ddr]") {
    DdrParams p = ddr_test::hbm2();
    p.channels = 1;
    DdrParams no_refresh = p;
    no_refresh.tREFI = int64_t{1} << 40;
    // Idle 3 x tREFI + 500: 3 REFs. Stream 200,000 bursts x 2 clk = 400,000 clk (102 tREFI).
    const uint64_t idle = 3 * 3900 + 500, bursts = 200000, tail = 8 * 260 + 500;
    const RefreshRun with = idle_stream_idle(p, idle, bursts, tail);
    const RefreshRun without = idle_stream_idle(no_refresh, idle, bursts, tail);
    CHECK(with.refs_idle == 3);
    CHECK(with.refs_total == static_cast<int64_t>((with.end_clk - 1) / 3900));
    const int64_t b = boundaries(with.idle_clk, with.stream_end, 3900);
    CHECK(with.refs_stream >= b - 8);
    CHECK(with.refs_stream <= b - 7);
    // Cost: tRP 14 + tRFC 260 + tRCD 14 = 288, plus up to 15 PRE slots and a burst slot 2,
    // plus a tFAW stall: the 4 rows re-opened after the REF may hold only k >= 1 bursts each
    // (8k clk of data), while the next 4 ACTs wait for tFAW 30 and then tRCD 14: the bus idles
    // up to 30 + 14 - (14 + 8) = 22 clk. So 288 <= cost <= 288 + 15 + 2 + 22 = 327.
    const double per_ref = static_cast<double>(with.stream_clocks - without.stream_clocks) /
                           static_cast<double>(with.refs_stream);
    INFO("per-REF cost " << per_ref << " clk over " << with.refs_stream << " REFs");
    CHECK(per_ref >= 288.0);
    CHECK(per_ref <= 327.0);
    // Share of time: 288..327 / 3900 = 7.4 %..8.4 % (tRFC alone: 260 / 3900 = 6.7 %).
}

}  // namespace sasim

namespace sasim {
namespace {

// Every command of a run: idle for `idle` clocks (in one run_until, or in steps of `step`),
// then one read and one write, then idle again.
std::vector<DdrCommand> idle_then_access(const DdrParams& p, uint64_t idle, uint64_t step) {
    DdrDram dram(p);
    std::vector<DdrCommand> log;
    dram.set_command_observer([&](const DdrCommand& c) { log.push_back(c); });
    std::vector<DdrCompletion> done;
    for (uint64_t t = step; t < idle; t += step) dram.run_until(t, done);
    dram.run_until(idle, done);
    dram.enqueue(0, 0, false, idle);
    dram.enqueue(1, 4096, true, idle);
    dram.run_until(idle + 3 * static_cast<uint64_t>(p.tREFI), done);
    REQUIRE(done.size() == 2);
    return log;
}

bool same_commands(const std::vector<DdrCommand>& a, const std::vector<DdrCommand>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].kind != b[i].kind || a[i].clk != b[i].clk || a[i].rank != b[i].rank ||
            a[i].row != b[i].row || a[i].column != b[i].column)
            return false;
    return true;
}

}  // namespace

TEST_CASE("ddr: a long idle stretch in one call refreshes exactly as stepped", "[ddr]") {
    // One call over 1000 tREFI takes the idle refreshes in bulk; steps of tREFI / 2 never see
    // two triggers at once, so they take each through the scheduler. Same commands, same clocks.
    for (PagePolicy policy : {PagePolicy::open, PagePolicy::closed}) {
        DdrParams p = ddr_test::ddr4_3200();
        p.page_policy = policy;
        const uint64_t idle = 1000 * static_cast<uint64_t>(p.tREFI) + 123;
        const auto bulk = idle_then_access(p, idle, idle);
        const auto stepped = idle_then_access(p, idle, static_cast<uint64_t>(p.tREFI) / 2);
        // REFs at 12,480 x 1..1000 (the 1000th at 12,480,000 < idle), then ACT/RD/WR/... and
        // the refreshes of the three tREFI after.
        int64_t refs = 0;
        for (const DdrCommand& c : bulk) refs += c.kind == DdrCommand::REF && c.clk < idle;
        CHECK(refs == 1000);
        CHECK(bulk.size() == stepped.size());
        CHECK(same_commands(bulk, stepped));
    }
}

}  // namespace sasim
