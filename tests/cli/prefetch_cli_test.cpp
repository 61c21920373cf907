// Filter prefetch across a layer boundary (network.prefetch_filters) through the CLI, one
// process per run: an fc layer after a long vector layer starts with its filters on chip; on the
// whole AlexNet, turning the option on never makes a layer or the run more than 1 % slower and
// never changes a layer's DRAM bytes.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "support/layer_rows.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

using Rows = LayerRows;

long long num(const LayerRow& r, const char* col) { return cell(r, col); }

}  // namespace

// r0 (relu of 32x16x16 = 8192 elements on 1 lane: 8192 cycles of compute with the DMA idle)
// then c1 (fc, C = K = 32 on the 32x32 ws array, 1-byte words): c1's first step needs its 32 B
// ifmap and its 32x32 = 1024 B filter tile. Memory path: 4 GB/s = 4 B/cycle at 1 GHz, 100
// cycles DRAM latency, a 32 B/cycle link with 4 cycles latency.
//  off: the step waits 1 cycle for the ifmap (fill 0, issued first) and then 392 for the filter:
//       1024 / 4 = 256 bus + 100 latency + 1024 / 32 = 32 link + 4 link latency = 392;
//  on:  the 1024 B tile was fetched during r0 (r0 takes no filter space: 1024 <= 64 KiB), so
//       the step waits only for the ifmap: 121 cycles (its stall_ifmap_cycles);
// so c1 takes 608 - (1 + 392 - 121) = 336 cycles, r0 is unchanged, and the DRAM bytes stay.
TEST_CASE("prefetch cli: a layer's filter prefetch hides its first fill", "[cli][prefetch]") {
    TempDir dir;
    write_text(dir / "net.csv",
               "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n"
               "r0,relu,1,32,32,16,16,1,1,1,0,1\n"
               "c1,fc,1,32,32,1,1,1,1,1,0,1\n");
    const std::vector<std::string> head = {"run", "--workload", "net.csv"};
    auto with = [&](const char* on) {
        return std::vector<std::string>{"array.word_bytes=1", "dram.model=bandwidth",
                                        "dram.bandwidth_gbps=4", "vector.lanes=1",
                                        std::string("network.prefetch_filters=") + on};
    };
    const Rows off = run_layer_rows(dir, head, with("false"), "off");
    const Rows on = run_layer_rows(dir, head, with("true"), "on");
    REQUIRE(on.size() == 2);
    CHECK(num(off[1], "stall_ifmap_cycles") == 1);
    CHECK(num(off[1], "stall_filter_cycles") == 392);
    CHECK(num(off[1], "total_cycles") == 608);
    CHECK(num(on[1], "stall_filter_cycles") == 0);
    CHECK(num(on[1], "stall_ifmap_cycles") == 121);
    CHECK(num(on[1], "total_cycles") == 608 - (1 + 392 - 121));
    CHECK(num(on[0], "total_cycles") == num(off[0], "total_cycles"));
    CHECK(num(off[1], "prefetched_filter_bytes") == 0);
    CHECK(num(on[1], "prefetched_filter_bytes") == 1024);
    CHECK(num(on[1], "filter_dram_bytes") == 1024);  // counted in c1's row, not r0's
    CHECK(num(on[0], "filter_dram_bytes") == 0);
    CHECK(num(on[0], "dram_read_bytes") == 8192);
    CHECK(num(on[1], "dram_read_bytes") == 32 + 1024);
    for (const auto& r : on)  // the stack still sums exactly
        CHECK(num(r, "stall_cycles") ==
              num(r, "stall_dram_bandwidth_cycles") + num(r, "stall_dram_latency_cycles") +
                  num(r, "stall_interconnect_cycles") + num(r, "stall_bank_conflict_cycles"));
}

namespace {

void check_alexnet(const std::vector<std::string>& design) {
    TempDir dir;
    const std::vector<std::string> head = {"run"};
    std::vector<std::string> a = design, b = design;
    a.push_back("network.prefetch_filters=false");
    b.push_back("network.prefetch_filters=true");
    const Rows off = run_layer_rows(dir, head, a, "off");
    const Rows on = run_layer_rows(dir, head, b, "on");
    REQUIRE(off.size() == on.size());
    long long t_off = 0, t_on = 0, pf = 0;
    for (size_t i = 0; i < on.size(); ++i) {
        INFO(on[i].at("layer"));
        t_off += num(off[i], "total_cycles") + 1;
        t_on += num(on[i], "total_cycles") + 1;
        pf += num(on[i], "prefetched_filter_bytes");
        CHECK(num(on[i], "total_cycles") * 100 <= num(off[i], "total_cycles") * 101);
        CHECK(num(on[i], "dram_read_bytes") == num(off[i], "dram_read_bytes"));
        CHECK(num(on[i], "dram_write_bytes") == num(off[i], "dram_write_bytes"));
        CHECK(num(on[i], "filter_dram_bytes") == num(off[i], "filter_dram_bytes"));
        CHECK(num(on[i], "stall_cycles") ==
              num(on[i], "stall_dram_bandwidth_cycles") + num(on[i], "stall_dram_latency_cycles") +
                  num(on[i], "stall_interconnect_cycles") +
                  num(on[i], "stall_bank_conflict_cycles"));
    }
    CHECK(pf > 0);
    CHECK(t_on * 100 <= t_off * 101);
}

}  // namespace

TEST_CASE("prefetch cli: whole AlexNet, default design: no layer 1 % slower, same DRAM bytes",
          "[cli][prefetch]") {
    check_alexnet({});
}

TEST_CASE("prefetch cli: whole AlexNet, 16 GB/s bandwidth model: no layer 1 % slower, same bytes",
          "[cli][prefetch]") {
    check_alexnet({"dram.model=bandwidth", "dram.bandwidth_gbps=16"});
}
