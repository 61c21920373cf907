// The controller: runs the command program layer by layer. Its issue thread streams chunk
// commands to the array through a bounded FIFO (the hardware command queue); one prefetch
// thread per fill stream walks ahead and queues DMA fills as soon as a buffer slot is free
// (a fill may start once the fill `slots` before it was released; 2 = double buffering), or
// at once for an operand resident in its scratchpad. Partial-sum fills also wait for the drain that
// wrote them. Layers do not overlap: boundary() is called before and after each.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <systemc>

#include "models/common/program.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/sram/scratchpad.hpp"

namespace sasim {

class Controller : public sc_core::sc_module {
public:
    sc_core::sc_fifo_out<ChunkCmd> cmds;
    // Called at each layer boundary (begin = true before the layer's first command).
    std::function<void(int64_t layer, bool begin)> boundary;
    // For --vcd: index of the running layer (-1 between layers); written only when probe is set.
    sc_core::sc_signal<int> layer_sig{"layer_sig"};
    bool probe = false;

    SC_HAS_PROCESS(Controller);
    Controller(sc_core::sc_module_name name, const Program& program,
               std::array<Scratchpad*, kOperands> pads, DmaEngine& dma,
               const sc_core::sc_event& layer_done);

private:
    void issue();
    void prefetch(Operand o);
    void prefetch_ifmap() { prefetch(Operand::ifmap); }
    void prefetch_filter() { prefetch(Operand::filter); }
    void prefetch_psum() { prefetch(Operand::ofmap); }
    void wait_layer_started(int64_t layer);

    const Program& program_;
    std::array<Scratchpad*, kOperands> pads_;
    DmaEngine& dma_;
    const sc_core::sc_event& layer_done_;  // the array finished the layer
    int64_t started_ = -1;  // last layer whose commands began
    sc_core::sc_event started_ev_;
};

}  // namespace sasim
