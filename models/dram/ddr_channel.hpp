// Controller and banks of one DDR channel: read and write queues, FR-FCFS scheduling, write
// drain between watermarks, open- or closed-page rows, per-rank refresh with postponement.
// Event-driven: it jumps from one command (or arrival, or refresh deadline) to the next.
// Leaves out: read-after-write forwarding, rank-to-rank bubbles (tRTRS), power-down.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "models/dram/ddr_address_map.hpp"
#include "models/dram/ddr_core.hpp"
#include "models/dram/ddr_timing_state.hpp"

namespace sasim {

struct DdrRequest {
    uint64_t id = 0, arrival = 0, seq = 0;  // seq: enqueue order, breaks arrival ties
    DdrAddress addr;
    DdrBankId bank;
    bool write = false;
    bool classified = false;  // counted as row hit / miss / conflict yet
    bool row_hit = false;     // its first command was its column command
};

// Contract: as DdrDram's, per channel. Requests enqueued with a future arrival stay invisible
// to the scheduler (but hold their queue slot) until that clock.
class DdrChannel {
public:
    DdrChannel(const DdrParams& p, int index, DdrStats& stats);
    bool can_accept(bool write) const;
    void enqueue(const DdrRequest& r);
    void run_until(uint64_t clk);
    void take_completions(uint64_t clk, std::vector<DdrCompletion>& out);
    uint64_t next_event_clk() const;
    // No request of this channel completes before this clock (a lower bound).
    uint64_t next_completion_bound() const;
    bool idle() const;
    void set_observer(const std::function<void(const DdrCommand&)>* f) { observer_ = f; }

private:
    // JEDEC lets a controller postpone up to 8 REFs; we postpone while the rank has work queued.
    static constexpr int64_t kMaxPostponed = 8;
    enum Prio { kRefresh, kColumn, kRowCmd, kAutoPre };
    struct Pick {
        bool valid = false;
        uint64_t clk = UINT64_MAX;
        int prio = 0;
        uint64_t arrival = 0, seq = 0;
        DdrCommand::Kind kind = DdrCommand::ACT;
        DdrBankId bank;
        int64_t row = -1, column = 0;
        int req = -1;  // index in the active queue, -1 for controller-initiated commands
        bool better_than(const Pick& o) const;
    };
    struct InFlight {
        uint64_t done, id, arrival;
        bool write, row_hit;
    };
    struct LaterArrival {
        bool operator()(const DdrRequest& a, const DdrRequest& b) const {
            return a.arrival != b.arrival ? a.arrival > b.arrival : a.seq > b.seq;
        }
    };

    void admit_arrivals();
    void update_refresh();
    void update_drain();
    bool write_mode() const { return draining_ || reads_.empty(); }
    std::vector<DdrRequest>& active() { return write_mode() ? writes_ : reads_; }
    const std::vector<DdrRequest>& active() const { return write_mode() ? writes_ : reads_; }
    const Pick& pick() const;
    void mark_hits() const;
    void consider_refresh(Pick& best) const;
    void consider_requests(Pick& best) const;
    void consider_request(const std::vector<DdrRequest>& q, int i, Pick& best) const;
    void consider_auto_precharge(Pick& best) const;
    void offer(Pick& best, Pick c) const;
    void offer_precharge(Pick& best, int bank, int prio) const;
    uint64_t next_refresh_clk() const;
    uint64_t refresh_trigger_clk(int rank) const;
    uint64_t forced_refresh_clk(int rank) const {
        return static_cast<uint64_t>((refs_done_[rank] + kMaxPostponed) * p_.tREFI);
    }
    void pick_newcomers(size_t first_read, size_t first_write);
    uint64_t next_arrival_clk() const;
    void issue(const Pick& c);
    void retire_request(const Pick& c);
    bool skip_idle_refreshes(uint64_t clk);
    void account_rank(int rank, uint64_t clk);  // rank state time up to clk into stats_

    DdrParams p_;
    int index_;
    DdrStats& stats_;
    const std::function<void(const DdrCommand&)>* observer_ = nullptr;
    DdrTimingState timing_;
    int banks_per_rank_;
    uint64_t now_ = 0;

    std::priority_queue<DdrRequest, std::vector<DdrRequest>, LaterArrival> pending_;
    int64_t pending_reads_ = 0, pending_writes_ = 0;
    std::vector<DdrRequest> reads_, writes_;
    bool draining_ = false;

    std::vector<int64_t> open_row_;   // per bank, -1 when precharged
    std::vector<int64_t> rank_load_;  // visible queued requests per rank
    std::vector<int64_t> refs_done_;
    std::vector<char> ref_pending_;     // rank is closing its banks for a REF (char: hot path)
    std::vector<int> open_banks_;       // per rank: banks with a row open
    std::vector<uint64_t> rank_since_;  // per rank: clock its state time is counted up to

    std::deque<InFlight> reads_in_flight_, writes_in_flight_;

    // Scheduler scratch, rebuilt by pick() only when the state changed.
    mutable bool pick_valid_ = false;
    mutable Pick pick_;
    mutable std::vector<std::pair<uint64_t, uint64_t>> oldest_hit_;  // per bank: (arrival, seq)
    mutable std::vector<char> any_hit_;  // per bank: some queued request hits the open row
};

}  // namespace sasim
