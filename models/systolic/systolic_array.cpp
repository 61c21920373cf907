#include "models/systolic/systolic_array.hpp"

#include <string>

namespace sasim {

SystolicArray::SystolicArray(sc_core::sc_module_name name, const ClockDomain& clk,
                             const Program& program, std::array<Scratchpad*, kOperands> pads,
                             DmaEngine& dma, CompletionBook& fills, CompletionBook& stores,
                             StatRegistry& stats)
    : StepUnit(name, ExecUnit::array, {"array", "the array", kTrackArray}, clk, program, pads,
               dma, fills, stores, stats),
      load_(stats.add("array.load_cycles", "cycles", "shifting stationary operands into PEs")),
      stream_(stats.add("array.stream_cycles", "cycles", "streaming operands through the PEs")),
      skew_(stats.add("array.skew_cycles", "cycles", "pipeline fill and drain per fold")),
      fused_(stats.add("array.fused_cycles", "cycles",
                       "waiting for a fused activation slower than the array's outputs")) {}

void SystolicArray::advance(int64_t cycles, Counter& on, State state) {
    if (cycles <= 0) return;
    show(state);
    StepUnit::advance(cycles, on);
}

void SystolicArray::work(const StepCmd& c, const StepStart& start) {
    if (c.first_in_fold) fold_start_ = sc_core::sc_time_stamp();
    advance(c.load_cycles, load_, kLoad);
    advance(c.stream_cycles, stream_, kStream);
    settle_bank_ports(c, start);
    advance(c.skew_cycles, skew_, kSkew);
    advance(c.fused_cycles, fused_, kSkew);
    show(kIdle);
    if (trace && c.last_in_fold)
        trace->span(kTrackArray, "fold " + std::to_string(c.fold), fold_start_,
                    sc_core::sc_time_stamp());
}

}  // namespace sasim
