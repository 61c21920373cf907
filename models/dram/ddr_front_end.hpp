// In-order front end of the bank-level DRAM (plain C++, no SystemC): FIFOs of requests waiting
// for room in the controller, e.g. a DMA's reads and writes, or a trace. Each FIFO's head
// enters the controller at the first clock, not before it is ready, at which its channel's
// queue has room: the clock after the command (or queue move) that freed a slot. A head that
// does not fit blocks its FIFO (head-of-line), as a bus interface does. Optionally at most one
// request enters per DRAM clock over all FIFOs (a one-request-per-cycle front end).
// Leaves out: reordering in the front end.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "models/dram/ddr_core.hpp"

namespace sasim {

struct DdrFrontRequest {
    uint64_t id = 0, addr = 0;
    bool write = false;
    uint64_t ready_clk = 0;  // it enters the controller no earlier than this clock
    uint64_t count = 1;      // bursts: ids id, id + 1, ..., addresses addr, addr + burst, ...
};

// Contract: offer() in nondecreasing ready order per FIFO; run_until(clk) runs the DRAM to clk
// (exclusive; to ran_to() if it stops early) admitting what fits on the way and appends the
// completions that happened (by clock, then id); the DRAM is only driven through this front end.
class DdrFrontEnd {
public:
    DdrFrontEnd(DdrDram& dram, int fifos, bool one_per_clock = false);
    void offer(int fifo, const DdrFrontRequest& r);
    // A FIFO that asks `next` for its next request whenever it runs empty (false: no more).
    void set_source(int fifo, std::function<bool(DdrFrontRequest&)> next);
    void admit_now();  // admits what fits at ran_to() (after an offer at that clock)
    // stop_when_empty: return early, at the clock after the last admission, once nothing waits.
    void run_until(uint64_t clk, std::vector<DdrCompletion>& done, bool stop_when_empty = false);
    uint64_t ran_to() const { return ran_to_; }
    size_t entries() const;  // waiting FIFO entries (one may hold many bursts)
    uint64_t waiting_bursts() const;
    bool empty();               // nothing waiting (asks the sources)
    uint64_t next_ready_clk();  // earliest ready clock of a waiting head (UINT64_MAX: none)

private:
    struct Fifo {
        std::deque<DdrFrontRequest> q;
        std::function<bool(DdrFrontRequest&)> source;
        bool exhausted = false;
    };
    DdrFrontRequest* head(int fifo) {
        Fifo& f = fifos_[fifo];
        return !f.q.empty() ? &f.q.front() : refill(f);
    }
    DdrFrontRequest* refill(Fifo& f);  // an empty FIFO asks its source
    void admit_at(uint64_t t);
    uint64_t next_visit(uint64_t t);

    DdrDram& dram_;
    std::vector<Fifo> fifos_;
    bool one_per_clock_;
    uint64_t burst_;
    uint64_t ran_to_ = 0;
    uint64_t last_admit_ = UINT64_MAX;
};

}  // namespace sasim
