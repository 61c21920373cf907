#include "models/unit/step_unit.hpp"

#include <algorithm>

namespace sasim {

StepUnit::StepUnit(sc_core::sc_module_name name, ExecUnit unit, const Names& n,
                   const ClockDomain& clk, const Program& program,
                   std::array<Scratchpad*, kOperands> pads, DmaEngine& dma, CompletionBook& fills,
                   CompletionBook& stores, StatRegistry& stats)
    : sc_module(name),
      cmds("cmds"),
      clk_(clk),
      unit_(unit),
      track_(n.track),
      program_(program),
      pads_(pads),
      dma_(dma),
      fills_(fills),
      stores_(stores),
      stall_latency_(
          stats.add(std::string(n.prefix) + ".stall_latency_cycles", "cycles",
                    std::string("stalls of ") + n.who + " charged to fixed memory-path latency")),
      stall_noc_(stats.add(std::string(n.prefix) + ".stall_noc_cycles", "cycles",
                           std::string("stalls of ") + n.who +
                               " charged to waiting for / occupying the interconnect")),
      stall_dram_(stats.add(std::string(n.prefix) + ".stall_dram_cycles", "cycles",
                            std::string("stalls of ") + n.who +
                                " charged to DRAM bandwidth: queueing and transferring")),
      stall_bank_(
          stats.add(std::string(n.prefix) + ".stall_bank_cycles", "cycles",
                    std::string("stalls of ") + n.who +
                        " on scratchpad bank ports: oversubscribed, or copying a kept output")) {
    for (size_t o = 0; o < kOperands; ++o) {
        const std::string op = to_string(static_cast<Operand>(o));
        stall_[o] =
            &stats.add(std::string(n.prefix) + ".stall_" + op + "_cycles", "cycles",
                       std::string("cycles ") + n.who + " waited for the " + op + " scratchpad");
    }
    SC_THREAD(run);
}

StepUnit::Reading StepUnit::reading(const StatSpan& s) const {
    Reading r;
    read_work(s, r);
    for (size_t o = 0; o < kOperands; ++o) r.stall[o] = s(*stall_[o]);
    r.latency = s(stall_latency_);
    r.interconnect = s(stall_noc_);
    r.bandwidth = s(stall_dram_);
    r.bank = s(stall_bank_);
    return r;
}

void StepUnit::advance(int64_t cycles, Counter& on) {
    if (cycles <= 0) return;
    sc_core::wait(clk_.cycles(cycles));
    on.add(cycles);
}

template <typename F>
void StepUnit::stall_until(F done, Counter& stall, const char* what) {
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    activity.open(start.value());   // the other unit's forgetting keeps this stall's past
    const TransferDone d = done();  // may block until the transfer is issued or space frees
    const sc_core::sc_time ready = std::max(d.at, sc_core::sc_time_stamp());
    const int64_t cycles = clk_.cycles_to_cover(ready - start);
    const sc_core::sc_time until = start + clk_.cycles(cycles);
    if (until > sc_core::sc_time_stamp()) {
        waiting(true);
        sc_core::wait(until - sc_core::sc_time_stamp());
        waiting(false);
    }
    stall.add(cycles);
    activity.forget_before(start.value());
    const StallSplit s =
        split_stall(cycles, classify_stall(start.value(), until.value(), activity));
    activity.close(start.value());
    stall_latency_.add(s.latency);
    stall_noc_.add(s.interconnect);
    stall_dram_.add(s.bandwidth);
    stall_bank_.add(s.bank);
    if (trace && cycles > 0) trace->span(track_, std::string("stall: ") + what, start, until);
}

void StepUnit::settle_bank_ports(const StepCmd& c, const StepStart& start) {
    const int64_t had = clk_.cycles_to_cover(sc_core::sc_time_stamp() - start.at);
    int64_t worst = 0;
    size_t worst_op = 0;
    for (size_t o = 0; o < kOperands; ++o) {
        const int64_t reads =
            c.sram_read_bytes[o] + pads_[o]->dma_read_bytes() - start.dma_bytes[2 * o];
        const int64_t writes =
            (o == static_cast<size_t>(Operand::ofmap) ? c.sram_write_bytes_ofmap : 0) +
            pads_[o]->dma_write_bytes() - start.dma_bytes[2 * o + 1];
        const int64_t over = pads_[o]->cycles_needed(reads, writes) - had;
        if (over > worst) {
            worst = over;
            worst_op = o;
        }
    }
    if (worst <= 0) return;
    const sc_core::sc_time from = sc_core::sc_time_stamp();
    waiting(true);
    sc_core::wait(clk_.cycles(worst));
    waiting(false);
    if (trace) trace->span(track_, "stall: bank ports", from, sc_core::sc_time_stamp());
    stall_[worst_op]->add(worst);
    stall_bank_.add(worst);
    pads_[worst_op]->add_conflict_cycles(worst);
}

void StepUnit::run() {
    for (int64_t layer = 0; layer < program_.num_layers(); ++layer) {
        const LayerInfo& info = program_.layer(layer);
        if (info.unit != unit_) continue;  // the other unit's
        next_fill_ = 0;
        layer_ = layer;
        begin_layer(info);
        for (int64_t j = 0; j < info.steps; ++j) execute(cmds.read());
        finish_layer();
    }
}

void StepUnit::execute(const StepCmd& c) {
    static constexpr const char* kWhat[kOperands] = {"ifmap", "filter", "psum"};
    StepStart start;
    start.at = sc_core::sc_time_stamp();
    activity.forget_before(start.at.value());  // no stall of this step or later reaches back
    for (size_t o = 0; o < kOperands; ++o) {
        start.dma_bytes[2 * o] = pads_[o]->dma_read_bytes();
        start.dma_bytes[2 * o + 1] = pads_[o]->dma_write_bytes();
    }
    for (int64_t k = 0; k < c.fills; ++k, ++next_fill_) {
        const int64_t id = next_fill_;
        const size_t o = static_cast<size_t>(c.fill_op[std::min<int64_t>(k, kOperands - 1)]);
        CompletionBook& book = ahead && ahead->has(layer_, id) ? ahead->book(layer_) : fills_;
        stall_until([&] { return book.wait_done(id); }, *stall_[o], kWhat[o]);
    }
    take_output_space(c);
    work(c, start);
    give_back(c);
}

void StepUnit::take_output_space(const StepCmd& c) {
    if (c.store.id < 0) return;
    Scratchpad& out = *pads_[static_cast<size_t>(Operand::ofmap)];
    if (out.space().account().fits(c.store.bytes)) {
        out.space().acquire(c.store.bytes);
        return;
    }
    // Both output buffers hold data not yet written: something now waits for those stores.
    dma_.expedite_stores(c.store.id - 1, c.index);
    stall_until(
        [&] {
            out.space().acquire(c.store.bytes);
            return out.space().freed_by();
        },
        *stall_[static_cast<size_t>(Operand::ofmap)], "output space");
}

void StepUnit::give_back(const StepCmd& c) {
    for (size_t o = 0; o < kOperands; ++o) {
        pads_[o]->array_read(c.sram_read_bytes[o]);
        pads_[o]->space().release(c.release[o]);
    }
    Scratchpad& out = *pads_[static_cast<size_t>(Operand::ofmap)];
    out.array_write(c.sram_write_bytes_ofmap);
    if (c.store.id < 0) return;
    DmaRequest r;
    r.stream = DmaStream::ofmap_drain;
    r.id = c.store.id;
    r.priority = kLowUrgency;  // until something waits for its space or data
    r.bytes = c.store.bytes;
    r.addr = c.store.addr;
    r.local = c.store.kept;
    dma_.enqueue(std::move(r));
    last_store_ = c.store.id;
    // The output buffers are full: the next store would wait for these to drain.
    if (!out.space().account().fits(c.store.bytes)) dma_.expedite_stores(c.store.id, c.index + 1);
}

// The layer ends when its last output has reached DRAM.
void StepUnit::finish_layer() {
    stall_until(
        [&] {
            TransferDone last{sc_core::sc_time_stamp()};
            if (last_store_ < 0) return last;
            const TransferDone d = stores_.wait_done_through(last_store_);
            return d.at >= last.at ? d : last;
        },
        *stall_[static_cast<size_t>(Operand::ofmap)], "final stores");
    last_store_ = -1;
    layer_done_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace sasim
