// The accelerator on the bank-level DDR4-3200 model, with an ideal interconnect, on a layer
// small enough to follow every DRAM command by hand (tCK 0.625 ns; the array runs at 1 GHz).
#include <catch2/catch.hpp>
#include <string>

#include "sim/config/config.hpp"
#include "sim/mapping/program.hpp"
#include "sim/run/system.hpp"
#include "support/layers.hpp"

namespace sasim {

// fc 4 -> 4, batch 1, ws on 4x4 (as system_bandwidth_test (a)): one fold, 11 busy cycles. The
// tensors sit at 0 (ifmap), 4096 (filter) and 8192 (ofmap). Address map ro:ra:ba:co:bg:ch,
// 1 channel: above the 6 offset bits come bg (2 bits), co (7), ba (2), ro: 4096 and 8192 set
// column bits only, so all three accesses go to row 0 of bank 0 in bank group 0.
//   filter read (queued first, arrives clk 0): bank closed: ACT 0, RD 22 (tRCD), data done
//     22 + CL 22 + BL/2 4 = 48 clk = 30 ns
//   ifmap read (clk 0): row hit: RD 22 + tCCD_L 8 = 30, done 30 + 26 = 56 clk = 35 ns
// Array: stall_filter ceil(30) = 30 cycles, stall_ifmap 5 -> 35 ns; load 4 + stream 1 + skew 6
// -> 46 ns. The store (4 B, one burst) arrives at clk ceil(46 / 0.625) = 74: row hit, the last
// read's data left the bus at 56: WR 74, done 74 + CWL 16 + 4 = 94 clk = 58.75 ns: stall
// ceil(58.75 - 46) = 13 cycles. Elapsed 46 + 13 = 59 cycles; total = 58.
TEST_CASE("system ddr: a one-fold fc follows the DDR4 commands by hand", "[module][ddr]") {
    Config c = apply_overrides(default_config(), {"dram.model=ddr4_3200"});
    c.array.rows = c.array.cols = 4;
    c.array.dataflow = Dataflow::ws;
    c.interconnect.bytes_per_cycle = 0;
    c.interconnect.latency_cycles = 0;
    c.mapping.strategy = MapStrategy::scalesim;
    const RunResult r = simulate(c, TiledProgram({test::fc("fc", 1, 4, 4)}, c));
    const LayerResult& x = r.layers.at(0);
    CHECK(x.stall_filter_cycles == 30);
    CHECK(x.stall_ifmap_cycles == 5);
    CHECK(x.stall_ofmap_cycles == 13);
    CHECK(x.total_cycles == 58);
    CHECK(x.dram_read_bytes == 20);
    CHECK(x.dram_write_bytes == 4);
    // One miss (the first ACT), then two row hits.
    CHECK(x.has_rows);
    CHECK(x.dram_row_hit_pct == Approx(200.0 / 3));
    // Causes (stall_attribution.hpp): the DRAM counts as queued while a burst waits past its
    // row-hit latency (read CL + BL/2 = 26 clk, write CWL + BL/2 = 20 clk), i.e. from its
    // arrival to its column command, as reported when the burst completes:
    //   filter stall [0,30 ns): the filter's burst reported at 30 ns: queued [0, 22 clk =
    //     13.75 ns) -> bandwidth 13.75, then latency 16.25 (the ifmap's queueing [0,30 clk) is
    //     reported at 35 ns, after this stall): floors (16, 13), the last cycle to the larger
    //     remainder (.75, DRAM): latency 16, bandwidth 14
    //   ifmap stall [30,35): nothing queued in it -> latency 5
    //   store stall [46,59): WR at its arrival clock 74 (row hit): no queueing -> latency 13
    CHECK(x.stall_dram_latency_cycles == 16 + 5 + 13);
    CHECK(x.stall_dram_bandwidth_cycles == 14);
    CHECK(x.stall_interconnect_cycles == 0);
    // The rank's background clocks, up to the clock the controller ran to (the store's
    // completion at 94, plus one): bank 0 opened at 0 and, open-page, never closed: 95 active
    // clocks, none with every bank precharged.
    auto counter = [&](const std::string& name) {
        const size_t at = r.stats_text.find(name + " ");
        REQUIRE(at != std::string::npos);
        return std::stoll(
            r.stats_text.substr(r.stats_text.find_first_not_of(' ', at + name.size())));
    };
    CHECK(counter("dram.rank_active_clk") == 95);
    CHECK(counter("dram.rank_precharged_clk") == 0);
    CHECK(counter("dram.refpb") == 0);
}

}  // namespace sasim
