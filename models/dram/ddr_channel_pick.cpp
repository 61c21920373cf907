// Scheduler of one DDR channel (see ddr_channel.hpp): FR-FCFS over the active queue, the
// refresh drain and closed-page precharges. Every candidate gets the earliest clock its timing
// allows; the best (clock, priority, age) wins, so the channel jumps straight to that clock.
#include <algorithm>
#include <tuple>

#include "models/dram/ddr_channel.hpp"

namespace sasim {

bool DdrChannel::Pick::better_than(const Pick& o) const {
    if (!o.valid) return true;
    return std::tie(clk, prio, arrival, seq, bank.bank) <
           std::tie(o.clk, o.prio, o.arrival, o.seq, o.bank.bank);
}

const DdrChannel::Pick& DdrChannel::pick() const {
    if (pick_valid_) return pick_;
    Pick best;
    mark_hits();
    consider_refresh(best);
    consider_requests(best);
    if (p_.page_policy == PagePolicy::closed) consider_auto_precharge(best);
    pick_ = best;
    pick_valid_ = true;
    return pick_;
}

void DdrChannel::mark_hits() const {
    std::fill(oldest_hit_.begin(), oldest_hit_.end(), std::make_pair(UINT64_MAX, UINT64_MAX));
    for (const DdrRequest& r : active()) {
        if (open_row_[r.bank.bank] != r.addr.row) continue;
        oldest_hit_[r.bank.bank] = std::min(oldest_hit_[r.bank.bank], {r.arrival, r.seq});
    }
    if (p_.page_policy != PagePolicy::closed) return;
    std::fill(any_hit_.begin(), any_hit_.end(), 0);
    for (const auto* q : {&reads_, &writes_})
        for (const DdrRequest& r : *q)
            if (open_row_[r.bank.bank] == r.addr.row) any_hit_[r.bank.bank] = 1;
}

void DdrChannel::offer(Pick& best, Pick c) const {
    c.valid = true;
    c.clk = std::max(c.clk, now_);
    if (c.better_than(best)) best = c;
}

// PRE of bank `b` (its open row) at the earliest clock its timing allows.
void DdrChannel::offer_precharge(Pick& best, int b, int prio) const {
    Pick c;
    c.prio = prio;
    c.kind = DdrCommand::PRE;
    c.bank = {b / banks_per_rank_, static_cast<int>(b / p_.banks_per_group), b};
    c.row = open_row_[b];
    c.clk = timing_.earliest(DdrCommand::PRE, c.bank);
    offer(best, c);
}

// A rank due for refresh closes its open banks, then refreshes; its requests wait.
void DdrChannel::consider_refresh(Pick& best) const {
    for (int r = 0; r < static_cast<int>(ref_pending_.size()); ++r) {
        if (!ref_pending_[r]) continue;
        bool all_closed = true;
        for (int b = r * banks_per_rank_; b < (r + 1) * banks_per_rank_; ++b) {
            if (open_row_[b] < 0) continue;
            all_closed = false;
            offer_precharge(best, b, kRefresh);
        }
        if (!all_closed) continue;
        Pick c;
        c.prio = kRefresh;
        c.kind = DdrCommand::REF;
        c.bank = {r, r * static_cast<int>(p_.bankgroups), r * banks_per_rank_};
        c.clk = timing_.earliest(DdrCommand::REF, c.bank);
        offer(best, c);
    }
}

// FR-FCFS: a request's next command is its column command (row hit), ACT (bank closed) or PRE
// (another row open). A PRE waits while an older request still hits the open row, so a
// younger conflicting request cannot close a row under older hits.
void DdrChannel::consider_requests(Pick& best) const {
    const std::vector<DdrRequest>& q = active();
    for (int i = 0; i < static_cast<int>(q.size()); ++i) consider_request(q, i, best);
}

void DdrChannel::consider_request(const std::vector<DdrRequest>& q, int i, Pick& best) const {
    const DdrRequest& r = q[i];
    if (ref_pending_[r.bank.rank]) return;
    const int64_t open = open_row_[r.bank.bank];
    DdrCommand::Kind kind = DdrCommand::PRE;
    int prio = kRowCmd;
    if (open == r.addr.row) {
        kind = r.write ? DdrCommand::WR : DdrCommand::RD;
        prio = kColumn;
    } else if (open < 0) {
        kind = DdrCommand::ACT;
    } else if (oldest_hit_[r.bank.bank] < std::make_pair(r.arrival, r.seq)) {
        return;
    }
    // Cheap rejection first: most candidates lose on (clock, priority).
    const uint64_t clk = std::max(timing_.earliest(kind, r.bank), now_);
    if (best.valid && std::tie(clk, prio) > std::tie(best.clk, best.prio)) return;
    // An ACT within tRAS of the rank's forced-refresh deadline would only hold the REF back.
    if (kind == DdrCommand::ACT && clk + p_.tRAS > forced_refresh_clk(r.bank.rank)) return;
    Pick c;
    c.valid = true;
    c.clk = clk;
    c.prio = prio;
    c.kind = kind;
    c.req = i;
    c.arrival = r.arrival;
    c.seq = r.seq;
    c.bank = r.bank;
    c.row = kind == DdrCommand::PRE ? open : r.addr.row;
    c.column = r.addr.column;
    if (c.better_than(best)) best = c;
}

// Closed page: a row nobody queued still wants is closed as soon as its timing allows.
void DdrChannel::consider_auto_precharge(Pick& best) const {
    for (int b = 0; b < static_cast<int>(open_row_.size()); ++b) {
        const int r = b / banks_per_rank_;
        if (open_row_[b] < 0 || any_hit_[b] || ref_pending_[r]) continue;
        offer_precharge(best, b, kAutoPre);
    }
}

// New requests are the youngest, so they change no older request's candidate command: unless
// the read/write mode flipped (the caller rescans) or, under closed page, a newcomer hits an
// open row (which cancels its auto-precharge), the cached pick only meets the newcomers.
void DdrChannel::pick_newcomers(size_t first_read, size_t first_write) {
    const std::vector<DdrRequest>& q = active();
    const size_t first = write_mode() ? first_write : first_read;
    for (size_t i = first; i < q.size(); ++i) {
        const DdrRequest& r = q[i];
        if (open_row_[r.bank.bank] != r.addr.row) continue;
        if (p_.page_policy == PagePolicy::closed) {
            pick_valid_ = false;  // the row's auto-precharge is off: rescan
            return;
        }
        oldest_hit_[r.bank.bank] = std::min(oldest_hit_[r.bank.bank], {r.arrival, r.seq});
    }
    if (p_.page_policy == PagePolicy::closed) {
        // New requests in the idle queue may hit too, which also cancels an auto-precharge.
        const std::vector<DdrRequest>& other = write_mode() ? reads_ : writes_;
        for (size_t i = write_mode() ? first_read : first_write; i < other.size(); ++i)
            if (open_row_[other[i].bank.bank] == other[i].addr.row) {
                pick_valid_ = false;
                return;
            }
    }
    for (size_t i = first; i < q.size(); ++i) consider_request(q, static_cast<int>(i), pick_);
}

}  // namespace sasim
