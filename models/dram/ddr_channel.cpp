// One channel's controller (see ddr_channel.hpp): the event loop, admission of arrivals,
// issuing commands. Completions and time integrals are in ddr_channel_time.cpp.
// The scheduler is in ddr_channel_pick.cpp, the queues in ddr_channel_queues.cpp, refresh in
// ddr_refresh.cpp.
#include "models/dram/ddr_channel.hpp"

#include <algorithm>

namespace sasim {

DdrChannel::DdrChannel(const DdrParams& p, int index, DdrStats& stats)
    : p_(p),
      index_(index),
      stats_(stats),
      timing_(p),
      banks_per_rank_(static_cast<int>(p.banks_per_rank())),
      banks_(static_cast<int>(p.ranks * p.banks_per_rank())),
      two_level_(p.command_queue > 0),
      round_robin_(p.scheduler == SchedulerKind::round_robin),
      per_bank_refresh_(p.refresh_policy == RefreshPolicy::per_bank),
      cq_count_(p.command_queue_grouping == QueueGrouping::per_rank ? p.ranks : banks_, 0),
      open_row_(banks_, -1),
      hits_(banks_, 0),
      unit_load_(p.refresh_units(), 0),
      refs_done_(p.refresh_units(), 0),
      ref_pending_(p.refresh_units(), 0),
      rank_open_(p.ranks, 0),
      rank_since_(p.ranks, 0) {
    for (int d = 0; d < 2; ++d) {
        lists_[d].resize(banks_);
        active_pos_[d].assign(banks_, -1);
    }
    slots_.reserve(static_cast<size_t>(p.read_queue + p.write_queue));
}

bool DdrChannel::can_accept(bool write) const {
    if (write) return queued_[1] + pending_writes_ < p_.write_queue;
    return queued_[0] + pending_reads_ < p_.read_queue;
}

// Arrivals come in nondecreasing (arrival, seq) order in practice: append; else insert.
void DdrChannel::enqueue(const DdrRequest& r) {
    next_cache_ = 0;
    ncb_valid_ = false;
    // Arriving now (the usual case): admitted at once, as the next run_until would first do.
    // Until then it still counts as an arrival at now_ (next_arrival_clk), as if it waited.
    if (r.arrival <= now_ && pending_.empty() && p_.write_drain == WriteDrain::watermarks) {
        fresh_arrival_ = std::min(fresh_arrival_, r.arrival);
        const bool was_write_mode = write_mode();
        const int s = admit_one(r);
        update_drain();
        if (write_mode() != was_write_mode) pick_valid_ = false;
        if (s >= 0 && pick_valid_ && !two_level_) pick_newcomer(s);
        return;
    }
    auto later = [](const DdrRequest& a, const DdrRequest& b) {
        return a.arrival != b.arrival ? a.arrival < b.arrival : a.seq < b.seq;
    };
    if (pending_.empty() || !later(r, pending_.back()))
        pending_.push_back(r);
    else
        pending_.insert(std::upper_bound(pending_.begin(), pending_.end(), r, later), r);
    ++(r.write ? pending_writes_ : pending_reads_);
}

bool DdrChannel::idle() const {
    return pending_.empty() && free_.size() == slots_.size() && reads_in_flight_.empty() &&
           writes_in_flight_.empty() && early_done_.empty();
}

// At equal clocks: arrivals and refresh deadlines first, then a command, then a queue move
// (so a slot freed by a command at t can take a move at t).
void DdrChannel::run_until(uint64_t clk) {
    if (now_ < clk) fresh_arrival_ = UINT64_MAX;
    if (skip_quiet(clk)) return;  // nothing happens before clk (known from the last call)
    ncb_valid_ = false;
    for (;;) {
        if (now_ < clk) {  // else only a queue move of an earlier clock may be left
            admit_arrivals();
            update_refresh();
            if (skip_idle_refreshes(clk)) continue;
        }
        const Pick& c = pick();
        const uint64_t mv = two_level_ ? next_move_clk() : UINT64_MAX;
        // A refresh deadline that a served request just moved into the past is marked at now_.
        const uint64_t other = std::max(std::min(next_arrival_clk(), next_refresh_clk()), now_);
        const uint64_t cmd = c.valid ? c.clk : UINT64_MAX;
        if (std::min({cmd, mv, other}) >= clk) {
            next_cache_ = std::min({cmd, mv, other});
            break;
        }
        if (mv < cmd && mv < other) {
            move(mv);
        } else if (cmd < other) {
            issue(c);
        } else {
            now_ = other;  // admit the arrival / mark the refresh first, then pick again
            last_event_clk_ = other;
        }
    }
    now_ = std::max(now_, clk);
}

uint64_t DdrChannel::next_arrival_clk() const {
    return std::min(fresh_arrival_, pending_.empty() ? UINT64_MAX : pending_.front().arrival);
}

void DdrChannel::admit_arrivals() {
    if (pending_.empty() || pending_.front().arrival > now_) return;
    const bool was_write_mode = write_mode();
    newcomers_.clear();
    while (!pending_.empty() && pending_.front().arrival <= now_) {
        const DdrRequest r = pending_.front();
        pending_.pop_front();
        --(r.write ? pending_writes_ : pending_reads_);
        const int s = admit_one(r);
        if (s >= 0) newcomers_.push_back(s);
    }
    update_drain();
    if (write_mode() != was_write_mode) pick_valid_ = false;
    if (pick_valid_ && !two_level_)
        for (int s : newcomers_) pick_newcomer(s);
}

// The request enters the controller at its arrival clock: its slot, or -1 if served from the
// write queue.
int DdrChannel::admit_one(const DdrRequest& r) {
    last_event_clk_ = std::max(last_event_clk_, r.arrival);
    account_to(r.arrival);
    ++held_;
    held_arrivals_ += r.arrival;
    if (!r.write && p_.read_forwarding && try_forward(r)) return -1;
    return admit(r);
}

int DdrChannel::admit(const DdrRequest& r) {
    const int s = new_slot(r);
    Slot& q = slots_[s];
    const int dir = r.write ? 1 : 0;
    ++queued_[dir];
    if (two_level_) {
        fifo_push(dir, s);
    } else {
        q.order = next_order_++;
        list_push(dir, r.bank.bank, s);
    }
    load_change(r.bank.bank, +1);
    if (r.write && p_.read_forwarding) ++write_addrs_[r.addr];
    if (r.write && p_.posted_writes) {
        q.posted = true;
        early_done_.push_back({r.arrival + 1, r.id, r.arrival, true, false});
    }
    return s;
}

// A read of an address some queued write will write takes that write's data: no DRAM access.
bool DdrChannel::try_forward(const DdrRequest& r) {
    const auto it = write_addrs_.find(r.addr);
    if (it == write_addrs_.end()) return false;
    early_done_.push_back({r.arrival + 1, r.id, r.arrival, false, false});
    ++stats_.forwarded_reads;
    return true;
}

void DdrChannel::issue(const Pick& c) {
    timing_.issue(c.kind, c.clk, c.bank);
    if (observer_ && *observer_) {
        const int bg = static_cast<int>(c.bank.group % p_.bankgroups);
        const int ba = static_cast<int>(c.bank.bank % p_.banks_per_group);
        const bool column = c.kind == DdrCommand::RD || c.kind == DdrCommand::WR;
        if (c.kind == DdrCommand::REF)
            (*observer_)({c.kind, c.clk, index_, c.bank.rank, -1, -1, -1, -1});
        else if (c.kind == DdrCommand::REFPB)
            (*observer_)({c.kind, c.clk, index_, c.bank.rank, bg, ba, -1, -1});
        else
            (*observer_)({c.kind, c.clk, index_, c.bank.rank, bg, ba, row_of(c),
                          column ? slots_[c.slot].column : -1});
    }
    issue_bank_state(c);
    if (c.slot >= 0) {
        if (round_robin_) last_turn_queue_ = slots_[c.slot].queue;
        retire_request(c);
    }
    const bool column = c.kind == DdrCommand::RD || c.kind == DdrCommand::WR;
    if (!p_.dual_issue)
        floor_row_ = floor_col_ = c.clk + 1;  // one command per channel per clock
    else
        (column ? floor_col_ : floor_row_) = c.clk + 1;  // a row and a column command per clock
    now_ = std::max({now_, c.clk, std::min(floor_row_, floor_col_)});
    last_event_clk_ = c.clk;
    pick_valid_ = false;
}

void DdrChannel::issue_bank_state(const Pick& c) {
    const int b = c.bank.bank;
    switch (c.kind) {
        case DdrCommand::ACT:
            open_row_[b] = slots_[c.slot].row;
            hits_[b] = 0;
            rank_open_change(c.bank.rank, +1, c.clk);
            ++stats_.act;
            break;
        case DdrCommand::PRE:
            open_row_[b] = -1;
            rank_open_change(c.bank.rank, -1, c.clk);
            ++stats_.pre;
            break;
        case DdrCommand::RD:
        case DdrCommand::WR:
            ++hits_[b];
            ++(c.kind == DdrCommand::RD ? stats_.rd : stats_.wr);
            break;
        case DdrCommand::REF:
        case DdrCommand::REFPB: {
            const int unit = c.kind == DdrCommand::REF ? c.bank.rank : b;
            ++refs_done_[unit];
            ref_pending_[unit] = 0;
            --refs_pending_;
            next_refresh_valid_ = false;
            ++(c.kind == DdrCommand::REF ? stats_.ref : stats_.refpb);
            break;
        }
    }
}

// Counts the request's row-buffer outcome at its first command; a column command finishes it.
void DdrChannel::retire_request(const Pick& c) {
    const int s = c.slot;
    Slot& r = slots_[s];
    const bool column = c.kind == DdrCommand::RD || c.kind == DdrCommand::WR;
    if (!r.classified) {
        ++(column                      ? stats_.row_hits
           : c.kind == DdrCommand::ACT ? stats_.row_misses
                                       : stats_.row_conflicts);
        r.classified = true;
        r.row_hit = column;
    }
    if (!column) return;
    const int64_t burst_clk = p_.burst_length / 2;
    const uint64_t done = c.clk + static_cast<uint64_t>((r.write ? p_.CWL : p_.CL) + burst_clk);
    if (!r.posted)
        (r.write ? writes_in_flight_ : reads_in_flight_)
            .push_back({done, r.id, r.arrival, r.write, r.row_hit});
    stats_.data_busy_clk += static_cast<uint64_t>(burst_clk);
    load_change(r.bank.bank, -1);
    list_remove(sched_dir(s), r.bank.bank, s);
    if (two_level_) {
        --cq_count_[r.queue];
        move_valid_ = false;
    } else {
        --queued_[r.write ? 1 : 0];
    }
    if (r.write) {
        if (p_.read_forwarding) {
            const auto it = write_addrs_.find(r.addr);
            if (--it->second == 0) write_addrs_.erase(it);
        }
        if (!two_level_) note_write_served();
    }
    free_slot(s);
    update_drain();
}

}  // namespace sasim
