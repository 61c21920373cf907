// Bank-level DRAM controller policy, hand-timed on DDR4-3200: FR-FCFS serves a younger row hit
// before an older conflict, a PRE waits for older hits, and writes wait below the high
// watermark, then drain down to the low one.
#include <catch2/catch.hpp>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {

TEST_CASE("ddr4 scheduler: a younger row hit goes before an older conflict", "[ddr]") {
    ddr_test::Bench b(ddr_test::ddr4_3200());
    b.serve(b.addr(0, 0, 5, 0), false, 0);  // ACT 0, RD 22: row 5 open
    // At 100: B (row 9, older) then C (row 5, younger), same bank. Both could issue at 100
    // (B's PRE: tRAS 52 and tRTP long met); the row hit wins: RD C at 100, done 126.
    const uint64_t older = b.submit(b.addr(0, 0, 9, 0), false, 100);
    const uint64_t younger = b.submit(b.addr(0, 0, 5, 8), false, 100);
    b.finish();
    CHECK(b.done_at.at(younger) == 126);
    // B: PRE at RD 100 + tRTP 12 = 112, ACT 134, RD 156, done 156 + 22 + 4 = 182.
    CHECK(b.clk_of(DdrCommand::PRE) == 112);
    CHECK(b.done_at.at(older) == 182);
}

TEST_CASE("ddr4 scheduler: a conflict's PRE waits for an older row hit", "[ddr]") {
    ddr_test::Bench b(ddr_test::ddr4_3200());
    b.serve(b.addr(0, 0, 5, 0), false, 0);    // bank A (bg0 ba0): ACT 0, RD 22, row 5 open
    b.serve(b.addr(1, 0, 5, 0), false, 100);  // bank W (bg1 ba0): ACT 100, RD 122, row 5 open
    // A write to W at 1000 issues at once (no reads queued). At 1001 a hit H to A (older) and
    // a conflict X to A (younger) arrive. H's RD waits for the write: WR 1000 + CWL 16 +
    // BL/2 4 + tWTR_S 4 = 1024. X's PRE could go at 1001 and would close H's row; it waits
    // for H instead: PRE at RD 1024 + tRTP 12 = 1036, ACT 1058, RD 1080, done 1080 + 26.
    b.submit(b.addr(1, 0, 5, 8), true, 1000);
    const uint64_t hit = b.submit(b.addr(0, 0, 5, 8), false, 1001);
    const uint64_t conflict = b.submit(b.addr(0, 0, 9, 0), false, 1001);
    b.finish();
    CHECK(b.clk_of(DdrCommand::WR) == 1000);
    CHECK(b.done_at.at(hit) == 1024 + 26);
    CHECK(b.clk_of(DdrCommand::PRE) == 1036);
    CHECK(b.done_at.at(conflict) == 1106);
    CHECK(b.dram.stats().row_hits == 2);  // H and the write
}

TEST_CASE("ddr4 scheduler: writes drain between the watermarks", "[ddr]") {
    ddr_test::Bench b(ddr_test::ddr4_3200());
    // 10 writes and 20 reads at clock 0: 10 < high watermark 24, so reads go first and the
    // writes only once the read queue is empty.
    for (int i = 0; i < 10; ++i) b.submit(b.addr(i % 4, 0, 1, 8 * (i / 4)), true, 0);
    for (int i = 0; i < 20; ++i) b.submit(b.addr(i % 4, 1, 1, 8 * (i / 4)), false, 0);
    b.finish();
    auto count_before_first = [&](DdrCommand::Kind counted, DdrCommand::Kind stop) {
        int n = 0;
        for (const DdrCommand& c : b.log) {
            if (c.kind == stop) break;
            n += c.kind == counted;
        }
        return n;
    };
    CHECK(count_before_first(DdrCommand::RD, DdrCommand::WR) == 20);
    // 30 writes and 20 reads at 10,000: 30 >= 24 starts a drain that stops at the low
    // watermark 8, so 30 - 8 = 22 WRs precede the first RD; the last 8 follow the reads.
    ddr_test::Bench c(ddr_test::ddr4_3200());
    for (int i = 0; i < 30; ++i) c.submit(c.addr(i % 4, 0, 1, 8 * (i / 4)), true, 10000);
    for (int i = 0; i < 20; ++i) c.submit(c.addr(i % 4, 1, 1, 8 * (i / 4)), false, 10000);
    c.finish();
    b.log = c.log;
    CHECK(count_before_first(DdrCommand::WR, DdrCommand::RD) == 22);
    CHECK(c.dram.stats().writes == 30);
}

}  // namespace sasim
