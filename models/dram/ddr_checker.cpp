// DdrChecker: re-derives the JEDEC rules from DdrParams and checks each command backwards
// against the command history (the controller pushes constraints forwards instead, in
// ddr_timing_state.cpp), so a slip in one is not repeated in the other. Commands must arrive
// in issue order per channel; channels may interleave.
#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "models/dram/ddr_core.hpp"

namespace sasim {
namespace {

constexpr int64_t kNever = INT64_MIN / 4;  // "no such command yet": every gap from it is huge
constexpr const char* kNames[] = {"ACT", "PRE", "RD", "WR", "REF"};

struct BankHist {
    bool open = false;
    int64_t row = -1;
    int64_t act = kNever, pre = kNever, rd = kNever, wr = kNever;
};

struct Burst {
    int64_t start, end;  // data clocks [start, end)
    bool write;
};

struct ChannelHist {
    int64_t last_clk = kNever;
    std::vector<BankHist> banks;            // rank-major, then bank group, then bank
    std::vector<std::deque<int64_t>> acts;  // per rank: recent ACT clocks (last four kept)
    std::vector<int64_t> last_ref;          // per rank
    std::deque<Burst> bursts;               // recent data bursts on the bus
};

}  // namespace

struct DdrChecker::Impl {
    explicit Impl(const DdrParams& params) : p(params), burst(params.burst_length / 2) {
        per_rank = static_cast<int>(p.bankgroups * p.banks_per_group);
        ch.resize(p.channels);
        for (ChannelHist& c : ch) {
            c.banks.resize(p.ranks * per_rank);
            c.acts.resize(p.ranks);
            c.last_ref.assign(p.ranks, kNever);
        }
    }
    void check(const DdrCommand& c, const char* rule, int64_t since, int64_t need,
               const char* what);
    void report(const DdrCommand& c, const std::string& msg);
    bool valid_target(const DdrCommand& c);
    void on_act(const DdrCommand& c, ChannelHist& h);
    void on_pre(const DdrCommand& c, ChannelHist& h);
    void on_column(const DdrCommand& c, ChannelHist& h);
    void on_ref(const DdrCommand& c, ChannelHist& h);
    void check_bus(const DdrCommand& c, ChannelHist& h, bool write);
    BankHist& bank(ChannelHist& h, int rank, int bg, int ba) {
        return h.banks[(rank * p.bankgroups + bg) * p.banks_per_group + ba];
    }

    DdrParams p;
    int64_t burst;
    int per_rank = 0;
    std::vector<ChannelHist> ch;
    std::vector<std::string> violations;
};

void DdrChecker::Impl::report(const DdrCommand& c, const std::string& msg) {
    const std::string where = c.kind == DdrCommand::REF
                                  ? fmt::format("clk {} ch {} ra {}", c.clk, c.channel, c.rank)
                                  : fmt::format("clk {} ch {} ra {} bg {} ba {}", c.clk, c.channel,
                                                c.rank, c.bankgroup, c.bank);
    violations.push_back(fmt::format("{}: {} {}", where, kNames[c.kind], msg));
}

// The command at c.clk must come at least `need` clocks after the earlier one at `since`.
void DdrChecker::Impl::check(const DdrCommand& c, const char* rule, int64_t since, int64_t need,
                             const char* what) {
    const int64_t gap = static_cast<int64_t>(c.clk) - since;
    if (since == kNever || gap >= need) return;
    report(c, fmt::format("breaks {}: {} at clk {}, needs {} clk, got {}", rule, what, since, need,
                          gap));
}

bool DdrChecker::Impl::valid_target(const DdrCommand& c) {
    const bool ok_rank =
        c.channel >= 0 && c.channel < p.channels && c.rank >= 0 && c.rank < p.ranks;
    const bool ok_bank = c.kind == DdrCommand::REF ||
                         (c.bankgroup >= 0 && c.bankgroup < p.bankgroups && c.bank >= 0 &&
                          c.bank < p.banks_per_group && c.row >= 0 && c.row < p.rows);
    if (!ok_rank || !ok_bank) report(c, "addresses no such channel / rank / bank / row");
    return ok_rank && ok_bank;
}

void DdrChecker::Impl::on_act(const DdrCommand& c, ChannelHist& h) {
    BankHist& b = bank(h, c.rank, c.bankgroup, c.bank);
    if (b.open) report(c, fmt::format("to an open bank (row {} open)", b.row));
    check(c, "tRP", b.pre, p.tRP, "PRE");
    check(c, "tRC", b.act, p.tRC, "ACT to the same bank");
    for (int g = 0; g < p.bankgroups; ++g)
        for (int k = 0; k < p.banks_per_group; ++k) {
            if (g == c.bankgroup && k == c.bank) continue;
            const int64_t other = bank(h, c.rank, g, k).act;
            if (g == c.bankgroup)
                check(c, "tRRD_L", other, p.tRRD_L, "ACT in the same bank group");
            else
                check(c, "tRRD_S", other, p.tRRD_S, "ACT in another bank group");
        }
    std::deque<int64_t>& acts = h.acts[c.rank];
    if (acts.size() >= 4) check(c, "tFAW", acts[acts.size() - 4], p.tFAW, "4th previous ACT");
    check(c, "tRFC", h.last_ref[c.rank], p.tRFC, "REF");
    acts.push_back(static_cast<int64_t>(c.clk));
    if (acts.size() > 4) acts.pop_front();
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
    for (int g = 0; g < p.bankgroups; ++g)
        for (int k = 0; k < p.banks_per_group; ++k) {
            const BankHist& o = bank(h, c.rank, g, k);
            const bool same = g == c.bankgroup;
            const int64_t prev_same_kind = write ? o.wr : o.rd;
            check(c, same ? "tCCD_L" : "tCCD_S", prev_same_kind, same ? p.tCCD_L : p.tCCD_S,
                  write ? "WR" : "RD");
            if (!write)
                check(c, same ? "tWTR_L" : "tWTR_S", o.wr,
                      p.CWL + burst + (same ? p.tWTR_L : p.tWTR_S), "WR (CWL + BL/2 + tWTR)");
        }
    check_bus(c, h, write);
    (write ? b.wr : b.rd) = static_cast<int64_t>(c.clk);
}

// Data bursts may not overlap; between a read burst and a write burst (either order) the bus
// needs one idle clock to turn around.
void DdrChecker::Impl::check_bus(const DdrCommand& c, ChannelHist& h, bool write) {
    const int64_t start = static_cast<int64_t>(c.clk) + (write ? p.CWL : p.CL);
    const Burst mine{start, start + burst, write};
    for (const Burst& o : h.bursts) {
        const int64_t gap_needed = o.write != write ? 1 : 0;
        if (mine.start < o.end + gap_needed && o.start < mine.end + gap_needed)
            report(c, fmt::format("data [{}, {}) collides with {} data [{}, {}){}", mine.start,
                                  mine.end, o.write ? "WR" : "RD", o.start, o.end,
                                  gap_needed ? " (needs 1 clk read/write turnaround)" : ""));
    }
    h.bursts.push_back(mine);
    // Later bursts start at >= clk + min(CL, CWL); older ones ending before that cannot clash.
    const int64_t horizon = static_cast<int64_t>(c.clk) + std::min(p.CL, p.CWL) - 1;
    while (!h.bursts.empty() && h.bursts.front().end < horizon) h.bursts.pop_front();
}

void DdrChecker::Impl::on_ref(const DdrCommand& c, ChannelHist& h) {
    for (int g = 0; g < p.bankgroups; ++g)
        for (int k = 0; k < p.banks_per_group; ++k) {
            const BankHist& b = bank(h, c.rank, g, k);
            if (b.open) report(c, fmt::format("with bank bg {} ba {} open", g, k));
            check(c, "tRP", b.pre, p.tRP, "PRE");
        }
    check(c, "tRFC", h.last_ref[c.rank], p.tRFC, "REF");
    const int64_t since = std::max<int64_t>(h.last_ref[c.rank], 0);  // time starts at clk 0
    const int64_t gap = static_cast<int64_t>(c.clk) - since;
    if (gap > 9 * p.tREFI)
        report(c, fmt::format("refresh overdue: previous REF at clk {}, gap {} > 9 x tREFI = {}",
                              since, gap, 9 * p.tREFI));
    h.last_ref[c.rank] = static_cast<int64_t>(c.clk);
}

DdrChecker::DdrChecker(const DdrParams& p) : impl_(std::make_unique<Impl>(p)) {}

DdrChecker::~DdrChecker() = default;

void DdrChecker::observe(const DdrCommand& c) {
    if (!impl_->valid_target(c)) return;
    ChannelHist& h = impl_->ch[c.channel];
    if (static_cast<int64_t>(c.clk) <= h.last_clk)
        impl_->report(c, fmt::format("issued at or before the channel's previous command (clk "
                                     "{}): one command per clock, in order",
                                     h.last_clk));
    h.last_clk = std::max(h.last_clk, static_cast<int64_t>(c.clk));
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
    }
}

void DdrChecker::finish(uint64_t end_clk) {
    const int64_t limit = 9 * impl_->p.tREFI;
    for (int c = 0; c < impl_->p.channels; ++c)
        for (int r = 0; r < impl_->p.ranks; ++r) {
            const int64_t last = std::max<int64_t>(impl_->ch[c].last_ref[r], 0);
            const int64_t gap = static_cast<int64_t>(end_clk) - last;
            if (gap > limit)
                impl_->violations.push_back(fmt::format(
                    "clk {} ch {} ra {}: refresh overdue: no REF since clk {}, gap {} > 9 x "
                    "tREFI = {}",
                    end_clk, c, r, last, gap, limit));
        }
}

const std::vector<std::string>& DdrChecker::violations() const { return impl_->violations; }

}  // namespace sasim
