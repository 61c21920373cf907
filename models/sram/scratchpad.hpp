// One on-chip scratchpad (ifmap, filter or ofmap): its space (the bytes tiles hold, see
// space_pool.hpp), its traffic counters and its bank ports. The DMA writes fills into it and
// reads stores out of it, the array reads and writes it, each by direct calls counted here.
// Banks: `banks` banks with one shared port or a read and a write port each, `width` bytes per
// port per cycle; cycles_needed() says how many cycles a mix of accesses needs, which the array
// compares with the time it had (see SystolicArray).
// Leaves out: address-level bank mapping (accesses are assumed spread evenly over the banks).
#pragma once
#include <cstdint>
#include <string>
#include <systemc>

#include "models/common/stats.hpp"
#include "models/sram/space_pool.hpp"
#include "models/sram/sram_params.hpp"

namespace sasim {

class Scratchpad : public sc_core::sc_module {
public:
    Scratchpad(sc_core::sc_module_name name, const SramParams& p, StatRegistry& stats);

    void array_read(int64_t bytes) { array_read_.add(bytes); }
    void array_write(int64_t bytes) { array_write_.add(bytes); }
    void dma_write(int64_t bytes) { dma_write_.add(bytes); }  // a fill landed
    void dma_read(int64_t bytes) { dma_read_.add(bytes); }    // a store left

    // Bytes per cycle of all banks' ports of one kind (0: unlimited).
    int64_t port_bytes() const { return port_bytes_; }
    // DMA bytes moved so far (for the array's per-step port accounting).
    int64_t dma_read_bytes() const { return dma_read_.value; }
    int64_t dma_write_bytes() const { return dma_write_.value; }
    // Cycles the bank ports need for these reads and writes (0 when ports are unlimited).
    int64_t cycles_needed(int64_t read_bytes, int64_t write_bytes) const;
    void add_conflict_cycles(int64_t c) { conflict_.add(c); }

    // What its counters say over an interval: the array's and the DMA's bytes.
    struct Reading {
        int64_t array_read = 0, array_write = 0, dma_read = 0, dma_write = 0;
        int64_t reads() const { return array_read + dma_read; }
        int64_t writes() const { return array_write + dma_write; }
    };
    Reading reading(const StatSpan& s) const {
        return {s(array_read_), s(array_write_), s(dma_read_), s(dma_write_)};
    }

    SpacePool& space() { return space_; }
    // A new layer: `capacity` bytes free.
    void reset(int64_t capacity) { space_.reset(capacity); }

private:
    int64_t port_bytes_;  // bytes per cycle of all banks' ports of one kind; 0 = unlimited
    int64_t ports_;
    SpacePool space_;
    Counter& dma_write_;
    Counter& dma_read_;
    Counter& array_read_;
    Counter& array_write_;
    Counter& conflict_;
};

}  // namespace sasim
