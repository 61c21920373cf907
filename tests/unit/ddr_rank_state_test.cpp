// Bank-level DRAM: rank state time (DdrStats::rank_active_clk / rank_precharged_clk, the
// background-power clocks), pinned by hand on short command sequences.
#include <catch2/catch.hpp>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {

using ddr_test::Bench;
using ddr_test::ddr4_3200;

TEST_CASE("ddr rank state: open page keeps the rank active until a conflict", "[ddr]") {
    Bench b(ddr4_3200());
    b.serve(b.addr(0, 0, 5, 0), false, 0);  // ACT 0, RD 22; the row stays open
    b.run(1000);
    CHECK(b.dram.stats().rank_active_clk == 1000);  // ACT at 0 to clock 1000
    CHECK(b.dram.stats().rank_precharged_clk == 0);
    // Conflict at 1000: PRE 1000, ACT 1000 + tRP 22 = 1022; precharged [1000, 1022).
    b.serve(b.addr(0, 0, 6, 0), false, 1000);
    CHECK(b.clk_of(DdrCommand::ACT, 1) == 1022);
    b.run(2000);
    CHECK(b.dram.stats().rank_precharged_clk == 22);
    CHECK(b.dram.stats().rank_active_clk == 1000 + (2000 - 1022));
}

TEST_CASE("ddr rank state: closed page precharges after tRAS", "[ddr]") {
    DdrParams p = ddr4_3200();
    p.page_policy = PagePolicy::closed;
    Bench b(p);
    // ACT 0, RD 22; PRE at max(ACT + tRAS = 52, RD + tRTP = 34) = 52.
    b.serve(b.addr(0, 0, 5, 0), false, 0);
    b.run(500);
    CHECK(b.clk_of(DdrCommand::PRE) == 52);
    CHECK(b.dram.stats().rank_active_clk == 52);
    CHECK(b.dram.stats().rank_precharged_clk == 500 - 52);
}

TEST_CASE("ddr rank state: every rank's clocks are counted, idle ones precharged", "[ddr]") {
    DdrParams p = ddr4_3200();
    p.ranks = 2;
    p.channels = 2;
    p.address_map = "ro:ra:ba:co:bg:ch";
    Bench b(p);
    b.serve(b.addr(0, 0, 5, 0), false, 0);  // one bank of one rank of one channel opens
    b.run(3000);
    const DdrStats& s = b.dram.stats();
    // 2 channels x 2 ranks x 3000 clocks; the open rank is active from its ACT at 0.
    CHECK(s.rank_active_clk + s.rank_precharged_clk == 4 * 3000);
    CHECK(s.rank_active_clk == 3000);
}

}  // namespace sasim
