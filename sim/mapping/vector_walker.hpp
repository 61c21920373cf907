// A vector layer's program events (models/common/program.hpp), tile by tile: the tile's fills
// (input into the ifmap scratchpad; the second input of add / mul into the filter scratchpad;
// an affine's parameters once, before the first tile, held to the last), one step for the
// vector unit (its lane and pipeline cycles, the tile's store), then the releases of what the
// step read. And FusedWalker: an array layer's events with the cycles of an activation fused
// into its drain (StepCmd::fused_cycles) on the steps that store final outputs.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>

#include "models/common/program.hpp"
#include "sim/mapping/event_queue.hpp"
#include "sim/mapping/vector_plan.hpp"

namespace sasim {

class VectorWalker : public ProgramWalker {
public:
    explicit VectorWalker(const VectorPlan& plan) : plan_(plan) {}
    bool next(ProgramEvent& e) override;

private:
    void emit_tile();

    const VectorPlan& plan_;
    EventQueue q_;
    int64_t tile_ = 0;
};

// The array's outputs pass through the fused activation on their way to the ofmap scratchpad:
// `lane_cycles` per output element on `lanes` lanes. A step that stores `n` final outputs
// (not partial sums) needs ceil(n * lane_cycles / lanes) cycles of the lanes; what that exceeds
// the step's stream + skew cycles is the step's fused_cycles.
class FusedWalker : public ProgramWalker {
public:
    FusedWalker(std::unique_ptr<ProgramWalker> inner, int64_t lane_cycles, int64_t lanes,
                int64_t word_bytes)
        : inner_(std::move(inner)), lane_cycles_(lane_cycles), lanes_(lanes), wb_(word_bytes) {}
    bool next(ProgramEvent& e) override;

private:
    std::unique_ptr<ProgramWalker> inner_;
    int64_t lane_cycles_, lanes_, wb_;
};

}  // namespace sasim
