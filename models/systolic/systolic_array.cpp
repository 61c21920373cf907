#include "models/systolic/systolic_array.hpp"

#include <algorithm>
#include <string>

namespace sasim {

SystolicArray::SystolicArray(sc_core::sc_module_name name, const ClockDomain& clk,
                             const Program& program, std::array<Scratchpad*, kOperands> pads,
                             DmaEngine& dma, StatRegistry& stats)
    : sc_module(name),
      cmds("cmds"),
      clk_(clk),
      program_(program),
      pads_(pads),
      dma_(dma),
      load_(stats.add("array.load_cycles", "cycles", "shifting stationary operands into PEs")),
      stream_(stats.add("array.stream_cycles", "cycles", "streaming operands through the PEs")),
      skew_(stats.add("array.skew_cycles", "cycles", "pipeline fill and drain per fold")),
      stall_latency_(stats.add("array.stall_latency_cycles", "cycles",
                               "stalls charged to fixed memory-path latency")),
      stall_noc_(stats.add("array.stall_noc_cycles", "cycles",
                           "stalls charged to waiting for / occupying the interconnect")),
      stall_dram_(stats.add("array.stall_dram_cycles", "cycles",
                            "stalls charged to DRAM bandwidth: queueing and transferring")),
      stall_bank_(stats.add("array.stall_bank_cycles", "cycles",
                            "stalls on oversubscribed scratchpad bank ports")) {
    for (int o = 0; o < kOperands; ++o) {
        const std::string op = to_string(static_cast<Operand>(o));
        stall_[o] = &stats.add("array.stall_" + op + "_cycles", "cycles",
                               "cycles the array waited for the " + op + " scratchpad");
    }
    SC_THREAD(run);
}

void SystolicArray::advance(int64_t cycles, Counter& on, int state) {
    if (cycles <= 0) return;
    show(state);
    sc_core::wait(clk_.cycles(cycles));
    on.add(cycles);
}

template <typename F>
void SystolicArray::stall_until(F done, Counter& stall) {
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    const TransferDone d = done();  // may block until the transfer is issued
    const sc_core::sc_time ready = std::max(d.at, sc_core::sc_time_stamp());
    const int64_t cycles = clk_.cycles_to_cover(ready - start);
    const sc_core::sc_time until = start + clk_.cycles(cycles);
    if (until > sc_core::sc_time_stamp()) {
        show(4);
        sc_core::wait(until - sc_core::sc_time_stamp());
        show(0);
    }
    stall.add(cycles);
    charge_cause(cycles, d);
    if (trace && cycles > 0) {
        // "array.stall_ifmap_cycles" -> "stall: ifmap"
        const std::string& n = stall.name;
        const size_t a = n.find("stall_") + 6, b = n.rfind("_cycles");
        trace->span(kTrackArray, "stall: " + n.substr(a, b - a), start, until);
    }
}

// The tail of the awaited transfer is its fixed latency; before that it waited for or crossed
// the interconnect; everything earlier was DRAM queueing and transfer (bandwidth). A stall is
// charged from the tail backwards.
void SystolicArray::charge_cause(int64_t cycles, const TransferDone& d) {
    const int64_t lat = std::min(cycles, clk_.cycles_to_cover(d.latency));
    const int64_t noc = std::min(cycles - lat, clk_.cycles_to_cover(d.noc));
    stall_latency_.add(lat);
    stall_noc_.add(noc);
    stall_dram_.add(cycles - lat - noc);
}

void SystolicArray::settle_bank_ports(const ChunkCmd& c, const sc_core::sc_time& start,
                                      const std::array<int64_t, 2 * kOperands>& dma_before) {
    const int64_t had = clk_.cycles_to_cover(sc_core::sc_time_stamp() - start);
    int64_t worst = 0, worst_op = 0;
    for (int o = 0; o < kOperands; ++o) {
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
    show(4);
    sc_core::wait(clk_.cycles(worst));
    show(2);
    if (trace) trace->span(kTrackArray, "stall: bank ports", from, sc_core::sc_time_stamp());
    stall_[worst_op]->add(worst);
    stall_bank_.add(worst);
    pads_[worst_op]->add_conflict_cycles(worst);
}

void SystolicArray::run() {
    for (int64_t layer = 0; layer < program_.num_layers(); ++layer) {
        const int64_t chunks = program_.layer(layer).chunks;
        for (int64_t j = 0; j < chunks; ++j) execute(cmds.read());
        finish_layer();
    }
}

void SystolicArray::execute(const ChunkCmd& c) {
    auto fill = [&](Operand o, int64_t key) {
        stall_until([&] { return pads_[static_cast<int>(o)]->fills().wait_done(key); },
                    *stall_[static_cast<int>(o)]);
    };
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    std::array<int64_t, 2 * kOperands> dma_before{};
    for (int o = 0; o < kOperands; ++o) {
        dma_before[2 * o] = pads_[o]->dma_read_bytes();
        dma_before[2 * o + 1] = pads_[o]->dma_write_bytes();
    }
    if (c.first_in_fold) {
        fold_first_ = c.index;
        fold_start_ = start;
        for (int o = 0; o < kOperands; ++o)
            if (c.stationary[o]) fill(static_cast<Operand>(o), c.index);
        advance(c.load_cycles, load_, 1);
    }
    for (int o = 0; o < kOperands; ++o)
        if (!c.stationary[o] && needs_fill(c, static_cast<Operand>(o)))
            fill(static_cast<Operand>(o), c.index);
    Scratchpad& out = *pads_[static_cast<int>(Operand::ofmap)];
    if (c.store_bytes > 0 && open_stores_.size() == 2) {  // both output buffers hold data
        const int64_t oldest = open_stores_.front();
        open_stores_.pop_front();
        stall_until([&] { return out.drains().wait_done(oldest); }, *stall_[2]);
    }
    advance(c.stream_cycles, stream_, 2);
    settle_bank_ports(c, start, dma_before);
    advance(c.skew_cycles, skew_, 3);
    show(0);
    if (trace && c.last_in_fold)
        trace->span(kTrackArray, "fold " + std::to_string(c.fold), fold_start_,
                    sc_core::sc_time_stamp());
    for (int o = 0; o < kOperands; ++o) {
        pads_[o]->array_read(c.sram_read_bytes[o]);
        if (!c.stationary[o] && needs_fill(c, static_cast<Operand>(o)))
            pads_[o]->fills().release(c.index);
        else if (c.stationary[o] && c.last_in_fold)
            pads_[o]->fills().release(fold_first_);
    }
    out.array_write(c.sram_write_bytes_ofmap);
    if (c.store_bytes > 0) {
        dma_.enqueue(DmaStream::ofmap_drain, c.index, c.store_bytes);
        open_stores_.push_back(c.index);
        last_store_ = c.index;
    }
}

// The layer ends when its last output has reached DRAM.
void SystolicArray::finish_layer() {
    Scratchpad& out = *pads_[static_cast<int>(Operand::ofmap)];
    stall_until(
        [&] {
            TransferDone last{sc_core::sc_time_stamp(), sc_core::SC_ZERO_TIME,
                              sc_core::SC_ZERO_TIME};
            if (last_store_ < 0) return last;
            // Every drain done; the latest of them (ties: the later chunk), if not before now.
            const TransferDone d = out.drains().wait_done_through(last_store_);
            return d.at >= last.at ? d : last;
        },
        *stall_[2]);
    open_stores_.clear();
    last_store_ = -1;
    layer_done_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace sasim
