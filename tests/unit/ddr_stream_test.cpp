// Bank-level DRAM under a sequential read stream: >= 90 % of peak with the presets' streaming
// maps (ddr_test_params.hpp), and the controller's CPU cost per burst. The stream includes its
// refreshes (postponed while busy, at most 8, then one per tREFI).
#include <catch2/catch.hpp>
#include <ctime>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {
namespace {

struct StreamResult {
    uint64_t clocks;
    double efficiency;  // achieved / peak bandwidth
    double cpu_ns_per_burst;
    DdrStats stats;
};

StreamResult stream_reads(const DdrParams& p, uint64_t bytes) {
    DdrDram dram(p);
    ddr_test::Driver d{dram};
    const uint64_t bursts = bytes / p.burst_bytes();
    const std::clock_t t0 = std::clock();  // CPU time: the test machine may be loaded
    const uint64_t clocks = d.run(bursts, [&](uint64_t i, uint64_t& addr, bool& write) {
        addr = i * p.burst_bytes();
        write = false;
    });
    const std::clock_t t1 = std::clock();
    const double gbps = static_cast<double>(bytes) / (static_cast<double>(clocks) * p.tck_ns);
    const double ns = 1e9 * static_cast<double>(t1 - t0) / CLOCKS_PER_SEC;
    return {clocks, gbps / dram.peak_gbps(), ns / static_cast<double>(bursts), dram.stats()};
}

}  // namespace

TEST_CASE("ddr4: an 8 MiB sequential read stream reaches >= 90 % of 25.6 GB/s", "[ddr]") {
    // 8 MiB / 64 B = 131,072 bursts x BL/2 4 clk = 524,288 clk at peak. Row switches are
    // hidden (the next bank's rows open while the current ones are read); refresh is not: the
    // run spans 43 tREFI boundaries and ends with 7 or 8 REFs postponed, so 35-36 REFs of
    // ~616 clk each (ddr_refresh_test): 524,288 / (524,288 + 36 x 616 + 48) = 95.9 %.
    const StreamResult r = stream_reads(ddr_test::ddr4_3200(), 8 << 20);
    INFO("efficiency " << r.efficiency << ", clocks " << r.clocks << ", CPU ns/burst "
                       << r.cpu_ns_per_burst);
    CHECK(r.efficiency >= 0.90);
    CHECK(r.efficiency <= 1.0);
    CHECK(r.stats.reads == 131072);
    CHECK(r.stats.data_busy_clk == 131072 * 4);
    CHECK(r.stats.ref >= 35);
    CHECK(r.stats.ref <= 36);
    // Every row switch opens 4 rows (one per bank group) per 512 bursts, plus re-opens after
    // REFs: almost all bursts are row hits.
    CHECK(r.stats.row_hits > 131072 * 99 / 100);
}

TEST_CASE("hbm2: a 64 MiB sequential read stream reaches >= 90 % of 256 GB/s", "[ddr]") {
    // 64 MiB / 64 B = 1,048,576 bursts over 8 channels x BL/2 2 clk = 262,144 clk at peak.
    // Each channel spans ~72 tREFI boundaries and ends with 7 or 8 postponed: ~65 REFs of
    // ~316 clk (ddr_refresh_test): 262,144 / (262,144 + 65 x 316) = 92.7 %. This needs a
    // long stream: 8 MiB would span only 8 boundaries, all postponed (~100 %).
    const StreamResult r = stream_reads(ddr_test::hbm2(), 64 << 20);
    INFO("efficiency " << r.efficiency << ", clocks " << r.clocks << ", CPU ns/burst "
                       << r.cpu_ns_per_burst);
    CHECK(r.efficiency >= 0.90);
    CHECK(r.efficiency <= 1.0);
    CHECK(r.stats.reads == 1048576);
}

TEST_CASE("lpddr4: a sequential read stream over 4 channels reaches >= 90 % of peak", "[ddr]") {
    // 2 MiB / 32 B = 65,536 bursts over 4 channels x BL/2 8 clk = 131,072 clk at peak.
    const StreamResult r = stream_reads(ddr_test::lpddr4_2400(), 2 << 20);
    INFO("efficiency " << r.efficiency << ", clocks " << r.clocks);
    CHECK(r.efficiency >= 0.90);
    CHECK(r.efficiency <= 1.0);
}

}  // namespace sasim
