#include "models/control/controller.hpp"

#include <utility>

namespace sasim {

Controller::Controller(sc_core::sc_module_name name, const Program& program,
                       std::array<Scratchpad*, kOperands> pads, DmaEngine& dma,
                       CompletionBook& fills, CompletionBook& stores,
                       const sc_core::sc_event& layer_done,
                       const sc_core::sc_event& vector_done, AheadFills* ahead)
    : sc_module(name),
      cmds("cmds"),
      vec_cmds("vec_cmds"),
      program_(program),
      pads_(pads),
      dma_(dma),
      fills_(fills),
      stores_(stores),
      layer_done_(layer_done),
      vector_done_(vector_done),
      ahead_(ahead) {
    SC_THREAD(issue);
    SC_THREAD(prefetch);
    if (ahead_) SC_THREAD(lookahead);
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
        if (ahead_) {  // the early fills hold their space from here on, and become urgent
            pads_[static_cast<size_t>(Operand::filter)]->space().account_take(ahead_->bytes(layer));
            filter_left_ = filter_fill_bytes(layer);
            dma_.promote_early();
            ahead_->clear(layer + 1);  // layer-1's set: over
        }
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

int64_t Controller::filter_fill_bytes(int64_t layer) const {
    int64_t bytes = 0;
    auto walker = program_.walk(layer);
    ProgramEvent e;
    while (walker->next(e))
        if (e.kind == ProgramEvent::kFill && e.fill.op == Operand::filter &&
            !ahead_->has(layer, e.fill.id))
            bytes += e.fill.bytes;
    return bytes;
}

// While layer next-1 runs, once it has made all of its own fills: layer `next`'s filter fills,
// in program order, each once used + bytes <= capacity - filter_left_ (what the running layer may still take stays free), until layer
// `next` starts. Holding a prefix of the fills in program order holds nothing the layer's own
// prefetch would not hold by the time it reaches the next fill, so it cannot starve the layer.
void Controller::make_early(int64_t next) {
    SpacePool& space = pads_[static_cast<size_t>(Operand::filter)]->space();
    auto walker = program_.walk(next);
    ProgramEvent e;
    while (started_ < next && walker->next(e)) {
        if (e.kind != ProgramEvent::kFill || e.fill.op != Operand::filter) continue;
        const FillCmd& f = e.fill;
        auto fits = [&] {
            return space.account().used() + f.bytes <= space.account().capacity() - filter_left_;
        };
        while (started_ < next && (!all_made_ || !fits()))
            sc_core::wait(space.freed_event() | taken_ev_ | started_ev_);
        if (started_ >= next) return;
        space.account_take(f.bytes);
        ahead_->add(next, f.id, f.bytes);
        DmaRequest r;
        r.stream = DmaStream::filter_fill;
        r.id = f.id;
        r.priority = kEarlyUrgency;
        r.early = true;
        r.need = f.need;
        r.ahead_book = AheadFills::parity(next);
        r.bytes = f.bytes;
        r.addr = f.addr;
        dma_.enqueue(std::move(r));
    }
}

void Controller::lookahead() {
    for (int64_t next = 1; next < program_.num_layers(); ++next) {
        wait_layer_started(next - 1);
        make_early(next);
    }
}

void Controller::prefetch_fill(const FillCmd& f) {
    static constexpr DmaStream kStream[kOperands] = {DmaStream::ifmap_fill, DmaStream::filter_fill,
                                                      DmaStream::psum_fill};
    const bool psum = f.op == Operand::ofmap;
    pads_[static_cast<size_t>(f.op)]->space().acquire(f.bytes, psum ? reserve_ : 0);
    if (f.op == Operand::filter && ahead_) {
        filter_left_ -= f.bytes;
        taken_ev_.notify(sc_core::SC_ZERO_TIME);
    }
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
    r.local = f.on_chip;
    dma_.enqueue(std::move(r));
}

void Controller::prefetch() {
    for (int64_t layer = 0; layer < program_.num_layers(); ++layer) {
        wait_layer_started(layer);
        reserve_ = program_.layer(layer).store_reserve;
        auto walker = program_.walk(layer);
        ProgramEvent e;
        all_made_ = false;
        while (walker->next(e))
            if (e.kind == ProgramEvent::kFill && !(ahead_ && ahead_->has(layer, e.fill.id)))
                prefetch_fill(e.fill);
        all_made_ = true;  // the next layer's early fills may go now
        taken_ev_.notify(sc_core::SC_ZERO_TIME);
    }
}

}  // namespace sasim
