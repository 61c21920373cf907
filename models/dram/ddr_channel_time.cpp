// Completions and time of one DDR channel (see ddr_channel.hpp): the next event and completion
// bounds, handing completed requests out, and the time integrals: requests held (occupancy, for
// Little's law) and each rank's clocks with a bank open or all banks precharged.
#include <algorithm>

#include "models/dram/ddr_channel.hpp"

namespace sasim {

uint64_t DdrChannel::next_queue_change_clk() const {
    uint64_t t = std::min(next_arrival_clk(), next_refresh_clk());
    const Pick& c = pick();
    if (c.valid) t = std::min(t, c.clk);
    if (two_level_) t = std::min(t, next_move_clk());
    return t == UINT64_MAX ? t : std::max(t, now_);
}

uint64_t DdrChannel::next_event_clk() const {
    uint64_t t = next_queue_change_clk();
    for (const auto* q : {&reads_in_flight_, &writes_in_flight_, &early_done_})
        if (!q->empty()) t = std::min(t, q->front().done);
    return std::max(t, now_);
}

// Issued requests complete in order per queue; any other needs a command at or after the next
// decision clock, and completes at least min(CL, CWL) + BL/2 after it (or, posted or served
// from the write queue, one clock after it arrives).
uint64_t DdrChannel::next_completion_bound() const {
    if (ncb_valid_) return ncb_;
    ncb_valid_ = true;
    return ncb_ = completion_bound();
}

uint64_t DdrChannel::completion_bound() const {
    uint64_t t = UINT64_MAX;
    for (const auto* q : {&reads_in_flight_, &writes_in_flight_, &early_done_})
        if (!q->empty()) t = std::min(t, q->front().done);
    if (!pending_.empty() && (p_.posted_writes || p_.read_forwarding))
        t = std::min(t, pending_.front().arrival + 1);
    uint64_t cmd = next_queue_change_clk();
    if (cmd != UINT64_MAX &&
        !(free_.size() == slots_.size() && pending_.empty() && fresh_arrival_ == UINT64_MAX))
        t = std::min(t, std::max(cmd, now_) +
                            static_cast<uint64_t>(std::min(p_.CL, p_.CWL) + p_.burst_length / 2));
    return std::max(t, now_);
}

void DdrChannel::take_completions(uint64_t clk, std::vector<DdrCompletion>& out,
                                  std::vector<size_t>& runs) {
    account_to(clk);
    ncb_valid_ = false;
    RingQueue<Done>* queues[3] = {&reads_in_flight_, &writes_in_flight_, &early_done_};
    for (int k = 0; k < 3; ++k) {
        RingQueue<Done>& q = *queues[k];
        if (!q.empty() && q.front().done < clk) runs.push_back(out.size());
        while (!q.empty() && q.front().done < clk) {
            const Done& f = q.front();
            ++(f.write ? stats_.writes : stats_.reads);
            stats_.latency_clk_sum += f.done - f.arrival;
            out.push_back({f.id, f.done, f.row_hit, f.arrival, f.write});
            q.pop_front();
            if (accounted_[k] > 0) --accounted_[k];
        }
    }
}

// The occupancy integral up to clock t: every request is held from its arrival to its
// completion, so the integral is the sum over requests of min(done, t) - arrival: the finished
// ones' (done - arrival), plus held x t less the held ones' arrivals (exact in integers, in
// any order; unsigned wrap-around cancels out).
void DdrChannel::account_to(uint64_t t) {
    if (t <= occ_clk_) return;
    occ_clk_ = t;
    if (held_ == 0) return;  // nothing held: nothing to add, no completion pending
    RingQueue<Done>* queues[3] = {&reads_in_flight_, &writes_in_flight_, &early_done_};
    for (int k = 0; k < 3; ++k) {
        const RingQueue<Done>& q = *queues[k];
        for (size_t& i = accounted_[k]; i < q.size() && q[i].done <= t; ++i) {
            finished_sum_ += q[i].done - q[i].arrival;
            held_arrivals_ -= q[i].arrival;
            --held_;
        }
    }
    const uint64_t integral = finished_sum_ + static_cast<uint64_t>(held_) * t - held_arrivals_;
    stats_.occupancy_clk_sum += integral - integral_;
    integral_ = integral;
}

// A rank is active from the ACT that opens its first bank to the PRE that closes its last.
void DdrChannel::rank_open_change(int rank, int delta, uint64_t t) {
    const int before = rank_open_[rank];
    rank_open_[rank] += delta;
    total_open_ += delta;
    if ((before == 0) == (rank_open_[rank] == 0)) return;
    (before == 0 ? stats_.rank_precharged_clk : stats_.rank_active_clk) += t - rank_since_[rank];
    rank_since_[rank] = t;
}

void DdrChannel::flush_rank_clocks(uint64_t t) {
    for (size_t r = 0; r < rank_open_.size(); ++r) {
        if (t <= rank_since_[r]) continue;
        (rank_open_[r] > 0 ? stats_.rank_active_clk : stats_.rank_precharged_clk) +=
            t - rank_since_[r];
        rank_since_[r] = t;
    }
}

}  // namespace sasim
