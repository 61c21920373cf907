// In-order front end of the bank-level DRAM (see ddr_front_end.hpp). Room in a channel only
// appears at that channel's queue changes, so the front end steps just the channels its
// heads wait for, one queue change at a time, and runs every channel at the end.
#include "models/dram/ddr_front_end.hpp"

#include <algorithm>

namespace sasim {

DdrFrontEnd::DdrFrontEnd(DdrDram& dram, int fifos, bool one_per_clock)
    : dram_(dram),
      fifos_(static_cast<size_t>(fifos)),
      one_per_clock_(one_per_clock),
      burst_(static_cast<uint64_t>(dram.burst_bytes())) {}

void DdrFrontEnd::offer(int fifo, const DdrFrontRequest& r) {
    if (r.count > 0) fifos_[fifo].q.push_back(r);
}

void DdrFrontEnd::set_source(int fifo, std::function<bool(DdrFrontRequest&)> next) {
    fifos_[fifo].source = std::move(next);
    fifos_[fifo].exhausted = false;
}

DdrFrontRequest* DdrFrontEnd::refill(Fifo& f) {
    if (f.source && !f.exhausted) {
        DdrFrontRequest r;
        if (f.source(r) && r.count > 0)
            f.q.push_back(r);
        else
            f.exhausted = true;
    }
    return f.q.empty() ? nullptr : &f.q.front();
}

size_t DdrFrontEnd::entries() const {
    size_t n = 0;
    for (const Fifo& f : fifos_) n += f.q.size();
    return n;
}

uint64_t DdrFrontEnd::waiting_bursts() const {
    uint64_t n = 0;
    for (const Fifo& f : fifos_)
        for (const DdrFrontRequest& r : f.q) n += r.count;
    return n;
}

bool DdrFrontEnd::empty() {
    for (int i = 0; i < static_cast<int>(fifos_.size()); ++i)
        if (head(i)) return false;
    return true;
}

uint64_t DdrFrontEnd::next_ready_clk() {
    uint64_t t = UINT64_MAX;
    for (int i = 0; i < static_cast<int>(fifos_.size()); ++i)
        if (const DdrFrontRequest* h = head(i)) t = std::min(t, h->ready_clk);
    return t;
}

// Every head that is ready and fits enters at t, FIFO by FIFO (its channel brought to t).
void DdrFrontEnd::admit_at(uint64_t t) {
    for (int i = 0; i < static_cast<int>(fifos_.size()); ++i) {
        for (DdrFrontRequest* h; (h = head(i)) && h->ready_clk <= t;) {
            if (one_per_clock_ && last_admit_ == t) return;
            dram_.run_channel_until(dram_.channel_of(h->addr), t);
            if (!dram_.can_accept(h->addr, h->write)) break;
            dram_.enqueue(h->id, h->addr, h->write, t);
            last_admit_ = t;
            ++h->id;
            h->addr += burst_;
            if (--h->count == 0) fifos_[i].q.pop_front();
        }
    }
}

void DdrFrontEnd::admit_now() { admit_at(ran_to_); }

// The next clock after t at which a head may enter: its ready clock, or the clock after its
// channel's next queue change (or, one per clock, the next clock; a head that became head
// after the clock's one admission may have a channel not yet run to t).
uint64_t DdrFrontEnd::next_visit(uint64_t t) {
    uint64_t v = UINT64_MAX;
    for (int i = 0; i < static_cast<int>(fifos_.size()); ++i) {
        const DdrFrontRequest* h = head(i);
        if (!h) continue;
        if (h->ready_clk > t) {
            v = std::min(v, h->ready_clk);
            continue;
        }
        if (one_per_clock_ && last_admit_ == t) v = std::min(v, t + 1);
        const uint64_t e = dram_.next_queue_change_clk(dram_.channel_of(h->addr));
        if (e != UINT64_MAX) v = std::min(v, std::max(e, t) + 1);
    }
    return v;
}

void DdrFrontEnd::run_until(uint64_t clk, std::vector<DdrCompletion>& done, bool stop_when_empty) {
    if (clk < ran_to_) return;
    uint64_t t = ran_to_;
    stop_when_empty = stop_when_empty && !empty();
    if (t < clk) admit_at(t);  // heads offered (or ready) at ran_to()
    while (t < clk) {
        if (stop_when_empty && empty()) {
            clk = t;
            break;
        }
        const uint64_t v = std::min(next_visit(t), clk);
        for (int i = 0; i < static_cast<int>(fifos_.size()); ++i)
            if (const DdrFrontRequest* h = head(i))
                dram_.run_channel_until(dram_.channel_of(h->addr), v);
        t = v;
        admit_at(t);
    }
    dram_.run_until(clk, done);
    ran_to_ = clk;
}

}  // namespace sasim
