// SystemC shell of the DMA engine: an approximately-timed TLM-2.0 initiator. Its thread issues
// the packets the arbiter (dma_core.hpp) picks, one BEGIN_REQ each; a packet completes at its
// response (BEGIN_RESP, or TLM_COMPLETED on the forward path) plus the annotated delay. A fill
// completes when its last packet lands (its scratchpad counts the bytes; the fills book records
// the completion), a store when its last packet is written (the stores book records it and the
// ofmap scratchpad gets its bytes back). A fill of the next layer made early completes into
// the ahead book it names (set_ahead_books).
// The on-chip path (network.keep_ofmap; requests marked `local`, never given to the arbiter):
// a kept store completes at once, its outputs staying in the ofmap scratchpad (their space stays
// taken); a fill of a kept tensor is copied from the ofmap to the ifmap scratchpad, one copy at
// a time in arrival order, at the slower of the two scratchpads' port widths (in cycles of the
// clock set_copy_clock gives). A book's ids are
// issued in increasing order: a local request is issued the moment the id before it is.
// Leaves out: descriptor fetch costs; the copies' use of the bank ports is counted (the units'
// port accounting sees it) but they do not wait for the units' accesses.
#pragma once
#include <tlm_utils/peq_with_get.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <array>
#include <cstdint>
#include <deque>
#include <queue>
#include <systemc>
#include <tlm>
#include <vector>

#include "models/common/activity_log.hpp"
#include "models/common/clock.hpp"
#include "models/common/completion_book.hpp"
#include "models/common/operand.hpp"
#include "models/common/payload_pool.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/dma/dma_core.hpp"
#include "models/dma/dma_params.hpp"
#include "models/sram/scratchpad.hpp"

namespace sasim {

class DmaEngine : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<DmaEngine> mem;  // to the interconnect
    TraceSink* trace = nullptr;             // one span per request (queued to completed) when set
    ActivityLog* in_flight_log = nullptr;   // packets issued and not completed, when set
    ActivityLog* local_copy_log = nullptr;  // on-chip copies in progress, when set
    // For --vcd: packets in flight; kept only when probe is set, written by one method.
    sc_core::sc_signal<int> inflight_sig{"inflight_sig"};
    bool probe = false;

    SC_HAS_PROCESS(DmaEngine);
    DmaEngine(sc_core::sc_module_name name, const DmaParams& p,
              std::array<Scratchpad*, kOperands> pads, CompletionBook& fills,
              CompletionBook& stores, StatRegistry& stats);

    void enqueue(DmaRequest r);
    // Something waits at step `step` for stores up to `id` (their space or their data).
    void expedite_stores(int64_t id, int64_t step) {
        core_.expedite_stores(id, step);
        work_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    // The next layer's early fills are now as urgent as the steps that need them.
    void promote_early() {
        core_.promote_early();
        work_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    // Where fills with ahead_book 0 and 1 record their completions.
    void set_ahead_books(CompletionBook* a, CompletionBook* b) { ahead_books_ = {a, b}; }
    // The clock the on-chip copies count their cycles in (unset: a copy takes no time).
    void set_copy_clock(const ClockDomain* clk) { local_clk_ = clk; }
    size_t requests() const { return core_.requests(); }  // queued or in flight (tests)
    // What its counters say over an interval: bytes per stream (issued to memory), fills made
    // early and of those the bytes that landed, the on-chip path's copies and kept stores.
    struct Reading {
        int64_t stream_bytes[kDmaStreams] = {0, 0, 0, 0};
        int64_t early_bytes = 0, early_landed = 0, onchip_fill_bytes = 0, kept_bytes = 0;
        int64_t bytes(DmaStream st) const { return stream_bytes[static_cast<int>(st)]; }
    };
    Reading reading(const StatSpan& s) const;

private:
    void run();
    void run_local();
    void issue_local();
    void deliver();
    void write_probe();
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                       sc_core::sc_time& delay);
    void finish(const DmaRequest& r, const TransferDone& d, int64_t handle);
    Scratchpad& pad_of(DmaStream s);
    CompletionBook& fill_book(int ahead_book) {
        return ahead_book < 0 ? fills_ : *ahead_books_[static_cast<size_t>(ahead_book)];
    }

    DmaCore core_;
    std::array<Scratchpad*, kOperands> pads_;
    CompletionBook& fills_;
    CompletionBook& stores_;
    std::array<CompletionBook*, 2> ahead_books_{};
    PayloadPool pool_;
    tlm_utils::peq_with_get<tlm::tlm_generic_payload> done_peq_;
    bool end_req_pending_ = false;  // a target has not accepted the last request yet
    sc_core::sc_event work_ev_;
    sc_core::sc_event probe_ev_;
    int64_t inflight_ = 0;
    Counter& packets_;
    Counter& early_bytes_;
    Counter& early_landed_;
    std::array<Counter*, kDmaStreams> stream_bytes_{};
    // The on-chip path.
    std::deque<DmaRequest> local_fills_, kept_stores_;
    size_t local_issued_ = 0;     // of local_fills_, the first ones issued (copies may start)
    sc_core::sc_event local_ev_;  // a copy may start
    const ClockDomain* local_clk_ = nullptr;
    Counter& local_fill_bytes_;
    Counter& kept_bytes_;
};

}  // namespace sasim
