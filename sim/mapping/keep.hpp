// Outputs kept on chip between layers (network.keep_ofmap): which layers keep their ofmap in the
// ofmap scratchpad for the next layer to read, and the walker that marks those transfers.
//
// Rule: layer i keeps its ofmap when the next layer reads exactly it (its ifmap region is
// layer i's ofmap region, sim/mapping/layout) and both kept tensors the layer holds at once (the
// one it reads, the one it writes) take at most half of the ofmap scratchpad, each rounded up
// to whole KiB; the layer and the next must still map in what is left (the mapper and the
// vector tiler see the ofmap scratchpad less the kept tensors), and a GEMM layer's mapping in
// the smaller space (the producer's and the consumer's) must move no more DRAM bytes and take
// no more estimated cycles than in the whole one. A kept tensor is held
// from the producer's stores to the consumer's end; the consumer's ifmap fills copy it into
// the ifmap scratchpad on the on-chip path (models/dma/dma_engine.hpp) instead of reading DRAM.
// Leaves out: keeping a tensor across more than one layer (a residual's skip input is its own
// region in DRAM), choosing by the network's total cost (the rule is greedy, layer by layer).
#pragma once
#include <cstdint>
#include <memory>

#include "models/common/program.hpp"

namespace sasim {

// Bytes of the ofmap scratchpad a kept tensor of `bytes` holds: whole KiB.
inline int64_t kept_region_kb(int64_t bytes) { return (bytes + 1023) / 1024; }

// Marks a layer's transfers: with `in`, its ifmap fills come from the kept tensor; with `out`,
// its final output stores are kept (partial-sum spills still go to DRAM).
class KeptWalker : public ProgramWalker {
public:
    KeptWalker(std::unique_ptr<ProgramWalker> inner, bool in, bool out)
        : inner_(std::move(inner)), in_(in), out_(out) {}
    bool next(ProgramEvent& e) override {
        if (!inner_->next(e)) return false;
        if (in_ && e.kind == ProgramEvent::kFill && e.fill.op == Operand::ifmap)
            e.fill.on_chip = true;
        if (out_ && e.kind == ProgramEvent::kStep && e.step.store.id >= 0 && !e.step.store.psum)
            e.step.store.kept = true;
        return true;
    }

private:
    std::unique_ptr<ProgramWalker> inner_;
    bool in_, out_;
};

}  // namespace sasim
