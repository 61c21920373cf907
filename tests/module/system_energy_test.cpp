// Energy of a whole simulated layer, summed by hand from the 45 nm table (the config defaults;
// configs/tech/45nm.toml): a 4 -> 4 fc on a 2x2 weight-stationary array with ideal memory.
// One simulate() per TEST_CASE.
#include <catch2/catch.hpp>
#include <string>

#include "sim/mapping/program.hpp"
#include "sim/run/system.hpp"
#include "support/layers.hpp"

namespace sasim {

namespace {

Config tiny_config() {
    Config c = default_config();
    c.array.rows = c.array.cols = 2;
    c.array.dataflow = Dataflow::ws;
    c.sram.ifmap_kb = c.sram.filter_kb = c.sram.ofmap_kb = 1;
    c.sram.banks = 1;
    c.sram.bank_width_bytes = 0;  // unlimited ports, priced as 8-byte accesses
    c.dram.model = DramModel::ideal;
    c.interconnect.bytes_per_cycle = 0;
    c.interconnect.latency_cycles = 0;
    return c;
}

}  // namespace

TEST_CASE("energy: a tiny fc layer, summed by hand from the table", "[energy]") {
    const Config cfg = tiny_config();
    const RunResult r = simulate(cfg, TiledProgram({test::fc("fc", 1, 4, 4)}, cfg));
    REQUIRE(r.layers.size() == 1);
    const LayerResult& l = r.layers[0];
    // GEMM M = 1, N = 4, K = 4: 16 MACs; ws folds: 2 x 2, each 2 load + 1 stream + 1 + 1 skew
    // = 5 cycles, 20 in all (total_cycles 19), 8 of them loads.
    REQUIRE(l.macs == 16);
    REQUIRE(l.total_cycles == 19);
    REQUIRE(l.load_cycles == 8);
    // Scratchpad bytes: ifmap 2 rows x 4 folds read + 4 filled = 12; filter 16 read + 16
    // filled = 32; ofmap 2 psums x 4 B x 4 folds written, the 2 second row folds read theirs
    // back (16) and the DMA drains 4 outputs: 32 + 20 = 52. DRAM: 4 + 16 read, 4 written.
    CHECK(l.ifmap_sram_read_bytes + l.ifmap_sram_write_bytes == 12);
    CHECK(l.filter_sram_read_bytes + l.filter_sram_write_bytes == 32);
    CHECK(l.ofmap_sram_read_bytes + l.ofmap_sram_write_bytes == 52);
    CHECK(l.dram_read_bytes == 20);
    CHECK(l.dram_write_bytes == 4);
    // Compute: 16 MACs x (0.2 + 0.1 pJ + 40 register bits x 0.009 pJ) = 10.56, loads
    // 8 x 4 PEs x 8 bits x 0.009 = 2.304: 12.864 pJ.
    CHECK(l.energy.compute == Approx(12.864));
    // SRAM: 1 KiB banks priced at E64 = 3.8025 x 1^0.4726 pJ per 8 bytes = 0.475313 pJ/B.
    const double spm = 3.80249 / 8;
    CHECK(l.energy.sram[0] == Approx(12 * spm).epsilon(1e-4));  // 5.704
    CHECK(l.energy.sram[1] == Approx(32 * spm).epsilon(1e-4));  // 15.210
    CHECK(l.energy.sram[2] == Approx(52 * spm).epsilon(1e-4));  // 24.716
    CHECK(l.energy.link == Approx(24 * 0.144));                 // 3.456
    CHECK(l.energy.dram.read == Approx(20 * 243.75));           // 4875
    CHECK(l.energy.dram.write == Approx(4 * 243.75));           // 975
    CHECK(l.energy.dram.act + l.energy.dram.refresh + l.energy.dram.background == 0);
    // Leakage over 20 ns: 4 PEs x 706.04 um^2 x 12.4 nW/um^2 + 3 KiB x 35.15 uW = 0.140469 mW.
    CHECK(l.energy.leakage == Approx(0.140469 * 20 / 1000 * 1e3).epsilon(1e-4));  // 2.809
    // 5914.76 pJ in 20 ns = 295.7 mW.
    CHECK(l.energy.total() == Approx(5914.759).epsilon(1e-6));
    CHECK(l.power_mw == Approx(l.energy.total() / 20 * 1000 / 1e3));
    // Area: 4 PEs x 706.04 um^2; three 1 KiB arrays of 8192 x 0.346 / 0.7 um^2; no link
    // (unlimited); one 64-bit DRAM channel x 0.178 mm^2 per bit.
    CHECK(r.area.pe == Approx(4 * 706.04e-6));
    CHECK(r.area.sram[0] == Approx(8192 * 0.346 / 0.7 * 1e-6));
    CHECK(r.area.link == 0);
    CHECK(r.area.dram_phy == Approx(64 * 0.178));
}

TEST_CASE("energy: bank-level DRAM is priced by its commands and rank clocks", "[energy]") {
    Config cfg = tiny_config();
    cfg.sram.ifmap_kb = cfg.sram.filter_kb = cfg.sram.ofmap_kb = 64;  // every operand resident
    cfg = apply_overrides(cfg, {"dram.model=ddr4_3200"});
    const RunResult r = simulate(cfg, TiledProgram({test::fc("fc", 1, 64, 64)}, cfg));
    const LayerResult& l = r.layers[0];
    REQUIRE(l.dram_read_bytes == 64 + 4096);
    REQUIRE(l.dram_write_bytes == 64);
    // A 2x2 array moves its operands a few bytes per DMA transfer, and each transfer costs
    // whole 64-byte bursts: price each command as the DRAM issued it (RD 2784 pJ, WR 2352 pJ,
    // ACT-PRE 4200 pJ for DDR4-3200 x8), from the run's own counters.
    const auto count = [&](const std::string& name) {
        const size_t at = r.stats_text.find(name + " ");
        REQUIRE(at != std::string::npos);
        return std::stod(
            r.stats_text.substr(r.stats_text.find_first_not_of(' ', at + name.size())));
    };
    CHECK(count("dram.rd") >= 65);
    CHECK(l.energy.dram.read == Approx(count("dram.rd") * 2784));
    CHECK(l.energy.dram.write == Approx(count("dram.wr") * 2352));
    CHECK(l.energy.dram.act == Approx(count("dram.act") * 4200));
    CHECK(l.energy.dram.refresh == 0);  // the layer is over long before tREFI
    // Background: 1.2 V x 8 devices x 0.625 ns = 6 pJ per mA and rank clock.
    CHECK(l.energy.dram.background == Approx(6.0 * (52 * count("dram.rank_active_clk") +
                                                    37 * count("dram.rank_precharged_clk"))));
    // The rank clocks cover the layer: (total_cycles + 1) ns at 1.6 clocks per ns, give or take
    // the clocks before the first request and after the last completion.
    const double clocks = static_cast<double>(l.total_cycles + 1) / 0.625;
    CHECK(count("dram.rank_active_clk") + count("dram.rank_precharged_clk") ==
          Approx(clocks).epsilon(0.02));
}

}  // namespace sasim
