// SystemC shell of the vector unit: executes the steps of vector layers (one tile each) in
// order, advancing time by the step's lane cycles (stream_cycles, from the timing core
// vector_timing) and pipeline cycles (skew_cycles), and waiting, in whole cycles, for each
// step's fills to be in the scratchpads and for its output space. It reads the ifmap (and
// filter) scratchpad and writes the ofmap scratchpad, which the DMA fills and drains exactly as
// for the array: fills waited for by id, output space taken before the step, space given back
// after it, stores queued to the DMA, stalls charged to their causes by the array's rule
// (models/systolic/stall_attribution.hpp) on the same activity logs. Every cycle is counted
// under exactly one of compute, pipeline or a stall. Leaves out: overlap with the array (layers
// run one after another).
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

class VectorUnit : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<StepCmd> cmds;
    TraceSink* trace = nullptr;  // one span per tile, stalls beside them, when set
    // What the memory path did, for stall causes: the array's logs (sim/run/system.cpp wires
    // both), with their `readers` set so neither unit forgets what the other still asks about.
    PathActivity activity;

    // The fills made early (network.prefetch_filters), when set: their ids complete there.
    AheadFills* ahead = nullptr;

    SC_HAS_PROCESS(VectorUnit);
    VectorUnit(sc_core::sc_module_name name, const ClockDomain& clk, const Program& program,
               std::array<Scratchpad*, kOperands> pads, DmaEngine& dma, CompletionBook& fills,
               CompletionBook& stores, StatRegistry& stats);

    const sc_core::sc_event& layer_done() const { return layer_done_; }

private:
    void run();
    void execute(const StepCmd& c);
    void take_output_space(const StepCmd& c);
    void finish_layer();
    // Waits (in whole cycles) for the transfer `done()` returns; counts the cycles on `stall`
    // and on its causes.
    template <typename F>
    void stall_until(F done, Counter& stall, const char* what);
    void settle_bank_ports(const StepCmd& c, const sc_core::sc_time& start,
                           const std::array<int64_t, 2 * kOperands>& dma_before);
    void advance(int64_t cycles, Counter& on);

    const ClockDomain& clk_;
    const Program& program_;
    std::array<Scratchpad*, kOperands> pads_;
    DmaEngine& dma_;
    CompletionBook& fills_;
    int64_t layer_ = 0;  // the layer running on this unit
    CompletionBook& stores_;
    int64_t next_fill_ = 0;    // the next fill id a step waits for
    int64_t last_store_ = -1;  // the layer's latest store (-1: none yet)
    const char* op_ = "";      // the running layer's type, for the trace
    sc_core::sc_event layer_done_;
    Counter& compute_;
    Counter& pipeline_;
    std::array<Counter*, kOperands> stall_{};
    Counter& stall_latency_;
    Counter& stall_noc_;
    Counter& stall_dram_;
    Counter& stall_bank_;
};

}  // namespace sasim
