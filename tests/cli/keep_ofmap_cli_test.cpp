// Outputs kept on chip for the next layer (network.keep_ofmap) through the CLI, one process per
// run: two relu layers with the hand-derived cycles of each rule (the kept store that does not
// wait, the on-chip copy at the bank ports' width, charged to bank conflicts, the rule's size
// limit, mapping.from pinning it); on the whole AlexNet, turning the option on never makes a layer more than 1 % slower
// nor moves more DRAM bytes, and a layer's DRAM bytes drop by exactly what it kept and copied
// when its mapping is unchanged.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "support/layer_rows.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

using Row = LayerRow;
using Rows = LayerRows;

long long num(const Row& r, const char* col) { return cell(r, col); }
long long dram(const Row& r) { return num(r, "dram_read_bytes") + num(r, "dram_write_bytes"); }

void check_stack(const Row& r) {
    CHECK(num(r, "stall_cycles") ==
          num(r, "stall_dram_bandwidth_cycles") + num(r, "stall_dram_latency_cycles") +
              num(r, "stall_interconnect_cycles") + num(r, "stall_bank_conflict_cycles"));
}

}  // namespace

// r0, r1: relu of 32x16x16 = 8192 one-byte elements each, r1 reading r0's output; the vector
// unit's 32 lanes take 8192 / 32 = 256 lane cycles + 4 pipeline cycles, 259 as total_cycles
// counts them (the index of the last cycle). Memory: 4 GB/s = 4 B/cycle at 1 GHz, 100 cycles
// latency, the 32 B/cycle link with 4 cycles latency: moving 8192 B takes 8192 / 4 = 2048 bus
// + 100 + 1024 / 32 = 32 (the last packet on the link) + 4 = 2184 cycles either way.
//  off: each layer waits 2184 for its input and 2184 for its output: 2184 + 259 + 2184 = 4627;
//  on:  r0 keeps its 8192 B (2 x 8 KiB <= 512 / 2 KiB): its store is done at once, 2184 + 259
//       = 2443; r1 copies them from the ofmap to the ifmap scratchpad at 16 banks x 16 B = 256
//       B/cycle: 8192 / 256 = 32 cycles, charged to bank conflicts: 32 + 259 + 2184 = 2475.
TEST_CASE("keep_ofmap cli: a kept output skips DRAM both ways", "[cli][keep]") {
    TempDir dir;
    write_text(dir / "net.csv",
               "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n"
               "r0,relu,1,32,32,16,16,1,1,1,0,1\n"
               "r1,relu,1,32,32,16,16,1,1,1,0,1\n");
    const std::vector<std::string> head = {"run", "--workload", "net.csv"};
    auto with = [&](const char* on, std::vector<std::string> more = {}) {
        std::vector<std::string> s = {"array.word_bytes=1", "dram.model=bandwidth",
                                      "dram.bandwidth_gbps=4",
                                      std::string("network.keep_ofmap=") + on};
        s.insert(s.end(), more.begin(), more.end());
        return s;
    };
    const Rows off = run_layer_rows(dir, head, with("false"), "off");
    const Rows on = run_layer_rows(dir, head, with("true"), "on");
    REQUIRE(on.size() == 2);
    for (const Row& r : off) {
        CHECK(num(r, "total_cycles") == 4627);
        CHECK(num(r, "kept_ofmap_bytes") == 0);
        CHECK(num(r, "onchip_ifmap_bytes") == 0);
    }
    CHECK(num(on[0], "total_cycles") == 2443);
    CHECK(num(on[0], "stall_ofmap_cycles") == 0);
    CHECK(num(on[0], "kept_ofmap_bytes") == 8192);
    CHECK(num(on[0], "dram_write_bytes") == 0);
    CHECK(num(on[0], "dram_read_bytes") == 8192);
    CHECK(num(on[1], "total_cycles") == 2475);
    CHECK(num(on[1], "stall_ifmap_cycles") == 32);
    CHECK(num(on[1], "stall_bank_conflict_cycles") == 32);
    CHECK(num(on[1], "onchip_ifmap_bytes") == 8192);
    CHECK(num(on[1], "dram_read_bytes") == 0);
    CHECK(num(on[1], "dram_write_bytes") == 8192);
    // The copy reads the ofmap scratchpad (as well as r1's store) and writes the ifmap one.
    CHECK(num(on[1], "ifmap_sram_write_bytes") == 8192);
    CHECK(num(on[1], "ofmap_sram_read_bytes") == 2 * 8192);
    for (const Row& r : on) check_stack(r);

    // mapping.from pins what a run kept: its kept_ofmap_bytes column (a what-if variant keeps
    // what its run kept, whatever its own estimates would choose).
    const Rows pinned_off = run_layer_rows(dir, head, with("true", {"mapping.from=off/layers.csv"}), "p0");
    const Rows pinned_on = run_layer_rows(dir, head, with("true", {"mapping.from=on/layers.csv"}), "p1");
    for (size_t i = 0; i < on.size(); ++i) {
        CHECK(num(pinned_off[i], "total_cycles") == num(off[i], "total_cycles"));
        CHECK(num(pinned_off[i], "kept_ofmap_bytes") == 0);
        CHECK(num(pinned_on[i], "total_cycles") == num(on[i], "total_cycles"));
    }

    // Unlimited bank ports: the copy takes no time, r1 = 259 + 2184.
    const Rows wide = run_layer_rows(dir, head, with("true", {"sram.bank_width_bytes=0"}), "wide");
    CHECK(num(wide[1], "total_cycles") == 2443);
    CHECK(num(wide[1], "stall_bank_conflict_cycles") == 0);

    // An 8 KiB ofmap scratchpad: the 8 KiB output would take more than half, so it is not kept.
    const Rows small = run_layer_rows(dir, head, with("true", {"sram.ofmap_kb=8"}), "small");
    const Rows small_off = run_layer_rows(dir, head, with("false", {"sram.ofmap_kb=8"}), "small_off");
    for (size_t i = 0; i < small.size(); ++i) {
        CHECK(num(small[i], "kept_ofmap_bytes") == 0);
        CHECK(num(small[i], "total_cycles") == num(small_off[i], "total_cycles"));
    }
}

namespace {

// `exact`: every layer maps as without the option, so its DRAM bytes drop by exactly what it
// kept and copied.
void check_alexnet(const std::vector<std::string>& design, bool exact) {
    TempDir dir;
    std::vector<std::string> a = design, b = design;
    a.push_back("network.keep_ofmap=false");
    b.push_back("network.keep_ofmap=true");
    const Rows off = run_layer_rows(dir, {"run"}, a, "off");
    const Rows on = run_layer_rows(dir, {"run"}, b, "on");
    REQUIRE(off.size() == on.size());
    long long t_off = 0, t_on = 0, d_off = 0, d_on = 0, kept = 0;
    for (size_t i = 0; i < on.size(); ++i) {
        INFO(on[i].at("layer"));
        t_off += num(off[i], "total_cycles") + 1;
        t_on += num(on[i], "total_cycles") + 1;
        d_off += dram(off[i]);
        d_on += dram(on[i]);
        kept += num(on[i], "kept_ofmap_bytes");
        CHECK(num(on[i], "total_cycles") * 100 <= num(off[i], "total_cycles") * 101);
        CHECK(dram(on[i]) <= dram(off[i]));
        if (exact)
            CHECK(dram(off[i]) - dram(on[i]) ==
                  num(on[i], "kept_ofmap_bytes") + num(on[i], "onchip_ifmap_bytes"));
        if (i > 0) CHECK(num(on[i], "onchip_ifmap_bytes") >= num(on[i - 1], "kept_ofmap_bytes"));
        check_stack(on[i]);
    }
    CHECK(kept > 0);
    CHECK(t_on <= t_off);
    CHECK(d_on < d_off);
}

}  // namespace

TEST_CASE("keep_ofmap cli: whole AlexNet, default design", "[cli][keep]") {
    check_alexnet({}, true);
}

TEST_CASE("keep_ofmap cli: whole AlexNet, 128x128 os, 4 GB/s bandwidth model", "[cli][keep]") {
    check_alexnet({"array.rows=128", "array.cols=128", "array.dataflow=os", "dram.model=bandwidth",
                   "dram.bandwidth_gbps=4"},
                  false);
}

TEST_CASE("keep_ofmap cli: whole AlexNet at batch 8, 64 KiB ofmap scratchpad", "[cli][keep]") {
    check_alexnet({"workload.batch=8", "sram.ofmap_kb=64"}, false);
}
