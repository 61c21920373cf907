// One channel's controller (see ddr_channel.hpp). The scheduler computes, for every candidate
// command, the earliest clock its timing allows, and issues the best one at the smallest such
// clock: so time jumps straight to the next clock at which anything can happen.
#include "models/dram/ddr_channel.hpp"

#include <algorithm>
#include <tuple>

namespace sasim {

DdrChannel::DdrChannel(const DdrParams& p, int index, DdrStats& stats)
    : p_(p),
      index_(index),
      stats_(stats),
      timing_(p),
      banks_per_rank_(static_cast<int>(p.bankgroups * p.banks_per_group)),
      open_row_(p.ranks * banks_per_rank_, -1),
      rank_load_(p.ranks, 0),
      refs_done_(p.ranks, 0),
      ref_pending_(p.ranks, 0),
      open_banks_(p.ranks, 0),
      rank_since_(p.ranks, 0),
      oldest_hit_(open_row_.size()),
      any_hit_(open_row_.size()) {}

bool DdrChannel::can_accept(bool write) const {
    if (write) return static_cast<int64_t>(writes_.size()) + pending_writes_ < p_.write_queue;
    return static_cast<int64_t>(reads_.size()) + pending_reads_ < p_.read_queue;
}

void DdrChannel::enqueue(const DdrRequest& r) {
    pending_.push(r);
    ++(r.write ? pending_writes_ : pending_reads_);
}

bool DdrChannel::idle() const {
    return pending_.empty() && reads_.empty() && writes_.empty() && reads_in_flight_.empty() &&
           writes_in_flight_.empty();
}

void DdrChannel::run_until(uint64_t clk) {
    while (now_ < clk) {
        admit_arrivals();
        update_refresh();
        if (skip_idle_refreshes(clk)) continue;
        const Pick& c = pick();
        const uint64_t other = std::min(next_arrival_clk(), next_refresh_clk());
        const uint64_t cmd = c.valid ? c.clk : UINT64_MAX;
        if (std::min(cmd, other) >= clk) break;
        if (cmd < other) {
            issue(c);
        } else {
            now_ = other;  // admit the arrival / mark the refresh first, then pick again
        }
    }
    now_ = std::max(now_, clk);
    for (int r = 0; r < static_cast<int>(rank_since_.size()); ++r) account_rank(r, now_);
}

void DdrChannel::account_rank(int rank, uint64_t clk) {
    (open_banks_[rank] > 0 ? stats_.rank_active_clk : stats_.rank_precharged_clk) +=
        clk - rank_since_[rank];
    rank_since_[rank] = clk;
}

// An idle single-rank channel (nothing queued, every bank closed) refreshes exactly at each
// trigger (refs_done + k) x tREFI: the previous REF's tRFC is over by then, as tREFI > tRFC is
// checked when the config is read. All but the last such refresh before `clk` (or the next
// arrival) are taken here without the scheduler: counted, shown to the observer, and the last
// one's timing applied (REF timings only move forward). The last goes through pick() as usual.
// This makes long idle stretches cheap and changes no command or clock.
bool DdrChannel::skip_idle_refreshes(uint64_t clk) {
    if (p_.ranks != 1 || ref_pending_[0] || rank_load_[0] != 0 || !reads_.empty() ||
        !writes_.empty())
        return false;
    const uint64_t horizon = std::min(clk, next_arrival_clk());
    const uint64_t trefi = static_cast<uint64_t>(p_.tREFI);
    const uint64_t first = static_cast<uint64_t>(refs_done_[0] + 1) * trefi;
    if (first < now_ || first >= horizon) return false;
    const uint64_t due = (horizon - 1 - first) / trefi + 1;  // triggers in [first, horizon)
    if (due < 2) return false;
    for (int64_t row : open_row_)
        if (row >= 0) return false;
    const DdrBankId bank{0, 0, 0};
    if (timing_.earliest(DdrCommand::REF, bank) > first) return false;
    const uint64_t skip = due - 1;
    if (observer_ && *observer_)
        for (uint64_t k = 0; k < skip; ++k)
            (*observer_)({DdrCommand::REF, first + k * trefi, index_, 0, -1, -1, -1, -1});
    const uint64_t last = first + (skip - 1) * trefi;
    timing_.issue(DdrCommand::REF, last, bank);
    refs_done_[0] += static_cast<int64_t>(skip);
    stats_.ref += static_cast<int64_t>(skip);
    now_ = last + 1;
    pick_valid_ = false;
    return true;
}

void DdrChannel::take_completions(uint64_t clk, std::vector<DdrCompletion>& out) {
    for (auto* q : {&reads_in_flight_, &writes_in_flight_}) {
        while (!q->empty() && q->front().done < clk) {
            const InFlight& f = q->front();
            ++(f.write ? stats_.writes : stats_.reads);
            stats_.latency_clk_sum += f.done - f.arrival;
            out.push_back({f.id, f.done, f.row_hit});
            q->pop_front();
        }
    }
}

uint64_t DdrChannel::next_event_clk() const {
    uint64_t t = std::min(next_arrival_clk(), next_refresh_clk());
    const Pick& c = pick();
    if (c.valid) t = std::min(t, c.clk);
    for (const auto* q : {&reads_in_flight_, &writes_in_flight_})
        if (!q->empty()) t = std::min(t, q->front().done);
    return std::max(t, now_);
}

// Issued requests complete in order per queue; any other needs a command at or after the next
// decision clock, and completes at least min(CL, CWL) + BL/2 after it.
uint64_t DdrChannel::next_completion_bound() const {
    uint64_t t = UINT64_MAX;
    for (const auto* q : {&reads_in_flight_, &writes_in_flight_})
        if (!q->empty()) t = std::min(t, q->front().done);
    uint64_t cmd = std::min(next_arrival_clk(), next_refresh_clk());
    const Pick& c = pick();
    if (c.valid) cmd = std::min(cmd, c.clk);
    if (cmd != UINT64_MAX && !(reads_.empty() && writes_.empty() && pending_.empty()))
        t = std::min(t, std::max(cmd, now_) +
                            static_cast<uint64_t>(std::min(p_.CL, p_.CWL) + p_.burst_length / 2));
    return std::max(t, now_);
}

void DdrChannel::admit_arrivals() {
    if (pending_.empty() || pending_.top().arrival > now_) return;
    const bool was_write_mode = write_mode();
    const size_t first_read = reads_.size(), first_write = writes_.size();
    while (!pending_.empty() && pending_.top().arrival <= now_) {
        const DdrRequest& r = pending_.top();
        (r.write ? writes_ : reads_).push_back(r);
        --(r.write ? pending_writes_ : pending_reads_);
        ++rank_load_[r.bank.rank];
        pending_.pop();
    }
    update_drain();
    if (write_mode() != was_write_mode) pick_valid_ = false;
    if (pick_valid_) pick_newcomers(first_read, first_write);
}

void DdrChannel::update_drain() {
    const auto w = static_cast<int64_t>(writes_.size());
    if (w >= p_.write_high_watermark) draining_ = true;
    if (w <= p_.write_low_watermark) draining_ = false;
}

// A rank owes floor(now / tREFI) - refs_done REFs. It refreshes as soon as one is owed if it
// has nothing queued, and otherwise only once kMaxPostponed are owed.
uint64_t DdrChannel::refresh_trigger_clk(int rank) const {
    if (rank_load_[rank] > 0) return forced_refresh_clk(rank);
    return static_cast<uint64_t>((refs_done_[rank] + 1) * p_.tREFI);
}

uint64_t DdrChannel::next_refresh_clk() const {
    uint64_t t = UINT64_MAX;
    for (int r = 0; r < static_cast<int>(ref_pending_.size()); ++r)
        if (!ref_pending_[r]) t = std::min(t, refresh_trigger_clk(r));
    return t;
}

void DdrChannel::update_refresh() {
    for (int r = 0; r < static_cast<int>(ref_pending_.size()); ++r) {
        if (ref_pending_[r] || now_ < refresh_trigger_clk(r)) continue;
        ref_pending_[r] = 1;
        pick_valid_ = false;
    }
}

uint64_t DdrChannel::next_arrival_clk() const {
    return pending_.empty() ? UINT64_MAX : pending_.top().arrival;
}

void DdrChannel::issue(const Pick& c) {
    timing_.issue(c.kind, c.clk, c.bank);
    const int bg = static_cast<int>(c.bank.group % p_.bankgroups);
    const int ba = static_cast<int>(c.bank.bank % p_.banks_per_group);
    if (observer_ && *observer_) {
        const bool column = c.kind == DdrCommand::RD || c.kind == DdrCommand::WR;
        if (c.kind == DdrCommand::REF)
            (*observer_)({c.kind, c.clk, index_, c.bank.rank, -1, -1, -1, -1});
        else
            (*observer_)(
                {c.kind, c.clk, index_, c.bank.rank, bg, ba, c.row, column ? c.column : -1});
    }
    switch (c.kind) {
        case DdrCommand::ACT:
            account_rank(c.bank.rank, c.clk);
            ++open_banks_[c.bank.rank];
            open_row_[c.bank.bank] = c.row;
            ++stats_.act;
            break;
        case DdrCommand::PRE:
            account_rank(c.bank.rank, c.clk);
            --open_banks_[c.bank.rank];
            open_row_[c.bank.bank] = -1;
            ++stats_.pre;
            break;
        case DdrCommand::RD:
            ++stats_.rd;
            break;
        case DdrCommand::WR:
            ++stats_.wr;
            break;
        case DdrCommand::REF:
            ++refs_done_[c.bank.rank];
            ref_pending_[c.bank.rank] = 0;
            ++stats_.ref;
            break;
    }
    if (c.req >= 0) retire_request(c);
    now_ = c.clk + 1;  // one command per channel per clock
    pick_valid_ = false;
}

// Counts the request's row-buffer outcome at its first command; a column command finishes it.
void DdrChannel::retire_request(const Pick& c) {
    std::vector<DdrRequest>& q = active();
    DdrRequest& r = q[c.req];
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
    const uint64_t done = c.clk + (r.write ? p_.CWL : p_.CL) + burst_clk;
    (r.write ? writes_in_flight_ : reads_in_flight_)
        .push_back({done, r.id, r.arrival, r.write, r.row_hit});
    stats_.data_busy_clk += burst_clk;
    --rank_load_[r.bank.rank];
    r = q.back();
    q.pop_back();
    update_drain();
}

}  // namespace sasim
