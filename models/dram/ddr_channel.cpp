// One channel's controller (see ddr_channel.hpp). The scheduler computes, for every candidate
// command, the earliest clock its timing allows, and issues the best one at the smallest such
// clock: so time jumps straight to the next clock at which anything can happen.
#include "models/dram/ddr_channel.hpp"

#include <algorithm>
#include <tuple>

namespace sasim {
namespace {

// JEDEC lets a controller postpone up to 8 REFs; we postpone while the rank has work queued.
constexpr int64_t kMaxPostponed = 8;

}  // namespace

bool DdrChannel::Pick::better_than(const Pick& o) const {
    if (!o.valid) return true;
    return std::tie(clk, prio, arrival, seq, bank.bank) <
           std::tie(o.clk, o.prio, o.arrival, o.seq, o.bank.bank);
}

DdrChannel::DdrChannel(const DdrParams& p, int index, DdrStats& stats)
    : p_(p),
      index_(index),
      stats_(stats),
      timing_(p),
      banks_per_rank_(static_cast<int>(p.bankgroups * p.banks_per_group)),
      open_row_(p.ranks * banks_per_rank_, -1),
      rank_load_(p.ranks, 0),
      refs_done_(p.ranks, 0),
      ref_pending_(p.ranks, false),
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

// New requests are the youngest, so they change no older request's candidate command: unless
// the read/write mode flips or (closed page) a new hit keeps a row open, the cached pick only
// has to be compared with the newcomers.
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
    if (!pick_valid_ || write_mode() != was_write_mode) {
        pick_valid_ = false;
        return;
    }
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

void DdrChannel::update_drain() {
    const auto w = static_cast<int64_t>(writes_.size());
    if (w >= p_.write_high_watermark) draining_ = true;
    if (w <= p_.write_low_watermark) draining_ = false;
}

// A rank owes floor(now / tREFI) - refs_done REFs. It refreshes as soon as one is owed if it
// has nothing queued, and otherwise only once kMaxPostponed are owed.
uint64_t DdrChannel::next_refresh_clk() const {
    uint64_t t = UINT64_MAX;
    for (size_t r = 0; r < ref_pending_.size(); ++r) {
        if (ref_pending_[r]) continue;
        const int64_t owed_limit = rank_load_[r] == 0 ? 1 : kMaxPostponed;
        t = std::min(t, static_cast<uint64_t>((refs_done_[r] + owed_limit) * p_.tREFI));
    }
    return t;
}

void DdrChannel::update_refresh() {
    for (size_t r = 0; r < ref_pending_.size(); ++r) {
        if (ref_pending_[r]) continue;
        const int64_t owed_limit = rank_load_[r] == 0 ? 1 : kMaxPostponed;
        if (now_ >= static_cast<uint64_t>((refs_done_[r] + owed_limit) * p_.tREFI)) {
            ref_pending_[r] = true;
            pick_valid_ = false;
        }
    }
}

uint64_t DdrChannel::next_arrival_clk() const {
    return pending_.empty() ? UINT64_MAX : pending_.top().arrival;
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

// A rank due for refresh closes its open banks, then refreshes; its requests wait.
void DdrChannel::consider_refresh(Pick& best) const {
    for (int r = 0; r < static_cast<int>(ref_pending_.size()); ++r) {
        if (!ref_pending_[r]) continue;
        bool all_closed = true;
        for (int b = r * banks_per_rank_; b < (r + 1) * banks_per_rank_; ++b) {
            if (open_row_[b] < 0) continue;
            all_closed = false;
            Pick c;
            c.prio = kRefresh;
            c.kind = DdrCommand::PRE;
            c.bank = {r, static_cast<int>(b / p_.banks_per_group), b};
            c.row = open_row_[b];
            c.clk = timing_.earliest(DdrCommand::PRE, c.bank);
            offer(best, c);
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
        Pick c;
        c.prio = kAutoPre;
        c.kind = DdrCommand::PRE;
        c.bank = {r, static_cast<int>(b / p_.banks_per_group), b};
        c.row = open_row_[b];
        c.clk = timing_.earliest(DdrCommand::PRE, c.bank);
        offer(best, c);
    }
}

void DdrChannel::issue(const Pick& c) {
    timing_.issue(c.kind, c.clk, c.bank);
    const int bg = static_cast<int>(c.bank.group % p_.bankgroups);
    const int ba = static_cast<int>(c.bank.bank % p_.banks_per_group);
    if (observer_ && *observer_) {
        if (c.kind == DdrCommand::REF)
            (*observer_)({c.kind, c.clk, index_, c.bank.rank, -1, -1, -1, -1});
        else
            (*observer_)({c.kind, c.clk, index_, c.bank.rank, bg, ba, c.row, c.column});
    }
    switch (c.kind) {
        case DdrCommand::ACT:
            open_row_[c.bank.bank] = c.row;
            ++stats_.act;
            break;
        case DdrCommand::PRE:
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
            ref_pending_[c.bank.rank] = false;
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
        ++(column ? stats_.row_hits
                  : c.kind == DdrCommand::ACT ? stats_.row_misses : stats_.row_conflicts);
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
