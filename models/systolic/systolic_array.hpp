// SystemC shell of the systolic array: executes the program's steps in order, advancing time by
// the fold model's cycles (systolic_timing) and waiting, in whole cycles, for each step's fills
// to be in the scratchpads and for its output space. Every cycle it spends is counted under
// exactly one of load, stream, skew or a stall; each stall is charged to its causes by
// stall_attribution.hpp. After a step it gives back the scratchpad bytes of tiles no later step
// reads and hands its store to the DMA; a layer ends when its last store is in DRAM. It skips the
// vector unit's layers; after a step it waits out the step's fused_cycles (an activation fused
// into its drain that the vector unit's lanes cannot keep up with).
#pragma once
#include <array>
#include <cstdint>
#include <systemc>

#include "models/common/clock.hpp"
#include "models/common/ahead_fills.hpp"
#include "models/common/completion_book.hpp"
#include "models/common/program.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/sram/scratchpad.hpp"
#include "models/systolic/stall_attribution.hpp"

namespace sasim {

class SystolicArray : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<StepCmd> cmds;
    TraceSink* trace = nullptr;  // fold and stall spans when set
    // What went on along the memory path, for stall causes (stall_attribution.hpp); the array
    // tells the logs what it will not ask about again.
    PathActivity activity;
    // For --vcd: 0 idle, 1 load, 2 stream, 3 skew, 4 stall; written only when probe is set.
    sc_core::sc_signal<int> state_sig{"state_sig"};
    bool probe = false;

    // The fills made early (network.prefetch_filters), when set: their ids complete there.
    AheadFills* ahead = nullptr;

    SC_HAS_PROCESS(SystolicArray);
    SystolicArray(sc_core::sc_module_name name, const ClockDomain& clk, const Program& program,
                  std::array<Scratchpad*, kOperands> pads, DmaEngine& dma, CompletionBook& fills,
                  CompletionBook& stores, StatRegistry& stats);

    const sc_core::sc_event& layer_done() const { return layer_done_; }

private:
    enum State { kIdle = 0, kLoad = 1, kStream = 2, kSkew = 3, kStall = 4 };
    void run();
    void execute(const StepCmd& c);
    void finish_layer();
    // Waits (in whole cycles) for the transfer `done()` returns; counts the cycles on `stall`
    // (what was waited for) and on its causes.
    template <typename F>
    void stall_until(F done, Counter& stall, const char* what);
    // After a step streamed: if the scratchpads' bank ports needed more cycles than the step
    // had for the array's and the DMA's accesses together, wait out the difference.
    void settle_bank_ports(const StepCmd& c, const sc_core::sc_time& start,
                           const std::array<int64_t, 2 * kOperands>& dma_before);
    void advance(int64_t cycles, Counter& on, State state);
    void show(State state) {
        if (probe) state_sig.write(state);
    }

    const ClockDomain& clk_;
    const Program& program_;
    std::array<Scratchpad*, kOperands> pads_;
    DmaEngine& dma_;
    CompletionBook& fills_;
    int64_t layer_ = 0;  // the layer running on this unit
    CompletionBook& stores_;
    int64_t next_fill_ = 0;    // the next fill id a step waits for
    int64_t last_store_ = -1;  // the layer's latest store (-1: none yet)
    sc_core::sc_time fold_start_;
    sc_core::sc_event layer_done_;
    Counter& load_;
    Counter& stream_;
    Counter& skew_;
    Counter& fused_;
    std::array<Counter*, kOperands> stall_{};
    Counter& stall_latency_;
    Counter& stall_noc_;
    Counter& stall_dram_;
    Counter& stall_bank_;
};

}  // namespace sasim
