// DdrChecker watching the controller: 200,000 random mixed requests per preset and page policy
// (and a two-rank variant) must produce zero violations, with every request completed and the
// stats consistent. Hand-made violating sequences are in ddr_checker_rules_test.cpp.
#include <catch2/catch.hpp>
#include <random>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {
namespace {

struct Workload {
    std::vector<uint64_t> addr, arrival;
    std::vector<bool> write;
};

// A mix that exercises every rule: sequential runs (row hits, tCCD), a hot 1 MiB region
// (conflicts in few banks, tRC / tRAS / tRP), uniform addresses (tRRD / tFAW), 35 % writes
// (turnarounds, tWTR, tWR, drain mode), short gaps (queues fill) and long ones (idle refresh,
// closed-page precharge).
Workload random_workload(const DdrParams& p, uint64_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto bb = static_cast<uint64_t>(p.burst_bytes());
    Workload w;
    uint64_t a = 0, t = 0;
    for (uint64_t i = 0; i < n; ++i) {
        const uint64_t kind = rng() % 10;
        if (kind < 5)
            a += bb;
        else if (kind < 8)
            a = rng() % ((uint64_t{1} << 20) / bb) * bb;
        else
            a = rng() % ((uint64_t{1} << 32) / bb) * bb;
        t += rng() % 20 == 0 ? rng() % 3000 : rng() % 8;
        w.addr.push_back(a);
        w.arrival.push_back(t);
        w.write.push_back(rng() % 100 < 35);
    }
    return w;
}

void run_checked(const DdrParams& p, uint64_t n, uint64_t seed, const char* variant = "") {
    INFO("variant " << variant);
    DdrDram dram(p);
    DdrChecker checker(p);
    int64_t commands = 0;
    dram.set_command_observer([&](const DdrCommand& c) {
        checker.observe(c);
        ++commands;
    });
    const Workload w = random_workload(p, n, seed);
    ddr_test::Driver d{dram};
    const uint64_t last = d.run(
        n,
        [&](uint64_t i, uint64_t& addr, bool& write) {
            addr = w.addr[i];
            write = w.write[i];
        },
        [&](uint64_t i) { return w.arrival[i]; });
    checker.finish(last);
    const DdrStats& s = dram.stats();
    INFO("commands " << commands << ", first violation: "
                     << (checker.violations().empty() ? "-" : checker.violations().front()));
    CHECK(checker.violations().empty());
    CHECK(s.reads + s.writes == static_cast<int64_t>(n));
    CHECK(s.rd + s.forwarded_reads == s.reads);
    CHECK(s.wr <= s.writes);  // posted writes may still wait in a when_full buffer
    // A request is classified at its first command; a posted write may have had its ACT and
    // still wait for its WR when the run ends.
    const int64_t classified = s.row_hits + s.row_misses + s.row_conflicts;
    if (p.posted_writes)
        CHECK(classified >= s.rd + s.wr);
    else
        CHECK(classified == s.rd + s.wr);
    CHECK(s.data_busy_clk == static_cast<uint64_t>(s.rd + s.wr) * (p.burst_length / 2));
    CHECK(s.ref + s.refpb > 0);
    // Little's law: the controllers' time integral of requests held is the latency sum.
    CHECK(s.occupancy_clk_sum == s.latency_clk_sum);
    // No request beats its unloaded row-hit latency (CL or CWL, + BL/2), unless posted or
    // served from the write queue (one clock).
    const auto burst = static_cast<uint64_t>(p.burst_length / 2);
    if (!p.posted_writes && !p.read_forwarding) {
        CHECK(s.latency_clk_sum >= static_cast<uint64_t>(s.reads) * (p.CL + burst) +
                                       static_cast<uint64_t>(s.writes) * (p.CWL + burst));
        CHECK(dram.idle());
    }
}

DdrParams with_policy(DdrParams p, PagePolicy policy) {
    p.page_policy = policy;
    return p;
}

}  // namespace

TEST_CASE("checker: 200,000 random requests through ddr4, both page policies", "[ddr]") {
    for (PagePolicy policy : {PagePolicy::open, PagePolicy::closed})
        run_checked(with_policy(ddr_test::ddr4_3200(), policy), 200000, 1);
}

TEST_CASE("checker: 200,000 random requests through lpddr4, both page policies", "[ddr]") {
    for (PagePolicy policy : {PagePolicy::open, PagePolicy::closed})
        run_checked(with_policy(ddr_test::lpddr4_2400(), policy), 200000, 2);
}

TEST_CASE("checker: 200,000 random requests through hbm2, both page policies", "[ddr]") {
    for (PagePolicy policy : {PagePolicy::open, PagePolicy::closed})
        run_checked(with_policy(ddr_test::hbm2(), policy), 200000, 3);
}

// The two-level controller and its policies, one at a time and DRAMsim3's set together.
void run_variants(const DdrParams& base, uint64_t seed) {
    auto with = [&](auto change) {
        DdrParams p = base;
        change(p);
        return p;
    };
    const uint64_t n = 30000;
    run_checked(with([](DdrParams& p) { p.command_queue = 8; }), n, seed, "command queues");
    run_checked(with([](DdrParams& p) {
                    p.command_queue = 4;
                    p.command_queue_grouping = QueueGrouping::per_rank;
                    p.scheduler = SchedulerKind::round_robin;
                    p.row_hit_cap = 4;
                }),
                n, seed, "per-rank queues, round robin, cap");
    run_checked(with([](DdrParams& p) { p.row_hit_cap = 2; }), n, seed, "FR-FCFS cap 2");
    run_checked(with([](DdrParams& p) {
                    p.ranks = 2;
                    p.address_map = "ro:ba:co:bg:ra:ch";
                    p.tRTRS = 2;
                    p.refresh_policy = RefreshPolicy::rank_staggered;
                    p.refresh_owed_max = 1;
                }),
                n, seed, "two ranks, tRTRS, staggered refresh when due");
    run_checked(with([](DdrParams& p) {
                    p.refresh_policy = RefreshPolicy::per_bank;
                    p.tRFCpb = p.tRFC / 2;
                    p.tPPD = 3;
                    p.dual_issue = true;
                }),
                n, seed, "per-bank refresh, tPPD, dual issue");
    run_checked(with([](DdrParams& p) {
                    p.posted_writes = true;
                    p.read_forwarding = true;
                    p.write_drain = WriteDrain::when_full;
                    p.write_high_watermark = 16;
                    p.write_low_watermark = 0;
                    p.command_queue = 8;
                    p.scheduler = SchedulerKind::round_robin;
                    p.row_hit_cap = 4;
                    p.ranks = 2;
                    p.address_map = "ro:ra:ba:co:bg:ch";
                    p.tRTRS = 1;
                    p.refresh_policy = RefreshPolicy::rank_staggered;
                    p.refresh_owed_max = 1;
                }),
                n, seed, "DRAMsim3's structure");
}

TEST_CASE("checker: the two-level controller and its policies through ddr4", "[ddr]") {
    run_variants(ddr_test::ddr4_3200(), 11);
}

TEST_CASE("checker: the two-level controller and its policies through lpddr4", "[ddr]") {
    run_variants(ddr_test::lpddr4_2400(), 12);
}

TEST_CASE("checker: the two-level controller and its policies through hbm2", "[ddr]") {
    DdrParams p = ddr_test::hbm2();
    p.dual_issue = true;
    run_variants(p, 13);
}

TEST_CASE("checker: two ranks and a rank-interleaved map", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.ranks = 2;
    p.address_map = "ro:ba:co:bg:ra:ch";  // consecutive bursts alternate ranks
    for (PagePolicy policy : {PagePolicy::open, PagePolicy::closed})
        run_checked(with_policy(p, policy), 100000, 4);
}

}  // namespace sasim
