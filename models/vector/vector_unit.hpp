// SystemC shell of the vector unit: executes the steps of vector layers (one tile each) in
// order, advancing time by the step's lane cycles (stream_cycles, from the timing core
// vector_timing) and pipeline cycles (skew_cycles). Everything around a step — waiting for its
// fills and its output space, giving space back, queueing its store, bank ports, stall causes —
// is the array's (models/unit/step_unit.hpp), on the same scratchpads, DMA and activity logs.
// Every cycle is counted under exactly one of compute, pipeline or a stall. Leaves out: overlap
// with the array (layers run one after another).
#pragma once
#include <array>
#include <cstdint>
#include <systemc>

#include "models/unit/step_unit.hpp"

namespace sasim {

class VectorUnit : public StepUnit {
public:
    VectorUnit(sc_core::sc_module_name name, const ClockDomain& clk, const Program& program,
               std::array<Scratchpad*, kOperands> pads, DmaEngine& dma, CompletionBook& fills,
               CompletionBook& stores, StatRegistry& stats);

private:
    void begin_layer(const LayerInfo& info) override { op_ = info.type.c_str(); }
    void work(const StepCmd& c, const StepStart& start) override;
    void read_work(const StatSpan& s, Reading& r) const override {
        r.stream = s(compute_);
        r.skew = s(pipeline_);
    }

    const char* op_ = "";  // the running layer's type, for the trace
    Counter& compute_;
    Counter& pipeline_;
};

}  // namespace sasim
