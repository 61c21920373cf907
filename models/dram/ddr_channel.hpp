// Controller and banks of one DDR channel. Requests enter read or write transaction queues;
// with command queues (per bank or per rank) a fixed number of transactions per clock move on
// into them, else the scheduler works on the transaction queues. Schedulers: FR-FCFS (row hits
// first, then oldest; an optional row-hit cap lets an older conflict close a row) or round
// robin over the command queues. Writes drain between watermarks or when the queue is full;
// a read may be served from the write queue; writes may complete when accepted (posted).
// Refresh per rank (all at once or staggered) or per bank, postponed while busy up to a limit.
// Event-driven: it jumps from one command (or arrival, queue move, refresh) to the next.
// Leaves out: power-down and self refresh, write merging, data (so no ordering hazards).
#pragma once
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <vector>

#include "models/common/ring_queue.hpp"
#include "models/dram/ddr_core.hpp"
#include "models/dram/ddr_timing_state.hpp"

namespace sasim {

struct DdrRequest {
    uint64_t id = 0, arrival = 0, seq = 0;  // seq: enqueue order, breaks arrival ties
    uint64_t addr = 0;                      // burst-aligned byte address (read forwarding)
    int64_t row = 0, column = 0;
    DdrBankId bank;
    bool write = false;
};

// Contract: as DdrDram's, per channel. Requests enqueued with a future arrival stay invisible
// to the scheduler (but hold their queue slot) until that clock.
class DdrChannel {
public:
    DdrChannel(const DdrParams& p, int index, DdrStats& stats);
    bool can_accept(bool write) const;
    void enqueue(const DdrRequest& r);
    void run_until(uint64_t clk);
    // Runs to clk when nothing happens before it (known from the last run): true if so.
    bool skip_quiet(uint64_t clk) {
        if (clk > next_cache_) return false;
        if (clk > now_) {
            now_ = clk;
            ncb_valid_ = false;
        }
        return true;
    }
    // The clock of the next completion already known (UINT64_MAX: none).
    uint64_t next_done() const {
        uint64_t t = UINT64_MAX;
        if (!reads_in_flight_.empty()) t = reads_in_flight_.front().done;
        if (!writes_in_flight_.empty()) t = std::min(t, writes_in_flight_.front().done);
        if (!early_done_.empty()) t = std::min(t, early_done_.front().done);
        return t;
    }
    void flush_rank_clocks() { flush_rank_clocks(now_); }
    // Appends the completions before clk: up to three runs (reads, writes, early ones), each in
    // clock order; the start of each run goes to `runs`.
    void take_completions(uint64_t clk, std::vector<DdrCompletion>& out, std::vector<size_t>& runs);
    uint64_t next_event_clk() const;
    uint64_t next_queue_change_clk() const;  // next command, queue move, arrival or refresh
    // No request of this channel completes before this clock (a lower bound; cached until the
    // channel changes).
    uint64_t next_completion_bound() const;
    bool idle() const;
    void set_observer(const std::function<void(const DdrCommand&)>* f) { observer_ = f; }

private:
    enum Prio { kRefresh, kColumn, kRowCmd, kAutoPre };
    struct Pick {
        bool valid = false;
        uint64_t clk = UINT64_MAX;
        int prio = 0;
        int turn = 0;        // round robin: position of its queue after the last one served
        uint64_t order = 0;  // age of the request (0: controller-initiated)
        DdrCommand::Kind kind = DdrCommand::ACT;
        DdrBankId bank;
        int slot = -1;  // request slot, -1 for controller-initiated commands
        bool better_than(const Pick& o, bool round_robin) const;
    };
    struct Slot {  // a request inside the controller; the scheduler's fields first (one line)
        int64_t row = 0;
        uint64_t order = 0, visible = 0;  // visible: first clock the scheduler may use it
        DdrBankId bank;
        int next = -1;  // scheduler list of its bank
        int queue = 0;  // command queue index
        bool write = false, classified = false, row_hit = false, in_cq = false, posted = false;
        int prev = -1;
        int fifo_prev = -1, fifo_next = -1;  // transaction queue (two-level mode)
        uint64_t id = 0, arrival = 0, addr = 0;
        int64_t column = 0;
    };
    struct List {
        int head = -1, tail = -1, count = 0;
    };
    struct Done {
        uint64_t done, id, arrival;
        bool write, row_hit;
    };

    // ddr_channel.cpp: the event loop, admission, issue, completions, accounting.
    void admit_arrivals();
    int admit_one(const DdrRequest& r);
    int admit(const DdrRequest& r);
    bool try_forward(const DdrRequest& r);
    void issue(const Pick& c);
    void issue_bank_state(const Pick& c);
    void retire_request(const Pick& c);
    uint64_t next_arrival_clk() const;
    uint64_t completion_bound() const;
    void account_to(uint64_t t);
    void rank_open_change(int rank, int delta, uint64_t t);
    void flush_rank_clocks(uint64_t t);
    // ddr_channel_queues.cpp: slots, bank lists, transaction queues, moves, write drain.
    int new_slot(const DdrRequest& r);
    void free_slot(int s) { free_.push_back(s); }
    void list_push(int dir, int bank, int s);
    void list_remove(int dir, int bank, int s);
    void fifo_push(int dir, int s);
    void fifo_remove(int dir, int s);
    // One-level: reads and writes have their own lists; command queues hold both in one.
    int sched_dir(int s) const { return two_level_ ? 0 : (slots_[s].write ? 1 : 0); }
    bool write_mode() const {
        if (p_.write_drain == WriteDrain::when_full) return drain_left_ > 0;
        return draining_ || queued_[0] == 0;
    }
    void update_drain();
    void note_write_served() {
        if (drain_left_ > 0) --drain_left_;
    }
    int movable_slot() const;
    uint64_t next_move_clk() const;
    void move(uint64_t t);
    // ddr_channel_pick.cpp: the scheduler.
    const Pick& pick() const { return pick_valid_ ? pick_ : repick(); }
    const Pick& repick() const;
    void consider_bank(int dir, int bank, Pick& best) const;
    void offer_slot(int s, DdrCommand::Kind kind, int prio, Pick& best) const;
    int64_t row_of(const Pick& c) const;
    void consider_auto_precharge(Pick& best) const;
    void offer(Pick& best, const Pick& c) const;
    void offer_precharge(Pick& best, int bank, int prio) const;
    uint64_t floor_for(DdrCommand::Kind kind) const;
    int turn_of(int queue) const;
    bool bank_has_hit(int bank) const;
    void pick_newcomer(int s);
    // ddr_refresh.cpp: refresh units, deadlines, and idle refresh in bulk.
    int unit_of_bank(int bank) const { return per_bank_refresh_ ? bank : bank / banks_per_rank_; }
    uint64_t due_clk(int unit, int64_t n) const;
    uint64_t forced_refresh_clk(int unit) const;
    uint64_t refresh_trigger_clk(int unit) const;
    uint64_t next_refresh_clk() const {
        return next_refresh_valid_ ? next_refresh_ : find_next_refresh();
    }
    uint64_t find_next_refresh() const;
    void update_refresh() {
        if (now_ >= next_refresh_clk()) mark_due_refreshes();
    }
    void mark_due_refreshes();
    // Requests admitted and not yet served, per unit: a busy unit's trigger moves to its deadline.
    void load_change(int bank, int delta) {
        int64_t& load = unit_load_[unit_of_bank(bank)];
        const bool was_busy = load > 0;
        load += delta;
        total_load_ += delta;
        if (was_busy != (load > 0)) next_refresh_valid_ = false;
    }
    void consider_refresh(Pick& best) const;
    void offer_refresh(Pick& best, int unit) const;
    DdrBankId unit_bank(int unit) const;
    bool skip_idle_refreshes(uint64_t clk) {
        if (refs_pending_ > 0 || total_load_ > 0 || total_open_ > 0) return false;
        return skip_idle_rounds(clk);
    }
    bool skip_idle_rounds(uint64_t clk);
    void idle_round(std::vector<std::pair<uint64_t, int>>& round) const;
    bool rounds_fit(const std::vector<std::pair<uint64_t, int>>& round, uint64_t period) const;

    DdrParams p_;
    int index_;
    DdrStats& stats_;
    const std::function<void(const DdrCommand&)>* observer_ = nullptr;
    DdrTimingState timing_;
    int banks_per_rank_, banks_;
    bool two_level_, round_robin_, per_bank_refresh_;
    uint64_t now_ = 0;
    uint64_t next_cache_ = 0;  // after run_until: nothing happens before this clock (0: unknown)
    uint64_t fresh_arrival_ = UINT64_MAX;  // a request admitted at once, not yet run past
    mutable uint64_t ncb_ = 0;
    mutable bool ncb_valid_ = false;
    uint64_t floor_row_ = 0, floor_col_ = 0;  // next clock a row / column command may take

    // Requests not yet arrived, in (arrival, seq) order.
    std::deque<DdrRequest> pending_;
    int64_t pending_reads_ = 0, pending_writes_ = 0;
    std::vector<Slot> slots_;
    std::vector<int> free_;
    // Scheduler lists per bank: [direction][bank] one-level, [0][bank] command queues.
    std::vector<List> lists_[2];
    std::vector<int> active_[2], active_pos_[2];  // banks whose list is not empty
    List fifo_[2];                                // transaction queues (two-level mode)
    int64_t queued_[2] = {0, 0};                  // requests in the transaction queues
    std::vector<int> cq_count_;                   // entries per command queue
    uint64_t next_order_ = 1;
    bool draining_ = false;
    int64_t drain_left_ = 0;  // when_full: writes still to serve in this drain
    uint64_t move_floor_ = 0, last_event_clk_ = 0, move_clk_ = 0;
    int64_t moves_at_clk_ = 0;
    int last_turn_queue_ = -1;                       // round robin: the queue served last
    std::unordered_map<uint64_t, int> write_addrs_;  // read forwarding: queued writes per address
    std::vector<int> newcomers_;                     // scratch of admit_arrivals()
    mutable int move_slot_ = -1;                     // cached movable_slot()
    mutable bool move_valid_ = false;

    std::vector<int64_t> open_row_;   // per bank, -1 when precharged
    std::vector<int64_t> hits_;       // per bank: column commands since its ACT
    std::vector<int64_t> unit_load_;  // admitted, not yet served, per refresh unit
    int64_t total_load_ = 0;
    std::vector<int64_t> refs_done_;  // per refresh unit
    std::vector<char> ref_pending_;   // per unit: closing banks for a REF (char: hot path)
    int64_t refs_pending_ = 0;
    mutable uint64_t next_refresh_ = 0;
    mutable bool next_refresh_valid_ = false;
    std::vector<int> rank_open_;  // open banks per rank
    int total_open_ = 0;
    std::vector<uint64_t> rank_since_;  // per rank: clock of its last open/closed change

    RingQueue<Done> reads_in_flight_, writes_in_flight_, early_done_;
    size_t accounted_[3] = {0, 0, 0};  // completions at the fronts already in the occupancy sum
    uint64_t occ_clk_ = 0;
    int64_t held_ = 0;
    // Occupancy integral: requests finished by occ_clk_ add done - arrival, held ones t - arrival.
    uint64_t finished_sum_ = 0, held_arrivals_ = 0, integral_ = 0;

    mutable std::vector<std::pair<uint64_t, int>> round_scratch_, due_scratch_;
    mutable std::vector<int> ready_scratch_;
    // Scheduler scratch, rebuilt by pick() only when the state changed.
    mutable bool pick_valid_ = false;
    mutable Pick pick_;
};

}  // namespace sasim
