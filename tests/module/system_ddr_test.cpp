// The accelerator on the bank-level DDR4-3200 model, with an ideal interconnect, on a layer
// small enough to follow every DRAM command by hand (tCK 0.625 ns; the array runs at 1 GHz).
#include <catch2/catch.hpp>

#include "sim/config/config.hpp"
#include "sim/mapping/tiler.hpp"
#include "sim/run/system.hpp"
#include "support/layers.hpp"

namespace sasim {

// fc 4 -> 4, batch 1, ws on 4x4 (as system_bandwidth_test (a)): one fold, 11 busy cycles.
// Address map ro:ra:ba:co:bg:ch, 1 channel: above the 6 offset bits come bg (2 bits), co (7),
// ba (2), ro (16). The DMA's streams start at 0 (ifmap), 1 GiB (filter), 3 GiB (ofmap drain):
// burst index 2^24 and 3 x 2^24 fall in the row bits, so all three hit bank 0 of bank group 0,
// rows 0, 8192 and 24576: each access after the first is a row conflict.
//   ifmap read (arrives clk 0): ACT 0, RD 22 (tRCD), done 22 + CL 22 + BL/2 4 = 48.
//   filter read (clk 0, younger): PRE waits for tRAS: 0 + 52 = 52, ACT 52 + tRP 22 = 74,
//     RD 74 + 22 = 96, done 96 + 26 = 122 clk = 76.25 ns.
// Array: waits for its stationary filter: ceil(76.25) = 77 cycles; load 4 + stream 1 + skew 6
// -> 88 ns. Drain 4 B (one burst) arrives at clk ceil(88 / 0.625) = 141: PRE 141 (tRAS from
// ACT 74 ended at 126, tRTP from RD 96 at 108), ACT 141 + 22 = 163, WR 163 + 22 = 185, done
// 185 + CWL 16 + 4 = 205 clk = 128.125 ns: stall ceil(128.125 - 88) = 41 cycles.
// Elapsed 88 + 41 = 129 cycles; total = 128.
TEST_CASE("system ddr: a one-fold fc follows the DDR4 commands by hand", "[module][ddr]") {
    Config c = apply_overrides(default_config(), {"dram.model=ddr4_3200"});
    c.array.rows = c.array.cols = 4;
    c.array.dataflow = Dataflow::ws;
    c.interconnect.bytes_per_cycle = 0;
    c.interconnect.latency_cycles = 0;
    const RunResult r = simulate(c, TiledProgram({test::fc("fc", 1, 4, 4)}, c));
    const LayerResult& x = r.layers.at(0);
    CHECK(x.stall_filter_cycles == 77);
    CHECK(x.stall_ifmap_cycles == 0);
    CHECK(x.stall_ofmap_cycles == 41);
    CHECK(x.total_cycles == 128);
    CHECK(x.dram_read_bytes == 20);
    CHECK(x.dram_write_bytes == 4);
    // Two reads and one write, all row conflicts or misses: no hits.
    CHECK(x.has_rows);
    CHECK(x.dram_row_hit_pct == 0.0);
    // Causes: each transfer's fixed part is the unloaded row-closed latency (read tRCD + CL +
    // BL/2 = 48 clk = 30 ns; write tRCD + CWL + BL/2 = 42 clk = 26.25 ns), charged first:
    // filter stall 77 = 30 latency + 47 DRAM; drain stall 41 = 27 (26.25 ns) latency + 14 DRAM.
    CHECK(x.stall_dram_latency_cycles == 30 + 27);
    CHECK(x.stall_dram_bandwidth_cycles == 47 + 14);
    CHECK(x.stall_interconnect_cycles == 0);
    // The rank's background clocks, up to the clock the controller ran to (the drain's
    // completion at 205, plus one): bank 0 open [0, 52), [74, 141), [163, 206) = 52 + 67 + 43
    // = 162 clocks; all precharged [52, 74), [141, 163) = 22 + 22 = 44; 162 + 44 = 206.
    auto counter = [&](const std::string& name) {
        const size_t at = r.stats_text.find(name + " ");
        REQUIRE(at != std::string::npos);
        return std::stoll(
            r.stats_text.substr(r.stats_text.find_first_not_of(' ', at + name.size())));
    };
    CHECK(counter("dram.rank_active_clk") == 162);
    CHECK(counter("dram.rank_precharged_clk") == 44);
    CHECK(counter("dram.refpb") == 0);
}

}  // namespace sasim
