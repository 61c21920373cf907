// One double-buffered on-chip scratchpad (ifmap, filter or ofmap). The DMA fills and drains it
// through a TLM target socket; the array reads and writes it in per-chunk aggregates. It holds
// the slot bookkeeping the controller and the array synchronise on: fills (DRAM -> scratchpad)
// and drains (scratchpad -> DRAM), keyed by chunk index within the current layer.
// Banks: `banks` banks with one shared port or a read and a write port each, `width` bytes per
// port per cycle; cycles_needed() says how many cycles a mix of accesses needs, which the array
// compares with the time it had (see SystolicArray). Leaves out: address-level bank mapping
// (accesses are assumed spread evenly over the banks).
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <string>
#include <systemc>
#include <tlm>

#include "models/common/slot_book.hpp"
#include "models/common/stats.hpp"
#include "models/sram/sram_params.hpp"

namespace sasim {

class Scratchpad : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Scratchpad> socket;

    Scratchpad(sc_core::sc_module_name name, int64_t capacity_bytes, const SramParams& p,
               StatRegistry& stats);

    int64_t capacity_bytes() const { return capacity_; }
    void array_read(int64_t bytes) { array_read_.add(bytes); }
    void array_write(int64_t bytes) { array_write_.add(bytes); }

    // DMA bytes moved so far (for the array's per-chunk port accounting).
    int64_t dma_read_bytes() const { return dma_read_.value; }
    int64_t dma_write_bytes() const { return dma_write_.value; }
    // Cycles the bank ports need for these reads and writes (0 when ports are unlimited).
    int64_t cycles_needed(int64_t read_bytes, int64_t write_bytes) const;
    void add_conflict_cycles(int64_t c) { conflict_.add(c); }

    SlotBook& fills() { return fills_; }
    SlotBook& drains() { return drains_; }
    void clear() {
        fills_.clear();
        drains_.clear();
    }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

    int64_t capacity_;
    int64_t port_bytes_;  // bytes per cycle of all banks' ports of one kind; 0 = unlimited
    int64_t ports_;
    SlotBook fills_, drains_;
    Counter& dma_write_;
    Counter& dma_read_;
    Counter& array_read_;
    Counter& array_write_;
    Counter& conflict_;
};

}  // namespace sasim
