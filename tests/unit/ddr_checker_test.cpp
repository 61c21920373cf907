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

void run_checked(const DdrParams& p, uint64_t n, uint64_t seed) {
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
    CHECK(s.rd == s.reads);
    CHECK(s.wr == s.writes);
    CHECK(s.row_hits + s.row_misses + s.row_conflicts == static_cast<int64_t>(n));
    CHECK(s.data_busy_clk == n * static_cast<uint64_t>(p.burst_length / 2));
    CHECK(s.ref > 0);
    // No request beats its unloaded row-hit latency (CL or CWL, + BL/2).
    const auto burst = static_cast<uint64_t>(p.burst_length / 2);
    CHECK(s.latency_clk_sum >= static_cast<uint64_t>(s.reads) * (p.CL + burst) +
                                   static_cast<uint64_t>(s.writes) * (p.CWL + burst));
    CHECK(dram.idle());
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

TEST_CASE("checker: two ranks and a rank-interleaved map", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.ranks = 2;
    p.address_map = "ro:ba:co:bg:ra:ch";  // consecutive bursts alternate ranks
    for (PagePolicy policy : {PagePolicy::open, PagePolicy::closed})
        run_checked(with_policy(p, policy), 100000, 4);
}

}  // namespace sasim
