// Refresh of one DDR channel (see ddr_channel.hpp). A refresh unit is a rank (REF) or, under
// per-bank refresh, a bank (REFPB). Unit u owes its n-th refresh (n from 0) at due_clk(u, n):
// all_rank: (n + 1) x tREFI for every rank; rank_staggered and per_bank: the U units take
// turns, one every floor(tREFI / U) clocks (DRAMsim3's order: bank group fastest, then bank,
// then rank). An idle unit refreshes when one is due; a busy one (requests queued for it)
// postpones until refresh_owed_max are owed. A due unit closes its banks, then refreshes; its
// requests wait meanwhile.
#include <algorithm>

#include "models/dram/ddr_channel.hpp"

namespace sasim {

uint64_t DdrChannel::due_clk(int unit, int64_t n) const {
    if (p_.refresh_policy == RefreshPolicy::all_rank)
        return static_cast<uint64_t>((n + 1) * p_.tREFI);
    const int64_t units = static_cast<int64_t>(refs_done_.size());
    int64_t turn = unit;
    if (per_bank_refresh_) {
        const int64_t rank = unit / banks_per_rank_, in_rank = unit % banks_per_rank_;
        const int64_t bg = in_rank / p_.banks_per_group, ba = in_rank % p_.banks_per_group;
        turn = rank * banks_per_rank_ + ba * p_.bankgroups + bg;
    }
    return static_cast<uint64_t>((n * units + turn + 1) * (p_.tREFI / units));
}

uint64_t DdrChannel::forced_refresh_clk(int unit) const {
    return due_clk(unit, refs_done_[unit] + p_.refresh_owed_max - 1);
}

uint64_t DdrChannel::refresh_trigger_clk(int unit) const {
    if (unit_load_[unit] > 0) return forced_refresh_clk(unit);
    return due_clk(unit, refs_done_[unit]);
}

uint64_t DdrChannel::find_next_refresh() const {
    uint64_t t = UINT64_MAX;
    for (int u = 0; u < static_cast<int>(ref_pending_.size()); ++u)
        if (!ref_pending_[u]) t = std::min(t, refresh_trigger_clk(u));
    next_refresh_ = t;
    next_refresh_valid_ = true;
    return t;
}

void DdrChannel::mark_due_refreshes() {
    for (int u = 0; u < static_cast<int>(ref_pending_.size()); ++u) {
        if (ref_pending_[u] || now_ < refresh_trigger_clk(u)) continue;
        ref_pending_[u] = 1;
        ++refs_pending_;
    }
    next_refresh_valid_ = false;
    pick_valid_ = false;
}

DdrBankId DdrChannel::unit_bank(int unit) const {
    if (per_bank_refresh_)
        return {unit / banks_per_rank_, static_cast<int>(unit / p_.banks_per_group), unit};
    return {unit, unit * static_cast<int>(p_.bankgroups), unit * banks_per_rank_};
}

void DdrChannel::consider_refresh(Pick& best) const {
    if (refs_pending_ == 0) return;
    for (int u = 0; u < static_cast<int>(ref_pending_.size()); ++u)
        if (ref_pending_[u]) offer_refresh(best, u);
}

// A due unit precharges its open banks, then refreshes.
void DdrChannel::offer_refresh(Pick& best, int u) const {
    const DdrBankId id = unit_bank(u);
    const int first = per_bank_refresh_ ? u : u * banks_per_rank_;
    const int last = per_bank_refresh_ ? u + 1 : first + banks_per_rank_;
    bool all_closed = true;
    for (int b = first; b < last; ++b) {
        if (open_row_[b] < 0) continue;
        all_closed = false;
        offer_precharge(best, b, kRefresh);
    }
    if (!all_closed) return;
    Pick c;
    c.prio = kRefresh;
    c.kind = per_bank_refresh_ ? DdrCommand::REFPB : DdrCommand::REF;
    c.bank = id;
    c.clk = timing_.earliest(c.kind, c.bank);
    offer(best, c);
}

}  // namespace sasim

namespace sasim {

// The clocks of the next refresh round of an idle channel, as the scheduler would issue them:
// at each clock the due unit with the lowest bank index, one command per clock.
void DdrChannel::idle_round(std::vector<std::pair<uint64_t, int>>& round) const {
    const int units = static_cast<int>(refs_done_.size());
    round.clear();
    std::vector<std::pair<uint64_t, int>>& due = due_scratch_;  // (due clock, unit)
    due.clear();
    for (int u = 0; u < units; ++u) due.push_back({due_clk(u, refs_done_[u]), u});
    std::sort(due.begin(), due.end());
    uint64_t t = std::max(due.front().first, floor_row_);
    size_t next = 0;
    std::vector<int>& ready = ready_scratch_;
    ready.clear();
    while (round.size() < due.size()) {
        if (ready.empty()) t = std::max(t, due[next].first);
        while (next < due.size() && due[next].first <= t) ready.push_back(due[next++].second);
        auto lowest = std::min_element(ready.begin(), ready.end(), [&](int a, int b) {
            return unit_bank(a).bank < unit_bank(b).bank;
        });
        round.push_back({t++, *lowest});
        ready.erase(lowest);
    }
}

// Rounds k = 0 and 1 of the pattern meet every timing rule on a copy of the timing state; the
// later rounds then do too (each sees the same commands one period later).
bool DdrChannel::rounds_fit(const std::vector<std::pair<uint64_t, int>>& round,
                            uint64_t period) const {
    DdrTimingState trial = timing_;
    const DdrCommand::Kind kind = per_bank_refresh_ ? DdrCommand::REFPB : DdrCommand::REF;
    for (uint64_t k = 0; k < 2; ++k) {
        for (const auto& [clk, unit] : round) {
            const DdrBankId b = unit_bank(unit);
            if (trial.earliest(kind, b) > clk + k * period) return false;
            trial.issue(kind, clk + k * period, b);
        }
    }
    return true;
}

// Idle refresh in bulk: with nothing queued and every bank closed, the units refresh in the
// same pattern every period (tREFI; U x floor(tREFI / U) when staggered). All complete rounds
// before the horizon but the last are taken here without the scheduler: shown to the
// observer, counted, and the last one's timing applied (REF timings only move forward). The
// last goes through the scheduler as usual. This makes long idle stretches cheap and changes
// no command or clock.
bool DdrChannel::skip_idle_rounds(uint64_t clk) {
    const uint64_t horizon = std::min(clk, next_arrival_clk());
    const int64_t units = static_cast<int64_t>(refs_done_.size());
    const uint64_t period = static_cast<uint64_t>(
        p_.refresh_policy == RefreshPolicy::all_rank ? p_.tREFI : units * (p_.tREFI / units));
    if (horizon == UINT64_MAX || horizon <= now_ + period) return false;  // cheap first
    std::vector<std::pair<uint64_t, int>>& round = round_scratch_;
    idle_round(round);
    const uint64_t last = round.back().first;
    if (last >= horizon || horizon - 1 - last < period) return false;
    const uint64_t skip = (horizon - 1 - last) / period;  // complete rounds before the horizon - 1
    if (!rounds_fit(round, period)) return false;
    const DdrCommand::Kind kind = per_bank_refresh_ ? DdrCommand::REFPB : DdrCommand::REF;
    if (observer_ && *observer_)
        for (uint64_t k = 0; k < skip; ++k)
            for (const auto& [c, unit] : round) {
                const DdrBankId b = unit_bank(unit);
                const int bg = per_bank_refresh_ ? b.group % static_cast<int>(p_.bankgroups) : -1;
                const int ba =
                    per_bank_refresh_ ? b.bank % static_cast<int>(p_.banks_per_group) : -1;
                (*observer_)({kind, c + k * period, index_, b.rank, bg, ba, -1, -1});
            }
    for (const auto& [c, unit] : round) {
        timing_.issue(kind, c + (skip - 1) * period, unit_bank(unit));
        refs_done_[unit] += static_cast<int64_t>(skip);
    }
    (per_bank_refresh_ ? stats_.refpb : stats_.ref) += static_cast<int64_t>(skip) * units;
    const uint64_t end = last + (skip - 1) * period;
    floor_row_ = std::max(floor_row_, end + 1);
    if (!p_.dual_issue) floor_col_ = std::max(floor_col_, end + 1);
    now_ = std::max(now_, end + 1);
    last_event_clk_ = end;
    next_refresh_valid_ = false;
    pick_valid_ = false;
    return true;
}

}  // namespace sasim
