#include "models/vector/vector_unit.hpp"

#include <string>

namespace sasim {

VectorUnit::VectorUnit(sc_core::sc_module_name name, const ClockDomain& clk, const Program& program,
                       std::array<Scratchpad*, kOperands> pads, DmaEngine& dma,
                       CompletionBook& fills, CompletionBook& stores, StatRegistry& stats)
    : StepUnit(name, ExecUnit::vector, {"vector", "the vector unit", kTrackVector}, clk, program,
               pads, dma, fills, stores, stats),
      compute_(stats.add("vector.compute_cycles", "cycles", "lanes working on tiles")),
      pipeline_(stats.add("vector.pipeline_cycles", "cycles",
                          "per tile: scratchpad read latency, ALU stages and write")) {}

void VectorUnit::work(const StepCmd& c, const StepStart& start) {
    const sc_core::sc_time busy = sc_core::sc_time_stamp();
    advance(c.stream_cycles, compute_);
    settle_bank_ports(c, start);
    advance(c.skew_cycles, pipeline_);
    if (trace)
        trace->span(kTrackVector, std::string(op_) + " tile " + std::to_string(c.index), busy,
                    sc_core::sc_time_stamp());
}

}  // namespace sasim
