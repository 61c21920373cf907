// The controller: runs the command program layer by layer with two threads that each walk the
// program. The issue thread hands the array its steps through a bounded FIFO (the hardware
// command queue), each step carrying the bytes of tiles it is the last to read. The prefetch
// thread walks ahead in program order: each fill waits for room in its scratchpad (and a
// partial-sum read-back for the store that wrote it) and then goes to the DMA. Issuing fills in
// program order means the DMA never holds a request that is needed later than one not yet made.
// The array takes its own output buffers; partial-sum read-backs leave the largest store's
// worth of the ofmap scratchpad free for it, so neither can starve the other. A vector layer's
// steps go to the vector unit's FIFO instead (vec_cmds), its fills the same way as the array's.
// Steps of two layers never overlap: boundary() is called before and after each.
// With an AheadFills (network.prefetch_filters) a third thread makes the next layer's first
// filter tiles early, in the current layer's tail (once the current layer's fills have all been
// made): in program order, each once it fits in the filter scratchpad beside everything the
// current layer may still take (its filter fills not yet made), so that no fill of the current
// layer ever waits for space they hold; the DMA serves them after every request of the current
// layer (kEarlyUrgency) until the next layer starts.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <systemc>

#include "models/common/ahead_fills.hpp"
#include "models/common/completion_book.hpp"
#include "models/common/program.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/sram/scratchpad.hpp"

namespace sasim {

class Controller : public sc_core::sc_module {
public:
    sc_core::sc_fifo_out<StepCmd> cmds;      // to the array
    sc_core::sc_fifo_out<StepCmd> vec_cmds;  // to the vector unit
    // Called at each layer boundary (begin = true before the layer's first command).
    std::function<void(int64_t layer, bool begin)> boundary;
    // For --vcd: index of the running layer (-1 between layers); written only when probe is set.
    sc_core::sc_signal<int> layer_sig{"layer_sig"};
    bool probe = false;

    SC_HAS_PROCESS(Controller);
    Controller(sc_core::sc_module_name name, const Program& program,
               std::array<Scratchpad*, kOperands> pads, DmaEngine& dma, CompletionBook& fills,
               CompletionBook& stores, const sc_core::sc_event& layer_done,
               const sc_core::sc_event& vector_done, AheadFills* ahead = nullptr);

private:
    void issue();
    void send(StepCmd&& c);
    void prefetch();
    void prefetch_fill(const FillCmd& f);
    void wait_layer_started(int64_t layer);
    void lookahead();
    void make_early(int64_t next);
    int64_t filter_fill_bytes(int64_t layer) const;  // of fills not made early

    const Program& program_;
    std::array<Scratchpad*, kOperands> pads_;
    DmaEngine& dma_;
    CompletionBook& fills_;
    CompletionBook& stores_;
    const sc_core::sc_event& layer_done_;   // the array finished the layer
    const sc_core::sc_event& vector_done_;  // the vector unit finished the layer
    int64_t started_ = -1;                 // last layer whose commands began
    int64_t reserve_ = 0;                  // the running layer's store_reserve
    sc_core::sc_event started_ev_;
    AheadFills* ahead_;         // nullptr: no fills made early
    int64_t filter_left_ = 0;   // the running layer's filter fill bytes not yet given space
    sc_core::sc_event taken_ev_;  // the prefetch thread took filter space or made its last fill
    bool all_made_ = false;       // the prefetch thread made every fill of the running layer
};

}  // namespace sasim
