// Bookkeeping of buffer slots shared by SystemC threads: for each key (a chunk index), when its
// transfer completes and whether its consumer released it. Waits block the calling SC_THREAD.
#pragma once
#include <cstdint>
#include <map>
#include <systemc>

#include "models/common/transfer.hpp"

namespace sasim {

class SlotBook {
public:
    void set_done(int64_t key, const TransferDone& d) {
        Slot& s = slots_[key];
        s.done = true;
        s.info = d;
        done_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    // Blocks until set_done(key) was called; returns the completion (its time may be ahead).
    const TransferDone& wait_done(int64_t key) {
        for (;;) {
            auto it = slots_.find(key);
            if (it != slots_.end() && it->second.done) return it->second.info;
            sc_core::wait(done_ev_);
        }
    }
    void release(int64_t key) {
        slots_[key].released = true;
        released_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    void wait_released(int64_t key) {
        for (;;) {
            auto it = slots_.find(key);
            if (it != slots_.end() && it->second.released) return;
            sc_core::wait(released_ev_);
        }
    }
    void clear() { slots_.clear(); }

private:
    struct Slot {
        bool done = false;
        bool released = false;
        TransferDone info;
    };
    std::map<int64_t, Slot> slots_;
    sc_core::sc_event done_ev_, released_ev_;
};

}  // namespace sasim
