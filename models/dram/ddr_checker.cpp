// DdrChecker: re-derives the JEDEC rules from DdrParams and checks each command backwards
// against the command history (the controller pushes constraints forwards instead, in
// ddr_timing_state.cpp), so a slip in one is not repeated in the other. Commands must arrive
// in issue order per channel; channels may interleave. Refresh rules: ddr_checker_refresh.cpp.
#include <algorithm>

#include "models/dram/ddr_checker_detail.hpp"

namespace sasim {

using namespace checker_detail;

namespace {
constexpr const char* kNames[] = {"ACT", "PRE", "RD", "WR", "REF", "REFPB"};
}  // namespace

void DdrChecker::Impl::report(const DdrCommand& c, const std::string& msg) {
    const std::string where = c.kind == DdrCommand::REF
                                  ? fmt::format("clk {} ch {} ra {}", c.clk, c.channel, c.rank)
                                  : fmt::format("clk {} ch {} ra {} bg {} ba {}", c.clk, c.channel,
                                                c.rank, c.bankgroup, c.bank);
    violations.push_back(fmt::format("{}: {} {}", where, kNames[c.kind], msg));
}

void DdrChecker::Impl::broke(const DdrCommand& c, const char* rule, int64_t since, int64_t need,
                             const char* what) {
    const int64_t gap = static_cast<int64_t>(c.clk) - since;
    report(c, fmt::format("breaks {}: {} at clk {}, needs {} clk, got {}", rule, what, since, need,
                          gap));
}

bool DdrChecker::Impl::valid_target(const DdrCommand& c) {
    const bool ok_rank =
        c.channel >= 0 && c.channel < p.channels && c.rank >= 0 && c.rank < p.ranks;
    const bool row_ok = c.kind == DdrCommand::REFPB || (c.row >= 0 && c.row < p.rows);
    const bool ok_bank =
        c.kind == DdrCommand::REF || (c.bankgroup >= 0 && c.bankgroup < p.bankgroups &&
                                      c.bank >= 0 && c.bank < p.banks_per_group && row_ok);
    if (!ok_rank || !ok_bank) report(c, "addresses no such channel / rank / bank / row");
    return ok_rank && ok_bank;
}

// One command per clock in issue order; with dual issue one row and one column command.
void DdrChecker::Impl::check_order(const DdrCommand& c, ChannelHist& h) {
    const auto clk = static_cast<int64_t>(c.clk);
    const bool column = c.kind == DdrCommand::RD || c.kind == DdrCommand::WR;
    if (clk > h.last_clk) {
        h.last_clk = clk;
        h.row_cmds = h.col_cmds = 0;
    } else if (!p.dual_issue || clk < h.last_clk || (column ? h.col_cmds : h.row_cmds) > 0) {
        report(c, fmt::format("issued at or before the channel's previous command (clk {}): {}",
                              h.last_clk,
                              p.dual_issue ? "one row and one column command per clock, in order"
                                           : "one command per clock, in order"));
    }
    ++(column ? h.col_cmds : h.row_cmds);
}

void DdrChecker::Impl::on_act(const DdrCommand& c, ChannelHist& h) {
    BankHist& b = bank(h, c.rank, c.bankgroup, c.bank);
    if (b.open) report(c, fmt::format("to an open bank (row {} open)", b.row));
    check(c, "tRP", b.pre, p.tRP, "PRE");
    check(c, "tRC", b.act, p.tRC, "ACT to the same bank");
    check(c, "tRFCpb", b.refpb, p.tRFCpb, "REFPB of the bank");
    for (int g = 0; g < p.bankgroups; ++g)
        for (int k = 0; k < p.banks_per_group; ++k) {
            if (g == c.bankgroup && k == c.bank) continue;
            const int64_t other = bank(h, c.rank, g, k).act;
            if (g == c.bankgroup)
                check(c, "tRRD_L", other, p.tRRD_L, "ACT in the same bank group");
            else
                check(c, "tRRD_S", other, p.tRRD_S, "ACT in another bank group");
        }
    RankHist& r = h.ranks[c.rank];
    if (r.acts.size() >= 4) check(c, "tFAW", r.acts[r.acts.size() - 4], p.tFAW, "4th previous ACT");
    check(c, "tRFC", r.ref, p.tRFC, "REF");
    r.acts.push_back(static_cast<int64_t>(c.clk));
    if (r.acts.size() > 4) r.acts.pop_front();
    b.open = true;
    b.row = c.row;
    b.act = static_cast<int64_t>(c.clk);
}

void DdrChecker::Impl::on_pre(const DdrCommand& c, ChannelHist& h) {
    BankHist& b = bank(h, c.rank, c.bankgroup, c.bank);
    if (!b.open) report(c, "to a closed bank");
    check(c, "tRAS", b.act, p.tRAS, "ACT");
    check(c, "tRTP", b.rd, p.tRTP, "RD");
    check(c, "tWR", b.wr, p.CWL + burst + p.tWR, "WR (CWL + BL/2 + tWR)");
    RankHist& r = h.ranks[c.rank];
    check(c, "tPPD", r.pre, p.tPPD, "PRE in the rank");
    r.pre = static_cast<int64_t>(c.clk);
    b.open = false;
    b.pre = static_cast<int64_t>(c.clk);
}

void DdrChecker::Impl::on_column(const DdrCommand& c, ChannelHist& h) {
    const bool write = c.kind == DdrCommand::WR;
    BankHist& b = bank(h, c.rank, c.bankgroup, c.bank);
    if (!b.open)
        report(c, "to a closed bank");
    else if (b.row != c.row)
        report(c, fmt::format("to row {} but row {} is open", c.row, b.row));
    check(c, "tRCD", b.act, p.tRCD, "ACT");
    const int first = c.rank * static_cast<int>(p.bankgroups);
    for (int g = 0; g < p.bankgroups; ++g) {
        const bool same = g == c.bankgroup;
        check(c, same ? "tCCD_L" : "tCCD_S", write ? h.group_wr[first + g] : h.group_rd[first + g],
              same ? p.tCCD_L : p.tCCD_S, write ? "WR" : "RD");
        if (!write)
            check(c, same ? "tWTR_L" : "tWTR_S", h.group_wr[first + g],
                  p.CWL + burst + (same ? p.tWTR_L : p.tWTR_S), "WR (CWL + BL/2 + tWTR)");
    }
    check_bus(c, h, write);
    const auto clk = static_cast<int64_t>(c.clk);
    (write ? b.wr : b.rd) = clk;
    int64_t& group_last = (write ? h.group_wr : h.group_rd)[first + c.bankgroup];
    group_last = std::max(group_last, clk);
}

// Data bursts may not overlap; between a read burst and a write burst (either order) the bus
// needs one idle clock to turn around, and between bursts of two ranks tRTRS idle clocks.
void DdrChecker::Impl::check_bus(const DdrCommand& c, ChannelHist& h, bool write) {
    const int64_t start = static_cast<int64_t>(c.clk) + (write ? p.CWL : p.CL);
    const Burst mine{start, start + burst, write, c.rank};
    for (const Burst& o : h.bursts) {
        const int64_t turn = o.write != write ? 1 : 0, sw = o.rank != c.rank ? p.tRTRS : 0;
        const int64_t gap_needed = std::max(turn, sw);
        if (mine.start < o.end + gap_needed && o.start < mine.end + gap_needed)
            report(c, fmt::format("data [{}, {}) collides with {} data [{}, {}){}", mine.start,
                                  mine.end, o.write ? "WR" : "RD", o.start, o.end,
                                  sw > turn   ? fmt::format(" of rank {} (needs tRTRS {} clk "
                                                              "between ranks)",
                                                            o.rank, sw)
                                  : turn == 1 ? " (needs 1 clk read/write turnaround)"
                                              : ""));
    }
    h.bursts.push_back(mine);
    // Later bursts start at >= clk + min(CL, CWL); older ones ending before that, less the
    // largest gap, cannot clash.
    const int64_t horizon =
        static_cast<int64_t>(c.clk) + std::min(p.CL, p.CWL) - 1 - std::max<int64_t>(1, p.tRTRS);
    while (!h.bursts.empty() && h.bursts.front().end < horizon) h.bursts.pop_front();
}

DdrChecker::DdrChecker(const DdrParams& p) : impl_(std::make_unique<Impl>(p)) {}

DdrChecker::~DdrChecker() = default;

void DdrChecker::observe(const DdrCommand& c) {
    if (!impl_->valid_target(c)) return;
    ChannelHist& h = impl_->ch[c.channel];
    impl_->check_order(c, h);
    switch (c.kind) {
        case DdrCommand::ACT:
            return impl_->on_act(c, h);
        case DdrCommand::PRE:
            return impl_->on_pre(c, h);
        case DdrCommand::RD:
        case DdrCommand::WR:
            return impl_->on_column(c, h);
        case DdrCommand::REF:
            return impl_->on_ref(c, h);
        case DdrCommand::REFPB:
            return impl_->on_refpb(c, h);
    }
}

void DdrChecker::finish(uint64_t end_clk) { impl_->finish(end_clk); }

const std::vector<std::string>& DdrChecker::violations() const { return impl_->violations; }

}  // namespace sasim
