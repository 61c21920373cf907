// DdrChecker's refresh rules (see ddr_checker.cpp): REF needs every bank of its rank closed
// for tRP, REFPB its bank; tRFC after a REF, tRFCpb after a REFPB, REFPBs of a rank tRRD_L
// apart; and no rank (per-bank refresh: no bank) goes more than 9 x tREFI without a refresh
// (JEDEC lets a controller postpone 8).
#include <algorithm>

#include "models/dram/ddr_checker_detail.hpp"

namespace sasim {

void DdrChecker::Impl::on_ref(const DdrCommand& c, ChannelHist& h) {
    RankHist& r = h.ranks[c.rank];
    for (int g = 0; g < p.bankgroups; ++g)
        for (int k = 0; k < p.banks_per_group; ++k) {
            const BankHist& b = bank(h, c.rank, g, k);
            if (b.open) report(c, fmt::format("with bank bg {} ba {} open", g, k));
            check(c, "tRP", b.pre, p.tRP, "PRE");
            check(c, "tRFCpb", b.refpb, p.tRFCpb, "REFPB");
        }
    check(c, "tRFC", r.ref, p.tRFC, "REF");
    if (p.refresh_policy != RefreshPolicy::per_bank) {
        const int64_t since = std::max<int64_t>(r.ref, 0);  // time starts at clk 0
        const int64_t gap = static_cast<int64_t>(c.clk) - since;
        if (gap > 9 * p.tREFI)
            report(c, fmt::format("refresh overdue: previous REF at clk {}, gap {} > 9 x tREFI "
                                  "= {}",
                                  since, gap, 9 * p.tREFI));
    }
    r.ref = static_cast<int64_t>(c.clk);
    for (int g = 0; g < p.bankgroups; ++g)
        for (int k = 0; k < p.banks_per_group; ++k)
            bank(h, c.rank, g, k).refreshed = static_cast<int64_t>(c.clk);
}

void DdrChecker::Impl::on_refpb(const DdrCommand& c, ChannelHist& h) {
    RankHist& r = h.ranks[c.rank];
    BankHist& b = bank(h, c.rank, c.bankgroup, c.bank);
    if (b.open) report(c, fmt::format("to an open bank (row {} open)", b.row));
    check(c, "tRP", b.pre, p.tRP, "PRE");
    check(c, "tRFCpb", b.refpb, p.tRFCpb, "REFPB of the bank");
    check(c, "tRRD_L", r.refpb, p.tRRD_L, "REFPB in the rank");
    check(c, "tRFC", r.ref, p.tRFC, "REF");
    if (p.refresh_policy == RefreshPolicy::per_bank) {
        const int64_t gap = static_cast<int64_t>(c.clk) - b.refreshed;
        if (gap > 9 * p.tREFI)
            report(c, fmt::format("refresh overdue: bank refreshed last at clk {}, gap {} > 9 x "
                                  "tREFI = {}",
                                  b.refreshed, gap, 9 * p.tREFI));
    }
    b.refpb = b.refreshed = r.refpb = static_cast<int64_t>(c.clk);
}

void DdrChecker::Impl::finish(uint64_t end_clk) {
    const int64_t limit = 9 * p.tREFI, end = static_cast<int64_t>(end_clk);
    for (int c = 0; c < p.channels; ++c)
        for (int r = 0; r < p.ranks; ++r) {
            if (p.refresh_policy != RefreshPolicy::per_bank) {
                const int64_t last = std::max<int64_t>(ch[c].ranks[r].ref, 0);
                if (end - last > limit)
                    violations.push_back(fmt::format(
                        "clk {} ch {} ra {}: refresh overdue: no REF since clk {}, gap {} > 9 x "
                        "tREFI = {}",
                        end_clk, c, r, last, end - last, limit));
                continue;
            }
            for (int g = 0; g < p.bankgroups; ++g)
                for (int k = 0; k < p.banks_per_group; ++k) {
                    const int64_t last = bank(ch[c], r, g, k).refreshed;
                    if (end - last > limit)
                        violations.push_back(fmt::format(
                            "clk {} ch {} ra {} bg {} ba {}: refresh overdue: no REF or REFPB "
                            "since clk {}, gap {} > 9 x tREFI = {}",
                            end_clk, c, r, g, k, last, end - last, limit));
                }
        }
}

}  // namespace sasim
