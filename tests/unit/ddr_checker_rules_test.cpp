// DdrChecker on hand-made DDR4-3200 command sequences: each sequence breaks one rule by one
// or a few clocks (arithmetic in the comments) and the checker must name that rule; a legal
// sequence at the exact minimum spacings must pass clean.
#include <catch2/catch.hpp>
#include <string>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {
namespace {

constexpr auto ACT = DdrCommand::ACT;
constexpr auto PRE = DdrCommand::PRE;
constexpr auto RD = DdrCommand::RD;
constexpr auto WR = DdrCommand::WR;
constexpr auto REF = DdrCommand::REF;
constexpr auto REFPB = DdrCommand::REFPB;

DdrCommand cmd(DdrCommand::Kind k, uint64_t clk, int bg = 0, int ba = 0, int64_t row = 1,
               int rank = 0) {
    if (k == REF) return {k, clk, 0, rank, -1, -1, -1, -1};
    if (k == REFPB) return {k, clk, 0, rank, bg, ba, -1, -1};
    return {k, clk, 0, rank, bg, ba, row, 0};
}

// DDR4-3200 with two ranks, tRTRS 2, dual issue and per-bank refresh (tRFCpb 100): every new
// rule of the checker at once.
DdrParams extended() {
    DdrParams p = ddr_test::ddr4_3200();
    p.ranks = 2;
    p.tRTRS = 2;
    p.tPPD = 4;
    p.dual_issue = true;
    p.refresh_policy = RefreshPolicy::per_bank;
    p.tRFCpb = 100;
    return p;
}

std::vector<std::string> check(const std::vector<DdrCommand>& seq, uint64_t end_clk = 1000,
                               DdrParams p = ddr_test::ddr4_3200()) {
    DdrChecker c(p);
    for (const DdrCommand& x : seq) c.observe(x);
    c.finish(end_clk);
    return c.violations();
}

bool mentions(const std::vector<std::string>& v, const std::string& rule) {
    for (const std::string& s : v)
        if (s.find(rule) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("checker: a legal sequence at the minimum spacings passes", "[ddr]") {
    // ACT bg0 0; ACT bg1 at tRRD_S 4; RD bg0 at tRCD 22; RD bg1 at 4 + 22 = 26 (tCCD_S 4, its
    // data [48, 52) right after [44, 48)); WR bg0 at 26 + CL 22 + BL/2 4 + 1 - CWL 16 = 37
    // (data [53, 57)); RD bg1 at 37 + CWL 16 + BL/2 4 + tWTR_S 4 = 61; PRE bg1 at
    // max(ACT 4 + tRAS 52, RD 61 + tRTP 12) = 73; PRE bg0 at WR 37 + 16 + 4 + tWR 24 = 81;
    // REF at PRE 81 + tRP 22 = 103; ACT at REF 103 + tRFC 560 = 663.
    const auto v =
        check({cmd(ACT, 0), cmd(ACT, 4, 1), cmd(RD, 22), cmd(RD, 26, 1), cmd(WR, 37),
               cmd(RD, 61, 1), cmd(PRE, 73, 1), cmd(PRE, 81), cmd(REF, 103), cmd(ACT, 663, 2)});
    INFO((v.empty() ? std::string("-") : v.front()));
    CHECK(v.empty());
}

TEST_CASE("checker: each broken timing rule is reported by name", "[ddr]") {
    struct Case {
        const char* rule;
        std::vector<DdrCommand> seq;
    };
    const std::vector<Case> cases = {
        // RD 10 after ACT 0: 10 < tRCD 22.
        {"tRCD", {cmd(ACT, 0), cmd(RD, 10)}},
        // ACT 110 after PRE 100: 10 < tRP 22 (tRC 74 from ACT 0 is met).
        {"tRP", {cmd(ACT, 0), cmd(PRE, 100), cmd(ACT, 110)}},
        // PRE 30 after ACT 0: 30 < tRAS 52.
        {"tRAS", {cmd(ACT, 0), cmd(PRE, 30)}},
        // ACT 60 bg0 ba0 after ACT 0 same bank: 60 < tRC 74 (PRE 52 was legal; tRP also breaks
        // here since tRC = tRAS + tRP; the tRC-only case is below).
        {"tRC", {cmd(ACT, 0), cmd(PRE, 52), cmd(ACT, 60)}},
        // Two RDs to bg0, 4 apart: the bus is fine (BL/2 4) but 4 < tCCD_L 8.
        {"tCCD_L", {cmd(ACT, 0), cmd(RD, 22), cmd(RD, 26)}},
        // ACT bg1 2 clocks after ACT bg0: 2 < tRRD_S 4.
        {"tRRD_S", {cmd(ACT, 0), cmd(ACT, 2, 1)}},
        // ACT bg0 ba1 4 after ACT bg0 ba0: 4 < tRRD_L 8.
        {"tRRD_L", {cmd(ACT, 0), cmd(ACT, 4, 0, 1)}},
        // ACTs at 0, 4, 8, 12 in four bank groups (tRRD_S met), a fifth at 16 (tRRD_L 8 from
        // bg0's ACT 0 met): 16 - 0 < tFAW 34.
        {"tFAW",
         {cmd(ACT, 0), cmd(ACT, 4, 1), cmd(ACT, 8, 2), cmd(ACT, 12, 3), cmd(ACT, 16, 0, 1)}},
        // WR 22, RD same bank group at 53: needs WR + CWL 16 + BL/2 4 + tWTR_L 12 = 54.
        {"tWTR_L", {cmd(ACT, 0), cmd(WR, 22), cmd(RD, 53)}},
        // WR bg0 at 22, RD bg1 at 45: needs 22 + 16 + 4 + tWTR_S 4 = 46.
        {"tWTR_S", {cmd(ACT, 0), cmd(ACT, 4, 1), cmd(WR, 22), cmd(RD, 45, 1)}},
        // RD 60, PRE 65: 5 < tRTP 12 (tRAS from ACT 0 met).
        {"tRTP", {cmd(ACT, 0), cmd(RD, 60), cmd(PRE, 65)}},
        // WR 22, PRE 60 (tRAS 52 met): needs 22 + CWL 16 + BL/2 4 + tWR 24 = 66.
        {"tWR", {cmd(ACT, 0), cmd(WR, 22), cmd(PRE, 60)}},
        // REF at 100, ACT at 300: 200 < tRFC 560.
        {"tRFC", {cmd(REF, 100), cmd(ACT, 300)}},
        // RD bg0 at 22, WR bg1 at 30: read data [44, 48), write data [46, 50) overlap.
        {"collides", {cmd(ACT, 0), cmd(ACT, 4, 1), cmd(RD, 22), cmd(WR, 30, 1)}},
        // Write data must leave a turnaround clock: RD 22 data ends 48, WR at 32 starts data at
        // 48 exactly (needs 49).
        {"turnaround", {cmd(ACT, 0), cmd(ACT, 4, 1), cmd(RD, 22), cmd(WR, 32, 1)}},
        // Commands to a closed / open bank, wrong row.
        {"closed bank", {cmd(RD, 30)}},
        {"open bank", {cmd(ACT, 0), cmd(ACT, 100)}},
        {"but row 1 is open", {cmd(ACT, 0), cmd(RD, 22, 0, 0, 2)}},
        {"with bank bg 0 ba 0 open", {cmd(ACT, 0), cmd(REF, 100)}},
        // Two commands in one clock on one channel.
        {"issued at or before", {cmd(ACT, 0), cmd(ACT, 0, 1)}},
    };
    for (const Case& c : cases) {
        const auto v = check(c.seq);
        INFO("rule " << c.rule << ": " << (v.empty() ? std::string("no violation") : v.front()));
        CHECK(mentions(v, c.rule));
    }
}

TEST_CASE("checker: tRC alone, with tRC > tRAS + tRP", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.tRC = 80;
    // ACT 0, PRE 52 (tRAS), ACT 76: tRP 24 >= 22 met, but 76 < tRC 80.
    const auto v = check({cmd(ACT, 0), cmd(PRE, 52), cmd(ACT, 76)}, 1000, p);
    REQUIRE(v.size() == 1);
    CHECK(v[0] ==
          "clk 76 ch 0 ra 0 bg 0 ba 0: ACT breaks tRC: ACT to the same bank at clk 0, "
          "needs 80 clk, got 76");
}

TEST_CASE("checker: the rules of the two-level controller, legal at their minimum", "[ddr]") {
    // ACT rank 0 bg0 at 0, rank 1 bg0 at 1 (tRRD does not cross ranks). RD rank 0 at 22, data
    // [44, 48), and in the same clock ACT rank 0 bg1 (dual issue; tRRD_S 4 from 0 met); ACT
    // rank 0 bg2 at 26 (tRRD_S). RD rank 1 at 28: data [50, 54) starts 48 + tRTRS 2. PREs of
    // rank 0: bg0 at 52 (tRAS), bg1 at 74 (22 + tRAS), bg2 at 78 (26 + tRAS = 74 + tPPD 4).
    // REFPB rank 1 bg1 ba0 at 100, bg2 ba0 at 108 (tRRD_L 8); ACT rank 1 bg1 ba0 at 200
    // (tRFCpb 100).
    const auto v = check(
        {cmd(ACT, 0), cmd(ACT, 1, 0, 0, 1, 1), cmd(RD, 22), cmd(ACT, 22, 1), cmd(ACT, 26, 2),
         cmd(RD, 28, 0, 0, 1, 1), cmd(PRE, 52), cmd(PRE, 74, 1), cmd(PRE, 78, 2),
         cmd(REFPB, 100, 1, 0, -1, 1), cmd(REFPB, 108, 2, 0, -1, 1), cmd(ACT, 200, 1, 0, 1, 1)},
        1000, extended());
    INFO((v.empty() ? std::string("-") : v.front()));
    CHECK(v.empty());
}

TEST_CASE("checker: each broken rule of the two-level controller is reported", "[ddr]") {
    struct Case {
        const char* rule;
        std::vector<DdrCommand> seq;
    };
    const std::vector<Case> cases = {
        // RD rank 0 at 22, data [44, 48); RD rank 1 at 27: data [49, 53), 1 < tRTRS 2 idle.
        {"tRTRS", {cmd(ACT, 0), cmd(ACT, 1, 0, 0, 1, 1), cmd(RD, 22), cmd(RD, 27, 0, 0, 1, 1)}},
        // PRE bg0 at 52, PRE bg1 at 54: 2 < tPPD 4 (tRAS of ACT 2 met at 54).
        {"tPPD", {cmd(ACT, 0), cmd(ACT, 2, 1), cmd(PRE, 52), cmd(PRE, 54, 1)}},
        // Two row commands in one clock, even with dual issue.
        {"one row and one column command per clock", {cmd(ACT, 0), cmd(ACT, 0, 0, 0, 1, 1)}},
        // REFPB bg0 ba0 at 100, ACT of it at 150: 50 < tRFCpb 100.
        {"tRFCpb", {cmd(REFPB, 100), cmd(ACT, 150)}},
        // REFPB of a bank whose row 1 is open.
        {"to an open bank", {cmd(ACT, 0), cmd(REFPB, 100)}},
        // REFPBs of one rank 4 apart: 4 < tRRD_L 8.
        {"REFPB in the rank", {cmd(REFPB, 100), cmd(REFPB, 104, 0, 1)}},
        // REF of the rank 50 after a REFPB: 50 < tRFCpb 100.
        {"breaks tRFCpb", {cmd(REFPB, 100, 1), cmd(REF, 150)}},
    };
    for (const Case& c : cases) {
        const auto v = check(c.seq, 1000, extended());
        INFO("rule " << c.rule << ": " << (v.empty() ? std::string("no violation") : v.front()));
        CHECK(mentions(v, c.rule));
    }
    // Without dual issue a row and a column command may not share a clock.
    DdrParams single = extended();
    single.dual_issue = false;
    CHECK(mentions(check({cmd(ACT, 0), cmd(ACT, 4, 1), cmd(RD, 22), cmd(ACT, 22, 2)}, 1000, single),
                   "one command per clock"));
}

TEST_CASE("checker: a bank without a refresh for 9 x tREFI is reported", "[ddr]") {
    // Per-bank refresh: every bank needs a REF of its rank or a REFPB of its own. REFPB of
    // rank 0 bg0 ba0 at 1000 only: at 112,320 + 1 every other bank is overdue (2 ranks x 16
    // banks - 1 = 31 messages), bg0 ba0 of rank 0 is not (gap 111,321).
    const auto v = check({cmd(REFPB, 1000)}, 112321, extended());
    CHECK(v.size() == 31);
    CHECK(v[0] ==
          "clk 112321 ch 0 ra 0 bg 0 ba 1: refresh overdue: no REF or REFPB since clk 0, gap "
          "112321 > 9 x tREFI = 112320");
}

TEST_CASE("checker: a missing refresh is reported", "[ddr]") {
    // No REF at all up to 9 x tREFI 12480 = 112,320 is allowed (8 postponed); one clock more
    // is not.
    CHECK(check({}, 112320).empty());
    const auto v = check({}, 112321);
    REQUIRE(v.size() == 1);
    CHECK(v[0] ==
          "clk 112321 ch 0 ra 0: refresh overdue: no REF since clk 0, gap 112321 > 9 x "
          "tREFI = 112320");
    // A REF at 1000 and the next at 1000 + 112,321: the gap is reported at the second REF.
    const auto w = check({cmd(REF, 1000), cmd(REF, 113321)}, 113400);
    CHECK(mentions(w, "refresh overdue"));
}

}  // namespace sasim
