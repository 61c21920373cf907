// Queues of one DDR channel (see ddr_channel.hpp): request slots, the scheduler's per-bank
// lists (oldest first), the transaction queues of the two-level controller and the moves from
// them into the command queues, and the write drain state.
#include <algorithm>

#include "models/dram/ddr_channel.hpp"

namespace sasim {

int DdrChannel::new_slot(const DdrRequest& r) {
    int s;
    if (free_.empty()) {
        s = static_cast<int>(slots_.size());
        slots_.emplace_back();
    } else {
        s = free_.back();
        free_.pop_back();
    }
    Slot& q = slots_[s];
    q.visible = q.order = 0;
    q.prev = q.next = q.fifo_prev = q.fifo_next = -1;
    q.classified = q.row_hit = q.in_cq = q.posted = false;
    q.id = r.id;
    q.arrival = r.arrival;
    q.addr = r.addr;
    q.row = r.row;
    q.column = r.column;
    q.bank = r.bank;
    q.write = r.write;
    q.queue = p_.command_queue_grouping == QueueGrouping::per_rank ? r.bank.rank : r.bank.bank;
    return s;
}

// Appends slot s to the scheduler list of `bank` (the youngest entry).
void DdrChannel::list_push(int dir, int bank, int s) {
    List& l = lists_[dir][bank];
    Slot& q = slots_[s];
    q.prev = l.tail;
    q.next = -1;
    (l.tail >= 0 ? slots_[l.tail].next : l.head) = s;
    l.tail = s;
    if (l.count++ == 0) {
        active_pos_[dir][bank] = static_cast<int>(active_[dir].size());
        active_[dir].push_back(bank);
    }
}

void DdrChannel::list_remove(int dir, int bank, int s) {
    List& l = lists_[dir][bank];
    const Slot& q = slots_[s];
    (q.prev >= 0 ? slots_[q.prev].next : l.head) = q.next;
    (q.next >= 0 ? slots_[q.next].prev : l.tail) = q.prev;
    if (--l.count == 0) {  // swap the bank out of the active list
        std::vector<int>& a = active_[dir];
        const int pos = active_pos_[dir][bank];
        a[pos] = a.back();
        active_pos_[dir][a[pos]] = pos;
        a.pop_back();
        active_pos_[dir][bank] = -1;
    }
}

void DdrChannel::fifo_push(int dir, int s) {
    List& f = fifo_[dir];
    Slot& q = slots_[s];
    q.fifo_prev = f.tail;
    q.fifo_next = -1;
    (f.tail >= 0 ? slots_[f.tail].fifo_next : f.head) = s;
    f.tail = s;
    ++f.count;
    move_valid_ = false;
}

void DdrChannel::fifo_remove(int dir, int s) {
    List& f = fifo_[dir];
    const Slot& q = slots_[s];
    (q.fifo_prev >= 0 ? slots_[q.fifo_prev].fifo_next : f.head) = q.fifo_next;
    (q.fifo_next >= 0 ? slots_[q.fifo_next].fifo_prev : f.tail) = q.fifo_prev;
    --f.count;
    move_valid_ = false;
}

void DdrChannel::update_drain() {
    const int64_t w = queued_[1];
    if (p_.write_drain == WriteDrain::when_full) {
        if (drain_left_ == 0 &&
            (w >= p_.write_queue || (queued_[0] == 0 && w >= p_.write_high_watermark)))
            drain_left_ = w;
        return;
    }
    if (w >= p_.write_high_watermark) draining_ = true;
    if (w <= p_.write_low_watermark) draining_ = false;
}

// The oldest transaction of the queue being served whose command queue has room.
int DdrChannel::movable_slot() const {
    if (!move_valid_) {
        move_slot_ = -1;
        for (int s = fifo_[write_mode() ? 1 : 0].head; s >= 0; s = slots_[s].fifo_next) {
            if (cq_count_[slots_[s].queue] < p_.command_queue) {
                move_slot_ = s;
                break;
            }
        }
        move_valid_ = true;
    }
    return move_slot_;
}

// A move happens no earlier than the event that made it possible (the last one processed)
// and at most queue_moves_per_clk per clock.
uint64_t DdrChannel::next_move_clk() const {
    if (movable_slot() < 0) return UINT64_MAX;
    return std::max(move_floor_, last_event_clk_);
}

void DdrChannel::move(uint64_t t) {
    const int s = movable_slot();
    Slot& q = slots_[s];
    const int dir = q.write ? 1 : 0;
    fifo_remove(dir, s);
    --queued_[dir];
    q.in_cq = true;
    q.visible = t + 1;
    q.order = next_order_++;
    list_push(0, q.bank.bank, s);
    ++cq_count_[q.queue];
    if (q.write) note_write_served();
    const bool was_write_mode = write_mode();
    update_drain();
    if (write_mode() != was_write_mode) move_valid_ = false;
    moves_at_clk_ = t == move_clk_ ? moves_at_clk_ + 1 : 1;
    move_clk_ = t;
    if (moves_at_clk_ >= p_.queue_moves_per_clk) move_floor_ = t + 1;
    last_event_clk_ = t;
    now_ = std::max(now_, t);
    pick_valid_ = false;
}

}  // namespace sasim
