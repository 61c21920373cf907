// One double-buffered on-chip scratchpad (ifmap, filter or ofmap). The DMA fills and drains it
// through a TLM target socket; the array reads and writes it in per-chunk aggregates. It holds
// the slot bookkeeping the controller and the array synchronise on: fills (DRAM -> scratchpad)
// and drains (scratchpad -> DRAM), keyed by chunk index within the current layer.
// Leaves out: banks and port conflicts (accesses cost no extra cycles in this version).
#pragma once
#include <cstdint>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/slot_book.hpp"
#include "models/common/stats.hpp"

namespace sasim {

class Scratchpad : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Scratchpad> socket;

    Scratchpad(sc_core::sc_module_name name, int64_t capacity_bytes, StatRegistry& stats);

    int64_t capacity_bytes() const { return capacity_; }
    void array_read(int64_t bytes) { array_read_.add(bytes); }
    void array_write(int64_t bytes) { array_write_.add(bytes); }

    SlotBook& fills() { return fills_; }
    SlotBook& drains() { return drains_; }
    void clear() {
        fills_.clear();
        drains_.clear();
    }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

    int64_t capacity_;
    SlotBook fills_, drains_;
    Counter& dma_write_;
    Counter& dma_read_;
    Counter& array_read_;
    Counter& array_write_;
};

}  // namespace sasim
