// Scheduler of one DDR channel (see ddr_channel.hpp). Every candidate command gets the
// earliest clock its timing allows; the best one at the smallest clock wins, so the channel
// jumps straight to that clock. A bank's candidates follow from its list (oldest first): an ACT
// for the oldest request when the bank is closed; else the column command of the oldest read
// hit and of the oldest write hit, and a PRE when the oldest request wants another row (so a
// PRE never closes a row under an older hit). FR-FCFS ranks (clock, row hit first, age);
// round robin ranks (clock, the queue's turn, position in its queue).
#include <algorithm>
#include <tuple>

#include "models/dram/ddr_channel.hpp"

namespace sasim {

bool DdrChannel::Pick::better_than(const Pick& o, bool round_robin) const {
    if (!o.valid) return true;
    if (clk != o.clk) return clk < o.clk;
    if (prio != o.prio) return prio < o.prio;
    if (round_robin && turn != o.turn) return turn < o.turn;
    if (order != o.order) return order < o.order;
    return bank.bank < o.bank.bank;
}

const DdrChannel::Pick& DdrChannel::repick() const {
    pick_.valid = false;
    consider_refresh(pick_);
    const int dir = two_level_ ? 0 : (write_mode() ? 1 : 0);
    for (int b : active_[dir]) consider_bank(dir, b, pick_);
    if (p_.page_policy == PagePolicy::closed) consider_auto_precharge(pick_);
    pick_valid_ = true;
    return pick_;
}

uint64_t DdrChannel::floor_for(DdrCommand::Kind kind) const {
    const bool column = kind == DdrCommand::RD || kind == DdrCommand::WR;
    return std::max(now_, column ? floor_col_ : floor_row_);
}

// Round robin: 0 for the queue after the one served last, then onwards.
int DdrChannel::turn_of(int queue) const {
    const int n = static_cast<int>(cq_count_.size());
    return ((queue - last_turn_queue_ - 1) % n + n) % n;
}

// `c` with its clock raised to the command slots' floor, if it beats `best`.
void DdrChannel::offer(Pick& best, const Pick& c) const {
    Pick d = c;
    d.valid = true;
    d.clk = std::max(c.clk, floor_for(c.kind));
    if (round_robin_ && d.prio != kRefresh && d.prio != kAutoPre) d.prio = kColumn;
    if (d.better_than(best, round_robin_)) best = d;
}

// PRE of bank `b` (its open row) at the earliest clock its timing allows.
void DdrChannel::offer_precharge(Pick& best, int b, int prio) const {
    Pick c;
    c.prio = prio;
    c.kind = DdrCommand::PRE;
    c.bank = {b / banks_per_rank_, static_cast<int>(b / p_.banks_per_group), b};
    c.clk = timing_.earliest(DdrCommand::PRE, c.bank);
    offer(best, c);
}

// The row a command opens, closes or accesses.
int64_t DdrChannel::row_of(const Pick& c) const {
    if (c.kind == DdrCommand::PRE) return open_row_[c.bank.bank];
    return c.slot >= 0 ? slots_[c.slot].row : -1;
}

// Request s's next command `kind`, if it beats `best` (most candidates lose on clock and
// priority, so that is tested first; the winner is written into `best` field by field).
void DdrChannel::offer_slot(int s, DdrCommand::Kind kind, int prio, Pick& best) const {
    const Slot& r = slots_[s];
    const uint64_t clk = std::max({timing_.earliest(kind, r.bank), floor_for(kind), r.visible});
    if (round_robin_) prio = kColumn;
    const int turn = round_robin_ ? turn_of(r.queue) : 0;
    if (best.valid) {
        if (clk != best.clk) {
            if (clk > best.clk) return;
        } else if (prio != best.prio) {
            if (prio > best.prio) return;
        } else if (turn != best.turn) {
            if (turn > best.turn) return;
        } else if (r.order != best.order) {
            if (r.order > best.order) return;
        } else if (r.bank.bank >= best.bank.bank) {
            return;
        }
    }
    // An ACT within tRAS of the refresh deadline would only hold the REF back.
    if (kind == DdrCommand::ACT && clk + p_.tRAS > forced_refresh_clk(unit_of_bank(r.bank.bank)))
        return;
    best.valid = true;
    best.clk = clk;
    best.prio = prio;
    best.turn = turn;
    best.order = r.order;
    best.kind = kind;
    best.bank = r.bank;
    best.slot = s;
}

void DdrChannel::consider_bank(int dir, int b, Pick& best) const {
    const List& l = lists_[dir][b];
    if (l.count == 0 || ref_pending_[unit_of_bank(b)]) return;
    const int64_t open = open_row_[b];
    if (open < 0) return offer_slot(l.head, DdrCommand::ACT, kRowCmd, best);
    // The oldest read hit and the oldest write hit (one-level lists hold one direction).
    int hit[2] = {-1, -1};
    for (int s = l.head; s >= 0; s = slots_[s].next) {
        const Slot& r = slots_[s];
        if (r.row != open || hit[r.write] >= 0) continue;
        hit[r.write] = s;
        if (!two_level_ || (hit[0] >= 0 && hit[1] >= 0)) break;
    }
    if (slots_[l.head].row != open) {
        const bool any_hit = hit[0] >= 0 || hit[1] >= 0;
        const bool capped = p_.row_hit_cap > 0 && hits_[b] >= p_.row_hit_cap;
        // Round robin closes a row only when no queued command hits it, or at the cap.
        if (!round_robin_ || !any_hit || capped) offer_slot(l.head, DdrCommand::PRE, kRowCmd, best);
        // FR-FCFS at the cap: the older conflict goes first, the hits wait.
        if (capped && !round_robin_) return;
    }
    if (hit[0] >= 0) offer_slot(hit[0], DdrCommand::RD, kColumn, best);
    if (hit[1] >= 0) offer_slot(hit[1], DdrCommand::WR, kColumn, best);
}

bool DdrChannel::bank_has_hit(int b) const {
    for (int d = 0; d < (two_level_ ? 1 : 2); ++d)
        for (int s = lists_[d][b].head; s >= 0; s = slots_[s].next)
            if (slots_[s].row == open_row_[b]) return true;
    return false;
}

// Closed page: a row nobody queued (for the scheduler) still wants is closed as soon as its
// timing allows.
void DdrChannel::consider_auto_precharge(Pick& best) const {
    for (int b = 0; b < banks_; ++b) {
        if (open_row_[b] < 0 || ref_pending_[unit_of_bank(b)] || bank_has_hit(b)) continue;
        offer_precharge(best, b, kAutoPre);
    }
}

// A new request (one-level FR-FCFS) is the youngest of its bank: it adds at most its own
// candidate (it may be the bank's first request, or its first hit) and removes none. The older
// candidates' clocks only rose since the cached pick beat them, and a later hit loses to an
// older one of the bank (same clock, younger), so offering just its own candidate is enough.
// Under closed page a request hitting an open row cancels that row's auto-precharge: rescan.
void DdrChannel::pick_newcomer(int s) {
    const Slot& r = slots_[s];
    const int b = r.bank.bank;
    const int64_t open = open_row_[b];
    if (p_.page_policy == PagePolicy::closed && open == r.row) {
        pick_valid_ = false;
        return;
    }
    const int dir = sched_dir(s);
    if (dir != (write_mode() ? 1 : 0) || ref_pending_[unit_of_bank(b)]) return;
    const DdrCommand::Kind column = r.write ? DdrCommand::WR : DdrCommand::RD;
    const int head = lists_[dir][b].head;
    if (head == s) {
        if (open < 0) return offer_slot(s, DdrCommand::ACT, kRowCmd, pick_);
        return offer_slot(s, r.row != open ? DdrCommand::PRE : column,
                          r.row != open ? kRowCmd : kColumn, pick_);
    }
    if (open < 0 || r.row != open) return;  // its ACT or PRE waits for the older requests'
    // The oldest request wants another row and the row reached its hit cap: the hits wait.
    if (slots_[head].row != open && p_.row_hit_cap > 0 && hits_[b] >= p_.row_hit_cap) return;
    offer_slot(s, column, kColumn, pick_);
}

}  // namespace sasim
