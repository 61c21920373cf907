// SystemC shell of the systolic array: executes chunk commands in order, advancing time by the
// fold model's cycles (systolic_timing) and waiting, in whole cycles, for each chunk's operands
// to be in the scratchpads and for a free output buffer. Every cycle it spends is counted under
// exactly one of load, stream, skew or a stall cause, so the per-layer stack adds up.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <systemc>

#include "models/common/clock.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/common/program.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/sram/scratchpad.hpp"

namespace sasim {

class SystolicArray : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<ChunkCmd> cmds;
    TraceSink* trace = nullptr;  // fold and stall spans when set
    // For --vcd: 0 idle, 1 load, 2 stream, 3 skew, 4 stall; written only when probe is set.
    sc_core::sc_signal<int> state_sig{"state_sig"};
    bool probe = false;

    SC_HAS_PROCESS(SystolicArray);
    SystolicArray(sc_core::sc_module_name name, const ClockDomain& clk, const Program& program,
                  std::array<Scratchpad*, kOperands> pads, DmaEngine& dma, StatRegistry& stats);

    const sc_core::sc_event& layer_done() const { return layer_done_; }

private:
    void run();
    void execute(const ChunkCmd& c);
    void finish_layer();
    // Waits (in whole cycles) until the transfer `done()` returns has completed; counts the
    // cycles on `stall` (what was waited for) and on a cause (see charge_cause).
    template <typename F>
    void stall_until(F done, Counter& stall);
    void charge_cause(int64_t cycles, const TransferDone& d);
    // After a chunk streamed: if the scratchpads' bank ports needed more cycles than the chunk
    // had for the array's and the DMA's accesses together, wait out the difference.
    void settle_bank_ports(const ChunkCmd& c, const sc_core::sc_time& start,
                           const std::array<int64_t, 2 * kOperands>& dma_before);
    void advance(int64_t cycles, Counter& on, int state);
    void show(int state) {
        if (probe) state_sig.write(state);
    }

    const ClockDomain& clk_;
    const Program& program_;
    std::array<Scratchpad*, kOperands> pads_;
    DmaEngine& dma_;
    int64_t fold_first_ = 0;  // chunk index holding the current fold's stationary data
    sc_core::sc_time fold_start_;
    std::deque<int64_t> open_stores_;  // drains that still occupy an ofmap buffer
    int64_t last_store_ = -1;          // the layer's latest drain (-1: none yet)
    sc_core::sc_event layer_done_;
    Counter& load_;
    Counter& stream_;
    Counter& skew_;
    std::array<Counter*, kOperands> stall_{};
    Counter& stall_latency_;
    Counter& stall_noc_;
    Counter& stall_dram_;
    Counter& stall_bank_;
};

}  // namespace sasim
