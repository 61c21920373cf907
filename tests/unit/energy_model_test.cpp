// The energy and area model (models/energy, no SystemC) against hand-derived numbers from the
// 45 nm table (configs/tech/45nm.toml = the config defaults): MAC and register energy, the
// SRAM power law and its width / bank terms, the DRAM IDD method on a command sequence the
// real controller issues, and monotonic sanity (bigger SRAM costs more per access and area).
#include "models/energy/energy_model.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "models/dram/ddr_core.hpp"
#include "sim/config/config.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {

namespace {

TechParams t45() { return default_config().energy.tech; }

DramPowerParams ddr4_power() { return default_config().energy.dram; }  // DDR4-3200 x8

DramTimingNs ddr4_timing() {
    const DdrParams p = ddr_test::ddr4_3200();
    return {p.tck_ns, p.tRAS, p.tRP, p.tRC, p.tRFC, p.burst_length, p.bus_bits};
}

}  // namespace

TEST_CASE("energy: a MAC and the PE registers by word size and dataflow", "[energy]") {
    const TechParams t = t45();
    PeShape ws{Dataflow::ws, false, 1, 4};
    CHECK(mac_pj(ws, t) == Approx(0.3));  // 8-bit multiply 0.2 + 32-bit add 0.1
    CHECK(pe_register_bits(ws) == 48);    // 8 x (stationary 1 + passing 1 + psum 4)
    CHECK(mac_register_bits(ws) == 40);   // 8 x (passing 1 + psum 4)
    PeShape os{Dataflow::os, true, 1, 4};
    CHECK(pe_register_bits(os) == 48);   // os has nothing to preload
    CHECK(mac_register_bits(os) == 48);  // both words pass on, the psum accumulates in place
    PeShape w2{Dataflow::is, true, 2, 4};
    CHECK(mac_pj(w2, t) == Approx(0.9));  // 0.2 x 2^2 + 0.1 x 4/4
    CHECK(pe_register_bits(w2) == 80);    // 8 x (2 x 2 + 4 + preload 2)
    // Area: 282 + 137 x 4/4 + 5.98 x 48 = 706.04 um^2.
    CHECK(pe_area_um2(ws, t) == Approx(706.04));
    CHECK(pe_leak_mw(ws, t) == Approx(706.04 * 12.4e-6));
}

TEST_CASE("energy: array activity, clock-gated or not", "[energy]") {
    const TechParams t = t45();
    const PeShape ws{Dataflow::ws, false, 1, 4};
    // 16 MACs, 4 PEs, 20 cycles of which 8 load.
    const ArrayActivity a{16, 4, 20, 8};
    // MACs 16 x (0.3 + 40 x 0.009) = 10.56; loads 8 x 4 PEs x 8 bits x 0.009 = 2.304.
    CHECK(array_dynamic_pj(ws, a, t, true) == Approx(12.864));
    // Ungated: idle PE-cycles 4 x (20 - 8) - 16 = 32, x 48 bits x 0.0079 = 12.1344.
    CHECK(array_dynamic_pj(ws, a, t, false) == Approx(12.864 + 12.1344));
}

TEST_CASE("energy: the SRAM power law fits Horowitz's three points", "[energy]") {
    const PowerLaw law = sram_access_law(t45());
    CHECK(law.b == Approx(0.4726).margin(1e-4));
    CHECK(law.a == Approx(3.8025).margin(1e-4));
    CHECK(law.at(8) == Approx(10).epsilon(0.02));  // each point within 2 %
    CHECK(law.at(32) == Approx(20).epsilon(0.03));
    CHECK(law.at(1024) == Approx(100).epsilon(0.01));
    // Exact points give the exact law: E = 2 x KiB^0.5.
    TechParams t = t45();
    t.sram_8kib_pj = 2 * std::sqrt(8.0), t.sram_32kib_pj = 2 * std::sqrt(32.0);
    t.sram_1mib_pj = 2 * 32.0;
    CHECK(sram_access_law(t).a == Approx(2.0));
    CHECK(sram_access_law(t).b == Approx(0.5));
}

TEST_CASE("energy: SRAM bytes by bank capacity, width and banks", "[energy]") {
    TechParams t = t45();
    t.sram_8kib_pj = 2 * std::sqrt(8.0), t.sram_32kib_pj = 2 * std::sqrt(32.0);
    t.sram_1mib_pj = 64.0;  // E64 = 2 sqrt(KiB)
    // 16 KiB, one bank, 8-byte port: E64 = 2 x 4 = 8 pJ, 1 pJ per byte, no H-tree.
    CHECK(sram_pj_per_byte({16384, 1, 8}, t) == Approx(1.0));
    // A 32-byte port: 8 / 8 x (0.7 + 0.3 x 8/32) = 0.775 pJ per byte.
    CHECK(sram_pj_per_byte({16384, 1, 32}, t) == Approx(0.775));
    // Four banks of 4 KiB: E64 = 4, 0.5 pJ per byte, plus the H-tree L (1 - 1/2) mm of wire at
    // 0.648 pJ/(B mm), L = sqrt(16384 x 8 x 0.346 / 0.7 um^2) = 0.25451 mm.
    const double side = std::sqrt(16384.0 * 8 * 0.346 / 0.7 * 1e-6);
    CHECK(side == Approx(0.25451).epsilon(1e-4));
    CHECK(sram_pj_per_byte({16384, 4, 8}, t) == Approx(0.5 + 0.648 * side / 2));
    // Area: cells 0.064775 mm^2, H-tree 2L (2 - 1) mm of 64 wires at 0.28 um.
    CHECK(sram_area_mm2({16384, 1, 8}, t) == Approx(side * side));
    CHECK(sram_area_mm2({16384, 4, 8}, t) == Approx(side * side + 2 * side * 64 * 0.28e-3));
    CHECK(sram_leak_mw({16384, 4, 8}, t) == Approx(16 * 35.15e-3));
}

TEST_CASE("energy: a bigger SRAM costs more per access and more area", "[energy]") {
    const TechParams t = t45();
    for (int64_t banks : {1, 4, 16})
        for (int64_t width : {0, 8, 64}) {
            double last_pj = 0, last_mm2 = 0;
            for (int64_t kib = 16; kib <= 65536; kib *= 2) {
                const SramGeometry g{kib * 1024, banks, width};
                INFO(kib << " KiB, " << banks << " banks, width " << width);
                CHECK(sram_pj_per_byte(g, t) > last_pj);
                CHECK(sram_area_mm2(g, t) > last_mm2);
                last_pj = sram_pj_per_byte(g, t);
                last_mm2 = sram_area_mm2(g, t);
            }
        }
    // A wider port spends the per-access share on more bytes; more banks cost area.
    CHECK(sram_pj_per_byte({262144, 16, 64}, t) < sram_pj_per_byte({262144, 16, 8}, t));
    CHECK(sram_area_mm2({262144, 16, 16}, t) > sram_area_mm2({262144, 4, 16}, t));
}

TEST_CASE("energy: DRAM command energies by the IDD formulas, DDR4-3200 x8", "[energy]") {
    const DramTimingNs d = ddr4_timing();
    const DramPowerParams p = ddr4_power();
    CHECK(devices_per_rank(d, p) == 8);  // 64-bit bus of x8 devices
    // ACT+PRE: 1.2 V x (57 x 74 - 52 x 52 - 37 x 22) mA x clk x 0.625 ns x 8
    //        = 1.2 x 700 x 0.625 x 8 = 4200 pJ.
    CHECK(act_pair_pj(d, p) == Approx(4200));
    // RD: 1.2 x (168 - 52) x 4 clk x 0.625 x 8 = 2784 pJ; WR: 1.2 x (150 - 52) x 2.5 x 8 = 2352.
    CHECK(read_burst_pj(d, p) == Approx(2784));
    CHECK(write_burst_pj(d, p) == Approx(2352));
    // REF: 1.2 x (250 - 52) x 560 x 0.625 x 8 = 665280 pJ.
    CHECK(refresh_pj(d, p) == Approx(665280));
    // DRAMsim3 multiplies by clocks, not ns: its ACT "energy" is 1.2 x 700 x 8 = 6720, which is
    // pJ only if tCK were 1 ns; ours is 0.625 of it.
    CHECK(act_pair_pj(d, p) == Approx(1.2 * 700 * 8 * 0.625));
    // Background, powered-down states too: 1.2 x 8 x 0.625 x (52 x 100 + 37 x 200 + 43 x 10 +
    // 25 x 20) = 6 x 13530 = 81180 pJ.
    DramCommandCounts c;
    c.active_clk = 100, c.precharged_clk = 200, c.powerdown_active_clk = 10;
    c.powerdown_precharged_clk = 20;
    CHECK(dram_command_energy(c, d, p).background == Approx(81180));
}

TEST_CASE("energy: one ACT, n RD, one PRE, one REF and idle clocks, as the DRAM issues them",
          "[energy]") {
    DdrParams ddr = ddr_test::ddr4_3200();
    ddr.page_policy = PagePolicy::closed;
    ddr_test::Bench b(ddr);
    // Four reads of one row at clock 0: ACT 0, RD 22, 30, 38, 46 (same bank: tCCD_L 8),
    // PRE at max(ACT + tRAS = 52, RD 46 + tRTP 12 = 58) = 58; REF at tREFI 12480; run to 13500.
    for (int i = 0; i < 4; ++i) b.submit(b.addr(0, 0, 7, 8 * i), false, 0);
    b.finish();
    b.run(13500);
    CHECK(b.clk_of(DdrCommand::RD, 3) == 46);
    CHECK(b.clk_of(DdrCommand::PRE) == 58);
    CHECK(b.clk_of(DdrCommand::REF) == 12480);
    const DdrStats& s = b.dram.stats();
    REQUIRE(s.act == 1);
    REQUIRE(s.rd == 4);
    REQUIRE(s.ref == 1);
    DramCommandCounts c;
    c.act = s.act, c.rd = s.rd, c.wr = s.wr, c.ref = s.ref;
    c.active_clk = static_cast<int64_t>(s.rank_active_clk);
    c.precharged_clk = static_cast<int64_t>(s.rank_precharged_clk);
    CHECK(c.active_clk == 58);
    CHECK(c.precharged_clk == 13500 - 58);
    const DramEnergy e = dram_command_energy(c, ddr4_timing(), ddr4_power());
    CHECK(e.act == Approx(4200));
    CHECK(e.read == Approx(4 * 2784));
    CHECK(e.write == 0);
    CHECK(e.refresh == Approx(665280));
    // Background: 1.2 x 8 x 0.625 x (52 x 58 + 37 x 13442) = 6 x 500370 = 3002220 pJ.
    CHECK(e.background == Approx(3002220));
    CHECK(e.total() == Approx(4200 + 11136 + 665280 + 3002220));  // 3682836 pJ
}

TEST_CASE("energy: the layer breakdown and design area add up", "[energy]") {
    EnergyParams e = default_config().energy;
    EnergyDesign d;
    d.pe = {Dataflow::ws, false, 1, 4};
    d.pes = 4;
    for (SramGeometry& g : d.spm) g = {1024, 1, 0};
    d.link_bytes_per_cycle = 4;
    d.clock_mhz = 1000;
    d.dram = ddr4_timing();
    LayerCounts c;
    c.array = {16, 4, 20, 8};
    c.sram_bytes[0] = 12, c.sram_bytes[1] = 32, c.sram_bytes[2] = 52;
    c.link_bytes = 24;
    c.dram_read_bytes = 20, c.dram_write_bytes = 4;
    const EnergyBreakdown b = layer_energy(d, c, e);
    CHECK(b.compute == Approx(12.864));
    // 1 KiB bank, 8-byte access priced: E64 = a = 3.8025, per byte 0.47531.
    CHECK(b.sram[0] == Approx(12 * 3.8025 / 8).epsilon(1e-4));
    CHECK(b.link == Approx(24 * 0.144));
    CHECK(b.dram.read == Approx(20 * 243.75));
    CHECK(b.dram.write == Approx(4 * 243.75));
    // Leakage: (4 x 706.04 x 12.4 nW + 3 x 35.15 uW) x 20 ns = 0.140469 mW x 0.02 us = 2.809 pJ.
    CHECK(b.leakage == Approx(2.8094).epsilon(1e-4));
    e.link_length_mm = 2;  // + 0.648 x 2 per byte
    CHECK(layer_energy(d, c, e).link == Approx(24 * (0.144 + 1.296)));
    const AreaBreakdown a = design_area(d, e);
    CHECK(a.pe == Approx(4 * 706.04e-6));
    // Link: 32 bits x (2 x 5.98 um^2 + 0.28 um x 2 mm).
    CHECK(a.link == Approx(32 * (2 * 5.98e-6 + 0.28e-3 * 2)));
    CHECK(a.dram_phy == Approx(64 * 0.178));  // one channel of 64 bits
    CHECK(a.total() == Approx(a.pe + a.sram[0] + a.sram[1] + a.sram[2] + a.link + a.dram_phy));
}

}  // namespace sasim
