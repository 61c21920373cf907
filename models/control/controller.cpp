#include "models/control/controller.hpp"

#include <deque>
#include <utility>

namespace sasim {

Controller::Controller(sc_core::sc_module_name name, const Program& program,
                       std::array<Scratchpad*, kOperands> pads, DmaEngine& dma,
                       const sc_core::sc_event& layer_done)
    : sc_module(name),
      cmds("cmds"),
      program_(program),
      pads_(pads),
      dma_(dma),
      layer_done_(layer_done) {
    SC_THREAD(issue);
    SC_THREAD(prefetch_ifmap);
    SC_THREAD(prefetch_filter);
    SC_THREAD(prefetch_psum);
}

void Controller::issue() {
    for (int64_t layer = 0; layer < program_.num_layers(); ++layer) {
        for (Scratchpad* p : pads_) p->clear();
        if (boundary) boundary(layer, true);
        started_ = layer;
        started_ev_.notify(sc_core::SC_ZERO_TIME);
        if (probe) layer_sig.write(static_cast<int>(layer));
        const int64_t chunks = program_.layer(layer).chunks;
        for (int64_t j = 0; j < chunks; ++j) cmds->write(program_.chunk(layer, j));
        sc_core::wait(layer_done_);
        if (probe) layer_sig.write(-1);
        if (boundary) boundary(layer, false);
    }
}

void Controller::wait_layer_started(int64_t layer) {
    while (started_ < layer) sc_core::wait(started_ev_);
}

void Controller::prefetch(Operand o) {
    const int oi = static_cast<int>(o);
    const DmaStream stream = static_cast<DmaStream>(oi);  // ifmap, filter, psum fills
    Scratchpad& pad = *pads_[oi];
    Scratchpad& out = *pads_[static_cast<int>(Operand::ofmap)];
    for (int64_t layer = 0; layer < program_.num_layers(); ++layer) {
        wait_layer_started(layer);
        const LayerInfo& info = program_.layer(layer);
        std::deque<int64_t> held;  // fills that may still occupy a buffer slot
        const int64_t per_group = info.chunks / info.groups;
        int64_t last = -1;  // latest fill key of this stream
        // Fills not limited by slots are queued all at once; consecutive ones go to the DMA as
        // one run (built as the DMA reaches them), handed over before this thread waits or
        // queues anything else, so the DMA sees the same queue at the same time.
        int64_t run_from = 0, run_count = 0;
        auto flush = [&] {
            if (run_count == 0) return;
            dma_.enqueue_run(stream, run_count, [this, layer, o, oi, j = run_from]() mutable {
                for (;; ++j) {
                    const ChunkCmd c = program_.chunk(layer, j);
                    if (needs_fill(c, o)) return std::make_pair(j++, c.load_bytes[oi]);
                }
            });
            run_count = 0;
        };
        for (int64_t j = 0; j < info.chunks; ++j) {
            const ChunkCmd c = program_.chunk(layer, j);
            if (!needs_fill(c, o)) continue;
            const bool bounded = c.stationary[oi] || o == Operand::ofmap || !info.resident[oi];
            if (bounded) flush();
            if (bounded && static_cast<int64_t>(held.size()) >= info.slots[oi]) {
                pad.fills().wait_released(held.front());
                held.pop_front();
            }
            // A resident operand holds one group's share: the next group's data replaces it.
            if (!bounded && j % per_group == 0 && last >= 0) {
                flush();
                pad.fills().wait_released(last);
            }
            if (c.psum_after >= 0) {  // read back only what the earlier drain wrote
                flush();
                const sc_core::sc_time written = out.drains().wait_done(c.psum_after).at;
                if (written > sc_core::sc_time_stamp())
                    sc_core::wait(written - sc_core::sc_time_stamp());
            }
            if (bounded) {
                dma_.enqueue(stream, j, c.load_bytes[oi]);
                held.push_back(j);
            } else if (run_count++ == 0) {
                run_from = j;
            }
            last = j;
        }
        flush();
    }
}

}  // namespace sasim
