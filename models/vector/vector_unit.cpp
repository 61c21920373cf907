#include "models/vector/vector_unit.hpp"

#include <algorithm>
#include <string>

#include "models/systolic/stall_attribution.hpp"

namespace sasim {

VectorUnit::VectorUnit(sc_core::sc_module_name name, const ClockDomain& clk, const Program& program,
                       std::array<Scratchpad*, kOperands> pads, DmaEngine& dma,
                       CompletionBook& fills, CompletionBook& stores, StatRegistry& stats)
    : sc_module(name),
      cmds("cmds"),
      clk_(clk),
      program_(program),
      pads_(pads),
      dma_(dma),
      fills_(fills),
      stores_(stores),
      compute_(stats.add("vector.compute_cycles", "cycles", "lanes working on tiles")),
      pipeline_(stats.add("vector.pipeline_cycles", "cycles",
                          "per tile: scratchpad read latency, ALU stages and write")),
      stall_latency_(stats.add("vector.stall_latency_cycles", "cycles",
                               "vector unit stalls charged to fixed memory-path latency")),
      stall_noc_(stats.add("vector.stall_noc_cycles", "cycles",
                           "vector unit stalls charged to the interconnect")),
      stall_dram_(stats.add("vector.stall_dram_cycles", "cycles",
                            "vector unit stalls charged to DRAM bandwidth")),
      stall_bank_(stats.add("vector.stall_bank_cycles", "cycles",
                            "vector unit stalls on oversubscribed scratchpad bank ports")) {
    for (size_t o = 0; o < kOperands; ++o) {
        const std::string op = to_string(static_cast<Operand>(o));
        stall_[o] = &stats.add("vector.stall_" + op + "_cycles", "cycles",
                               "cycles the vector unit waited for the " + op + " scratchpad");
    }
    SC_THREAD(run);
}

void VectorUnit::advance(int64_t cycles, Counter& on) {
    if (cycles <= 0) return;
    sc_core::wait(clk_.cycles(cycles));
    on.add(cycles);
}

template <typename F>
void VectorUnit::stall_until(F done, Counter& stall, const char* what) {
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    activity.open(start.value());   // the array's forgetting keeps this stall's past
    const TransferDone d = done();  // may block until the transfer is issued or space frees
    const sc_core::sc_time ready = std::max(d.at, sc_core::sc_time_stamp());
    const int64_t cycles = clk_.cycles_to_cover(ready - start);
    const sc_core::sc_time until = start + clk_.cycles(cycles);
    if (until > sc_core::sc_time_stamp()) sc_core::wait(until - sc_core::sc_time_stamp());
    stall.add(cycles);
    activity.forget_before(start.value());
    const StallSplit s =
        split_stall(cycles, classify_stall(start.value(), until.value(), activity));
    activity.close(start.value());
    stall_latency_.add(s.latency);
    stall_noc_.add(s.interconnect);
    stall_dram_.add(s.bandwidth);
    if (trace && cycles > 0) trace->span(kTrackVector, std::string("stall: ") + what, start, until);
}

// The array's rule (SystolicArray::settle_bank_ports): the scratchpad whose ports needed the
// most cycles beyond the step's for its own and the DMA's accesses holds the unit that long.
void VectorUnit::settle_bank_ports(const StepCmd& c, const sc_core::sc_time& start,
                                   const std::array<int64_t, 2 * kOperands>& dma_before) {
    const int64_t had = clk_.cycles_to_cover(sc_core::sc_time_stamp() - start);
    int64_t worst = 0;
    size_t worst_op = 0;
    for (size_t o = 0; o < kOperands; ++o) {
        const int64_t reads = c.sram_read_bytes[o] + pads_[o]->dma_read_bytes() - dma_before[2 * o];
        const int64_t writes = (o == 2 ? c.sram_write_bytes_ofmap : 0) +
                               pads_[o]->dma_write_bytes() - dma_before[2 * o + 1];
        const int64_t over = pads_[o]->cycles_needed(reads, writes) - had;
        if (over > worst) {
            worst = over;
            worst_op = o;
        }
    }
    if (worst <= 0) return;
    const sc_core::sc_time from = sc_core::sc_time_stamp();
    sc_core::wait(clk_.cycles(worst));
    if (trace) trace->span(kTrackVector, "stall: bank ports", from, sc_core::sc_time_stamp());
    stall_[worst_op]->add(worst);
    stall_bank_.add(worst);
    pads_[worst_op]->add_conflict_cycles(worst);
}

void VectorUnit::run() {
    for (int64_t layer = 0; layer < program_.num_layers(); ++layer) {
        const LayerInfo& info = program_.layer(layer);
        if (info.unit != ExecUnit::vector) continue;  // the array's
        next_fill_ = 0;
        layer_ = layer;
        op_ = info.type.c_str();
        for (int64_t j = 0; j < info.steps; ++j) execute(cmds.read());
        finish_layer();
    }
}

// As the array: when the output buffers hold data not yet written, the stores ahead become
// urgent and the unit waits for their space.
void VectorUnit::take_output_space(const StepCmd& c) {
    if (c.store.id < 0) return;
    Scratchpad& out = *pads_[static_cast<size_t>(Operand::ofmap)];
    if (out.space().account().fits(c.store.bytes)) {
        out.space().acquire(c.store.bytes);
        return;
    }
    dma_.expedite_stores(c.store.id - 1, c.index);
    stall_until(
        [&] {
            out.space().acquire(c.store.bytes);
            return out.space().freed_by();
        },
        *stall_[2], "output space");
}

void VectorUnit::execute(const StepCmd& c) {
    static constexpr const char* kWhat[kOperands] = {"ifmap", "filter", "psum"};
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    activity.forget_before(start.value());  // no stall of this step or later reaches back
    std::array<int64_t, 2 * kOperands> dma_before{};
    for (size_t o = 0; o < kOperands; ++o) {
        dma_before[2 * o] = pads_[o]->dma_read_bytes();
        dma_before[2 * o + 1] = pads_[o]->dma_write_bytes();
    }
    for (int64_t k = 0; k < c.fills; ++k, ++next_fill_) {
        const int64_t id = next_fill_;
        const size_t o = static_cast<size_t>(c.fill_op[std::min<int64_t>(k, kOperands - 1)]);
        CompletionBook& book = ahead && ahead->has(layer_, id) ? ahead->book(layer_) : fills_;
        stall_until([&] { return book.wait_done(id); }, *stall_[o], kWhat[o]);
    }
    take_output_space(c);
    const sc_core::sc_time busy = sc_core::sc_time_stamp();
    advance(c.stream_cycles, compute_);
    settle_bank_ports(c, start, dma_before);
    advance(c.skew_cycles, pipeline_);
    if (trace)
        trace->span(kTrackVector, std::string(op_) + " tile " + std::to_string(c.index), busy,
                    sc_core::sc_time_stamp());
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
    dma_.enqueue(std::move(r));
    last_store_ = c.store.id;
    if (!out.space().account().fits(c.store.bytes)) dma_.expedite_stores(c.store.id, c.index + 1);
}

// The layer ends when its last output has reached DRAM.
void VectorUnit::finish_layer() {
    stall_until(
        [&] {
            TransferDone last{sc_core::sc_time_stamp()};
            if (last_store_ < 0) return last;
            const TransferDone d = stores_.wait_done_through(last_store_);
            return d.at >= last.at ? d : last;
        },
        *stall_[2], "final stores");
    last_store_ = -1;
    layer_done_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace sasim
