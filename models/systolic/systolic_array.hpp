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

#include "models/unit/step_unit.hpp"

namespace sasim {

class SystolicArray : public StepUnit {
public:
    // For --vcd: 0 idle, 1 load, 2 stream, 3 skew, 4 stall; written only when probe is set.
    sc_core::sc_signal<int> state_sig{"state_sig"};
    bool probe = false;

    SystolicArray(sc_core::sc_module_name name, const ClockDomain& clk, const Program& program,
                  std::array<Scratchpad*, kOperands> pads, DmaEngine& dma, CompletionBook& fills,
                  CompletionBook& stores, StatRegistry& stats);

private:
    enum State { kIdle = 0, kLoad = 1, kStream = 2, kSkew = 3, kStall = 4 };
    void work(const StepCmd& c, const StepStart& start) override;
    void read_work(const StatSpan& s, Reading& r) const override {
        r.load = s(load_);
        r.stream = s(stream_);
        r.skew = s(skew_);
        r.fused = s(fused_);
    }
    void waiting(bool w) override {
        if (probe) state_sig.write(w ? kStall : state_);
    }
    void advance(int64_t cycles, Counter& on, State state);
    void show(State state) {
        state_ = state;
        if (probe) state_sig.write(state);
    }

    State state_ = kIdle;
    sc_core::sc_time fold_start_;
    Counter& load_;
    Counter& stream_;
    Counter& skew_;
    Counter& fused_;
};

}  // namespace sasim
