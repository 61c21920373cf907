#include "models/control/controller.hpp"

#include <utility>

namespace sasim {

Controller::Controller(sc_core::sc_module_name name, const Program& program,
                       std::array<Scratchpad*, kOperands> pads, DmaEngine& dma,
                       CompletionBook& fills, CompletionBook& stores,
                       const sc_core::sc_event& layer_done,
                       const sc_core::sc_event& vector_done)
    : sc_module(name),
      cmds("cmds"),
      vec_cmds("vec_cmds"),
      program_(program),
      pads_(pads),
      dma_(dma),
      fills_(fills),
      stores_(stores),
      layer_done_(layer_done),
      vector_done_(vector_done) {
    SC_THREAD(issue);
    SC_THREAD(prefetch);
}

void Controller::send(StepCmd&& c) {
    if (c.unit == ExecUnit::vector)
        vec_cmds->write(std::move(c));
    else
        cmds->write(std::move(c));
}

// Steps go to their unit one event late: the releases after a step travel with it.
void Controller::issue() {
    for (int64_t layer = 0; layer < program_.num_layers(); ++layer) {
        const LayerInfo& info = program_.layer(layer);
        for (int o = 0; o < kOperands; ++o) pads_[static_cast<size_t>(o)]->reset(info.capacity[o]);
        fills_.clear();
        stores_.clear();
        if (boundary) boundary(layer, true);
        started_ = layer;
        started_ev_.notify(sc_core::SC_ZERO_TIME);
        if (probe) layer_sig.write(static_cast<int>(layer));
        auto walker = program_.walk(layer);
        ProgramEvent e;
        StepCmd held;
        bool holding = false;
        while (walker->next(e)) {
            if (e.kind == ProgramEvent::kRelease && holding) {
                held.release[static_cast<int>(e.release.op)] += e.release.bytes;
            } else if (e.kind == ProgramEvent::kStep) {
                if (holding) send(std::move(held));
                held = std::move(e.step);
                holding = true;
            }
        }
        if (holding) send(std::move(held));
        sc_core::wait(info.unit == ExecUnit::vector ? vector_done_ : layer_done_);
        if (probe) layer_sig.write(-1);
        if (boundary) boundary(layer, false);
    }
}

void Controller::wait_layer_started(int64_t layer) {
    while (started_ < layer) sc_core::wait(started_ev_);
}

void Controller::prefetch_fill(const FillCmd& f) {
    static constexpr DmaStream kStream[kOperands] = {DmaStream::ifmap_fill, DmaStream::filter_fill,
                                                      DmaStream::psum_fill};
    const bool psum = f.op == Operand::ofmap;
    pads_[static_cast<size_t>(f.op)]->space().acquire(f.bytes, psum ? reserve_ : 0);
    if (f.after_store >= 0) {  // read back only what the earlier store wrote
        dma_.expedite_stores(f.after_store, f.need);
        const sc_core::sc_time written = stores_.wait_done(f.after_store).at;
        if (written > sc_core::sc_time_stamp()) sc_core::wait(written - sc_core::sc_time_stamp());
    }
    DmaRequest r;
    r.stream = kStream[static_cast<int>(f.op)];
    r.id = f.id;
    r.priority = f.need;
    r.bytes = f.bytes;
    r.addr = f.addr;
    dma_.enqueue(std::move(r));
}

void Controller::prefetch() {
    for (int64_t layer = 0; layer < program_.num_layers(); ++layer) {
        wait_layer_started(layer);
        reserve_ = program_.layer(layer).store_reserve;
        auto walker = program_.walk(layer);
        ProgramEvent e;
        while (walker->next(e))
            if (e.kind == ProgramEvent::kFill) prefetch_fill(e.fill);
    }
}

}  // namespace sasim
