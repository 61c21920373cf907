// What the systolic array and the vector unit share as SystemC executors of program steps. Each
// step: wait for its fills to be in the scratchpads (by id; early fills from `ahead`), take its
// output space (when the output buffers hold data not yet written, the stores ahead become
// urgent and the unit waits for their space), do the unit's own work (work(): the array's load,
// stream and skew, the vector unit's lanes and pipeline), give back the scratchpad bytes of tiles
// no later step reads and queue the step's store; a layer ends when its last store is in DRAM.
// Every wait is counted in whole cycles of the unit's clock on what was waited for (per
// operand) and charged to its causes by stall_attribution.hpp; after streaming, the unit waits
// out what the scratchpads' bank ports could not serve in the step's time
// (settle_bank_ports). Leaves out: two units running at once (layers run one after another).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <systemc>

#include "models/common/ahead_fills.hpp"
#include "models/common/clock.hpp"
#include "models/common/completion_book.hpp"
#include "models/common/program.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/sram/scratchpad.hpp"
#include "models/unit/stall_attribution.hpp"

namespace sasim {

class StepUnit : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<StepCmd> cmds;
    TraceSink* trace = nullptr;  // the unit's spans and its stalls, when set
    // What went on along the memory path, for stall causes (stall_attribution.hpp; the system
    // wires both units to the same logs, whose readers keep what either still asks about).
    PathActivity activity;
    // The fills made early (network.prefetch_filters), when set: their ids complete there.
    AheadFills* ahead = nullptr;

    const sc_core::sc_event& layer_done() const { return layer_done_; }

    // What the unit's counters say over an interval (a layer it ran): its busy cycles by part
    // (the array: load, stream, skew, fused; the vector unit: compute as stream, pipeline as
    // skew) and its stalls, by what was awaited and by cause (both partition the same cycles).
    struct Reading {
        int64_t load = 0, stream = 0, skew = 0, fused = 0;
        int64_t stall[kOperands] = {0, 0, 0};
        int64_t latency = 0, interconnect = 0, bandwidth = 0, bank = 0;
        int64_t busy() const { return load + stream + skew + fused; }
        int64_t stalls() const { return stall[0] + stall[1] + stall[2]; }
        int64_t causes() const { return latency + interconnect + bandwidth + bank; }
    };
    Reading reading(const StatSpan& s) const;

protected:
    struct Names {
        const char* prefix;  // of the counters: "array", "vector"
        const char* who;     // in their descriptions: "the array", "the vector unit"
        int track;           // trace track of its stalls
    };
    SC_HAS_PROCESS(StepUnit);
    StepUnit(sc_core::sc_module_name name, ExecUnit unit, const Names& names,
             const ClockDomain& clk, const Program& program,
             std::array<Scratchpad*, kOperands> pads, DmaEngine& dma, CompletionBook& fills,
             CompletionBook& stores, StatRegistry& stats);

    // Where a step started and what the DMA had moved through each scratchpad by then.
    struct StepStart {
        sc_core::sc_time at;
        std::array<int64_t, 2 * kOperands> dma_bytes{};
    };
    // The unit's own busy counters over an interval, into `r`.
    virtual void read_work(const StatSpan& s, Reading& r) const = 0;
    // A layer of this unit begins (before its first step).
    virtual void begin_layer(const LayerInfo&) {}
    // The unit's own part of a step, its output space taken: advances time, calling
    // settle_bank_ports(c, start) once it has streamed.
    virtual void work(const StepCmd& c, const StepStart& start) = 0;
    // Around every wait (true: waiting begins; false: it ended), e.g. for a waveform.
    virtual void waiting(bool) {}

    // Waits out what the scratchpads' bank ports needed beyond the cycles since `start` for the
    // step's own accesses and the DMA's, on the most oversubscribed scratchpad.
    void settle_bank_ports(const StepCmd& c, const StepStart& start);
    // Waits `cycles` of the unit's clock and counts them on `on`.
    void advance(int64_t cycles, Counter& on);

    const ClockDomain& clk_;

private:
    void run();
    void execute(const StepCmd& c);
    void take_output_space(const StepCmd& c);
    void give_back(const StepCmd& c);
    void finish_layer();
    // Waits (in whole cycles) for the transfer `done()` returns; counts the cycles on `stall`
    // (what was waited for) and on its causes.
    template <typename F>
    void stall_until(F done, Counter& stall, const char* what);

    const ExecUnit unit_;
    const int track_;
    const Program& program_;
    std::array<Scratchpad*, kOperands> pads_;
    DmaEngine& dma_;
    CompletionBook& fills_;
    CompletionBook& stores_;
    int64_t layer_ = 0;        // the layer running on this unit
    int64_t next_fill_ = 0;    // the next fill id a step waits for
    int64_t last_store_ = -1;  // the layer's latest store (-1: none yet)
    sc_core::sc_event layer_done_;
    std::array<Counter*, kOperands> stall_{};
    Counter& stall_latency_;
    Counter& stall_noc_;
    Counter& stall_dram_;
    Counter& stall_bank_;
};

}  // namespace sasim
