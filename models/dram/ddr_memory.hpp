// SystemC shell of the bank-level DRAM (DdrDram) in its own clock domain: an approximately-timed
// TLM-2.0 target that accepts every request at once (END_REQ; the initiator's outstanding limit
// bounds what it holds), splits it into bursts when it arrives (now + the annotated delay) and
// answers BEGIN_RESP when its last burst completes. A plain b_transport initiator is served the
// same way, its thread waiting for the completion. Bursts
// wait in an in-order front end (DdrFrontEnd: one FIFO for reads, one for writes; a transfer's
// bursts are one entry) and enter the controller's queues at the exact clock a slot frees. The SC_METHOD wakes only when
// a completion may be due and only while requests are outstanding (refresh of an idle DRAM is
// caught up on the next request).
#pragma once
#include <tlm_utils/peq_with_get.h>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <systemc>
#include <tlm>
#include <vector>

#include "models/common/activity_log.hpp"
#include "models/common/operand.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/common/transfer.hpp"
#include "models/dram/ddr_core.hpp"
#include "models/dram/ddr_front_end.hpp"
#include "models/dram/dram_reading.hpp"

namespace sasim {

class DdrMemory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<DdrMemory> socket;
    // Bytes moving on the data buses over time, one call per burst.
    std::function<void(int stream, int64_t bytes, const sc_core::sc_time& begin,
                       const sc_core::sc_time& end)>
        meter;
    // For stall causes, when set: while bursts waited in the DRAM beyond their row-hit latency
    // (from their transfer's arrival until their column command: queueing, opening rows,
    // refresh), one interval per burst, reported when the burst completes.
    ActivityLog* queue_log = nullptr;

    SC_HAS_PROCESS(DdrMemory);
    DdrMemory(sc_core::sc_module_name name, const DdrParams& p, StatRegistry& stats);
    int64_t channels() const { return p_.channels; }
    DramReading reading(const StatSpan& s) const;
    // Data-bus spans of every column command, one track per channel (call before sc_start).
    void set_trace(TraceSink* t);
    // Per-burst records held: front-end entries (one a transfer) and bursts in the controller.
    size_t burst_records() const {
        return front_.entries() + static_cast<size_t>(outstanding_ - front_.waiting_bursts());
    }

private:
    // A transfer in flight; its bursts have ids (tid << 32) + k, k = 0, 1, ...
    struct Transfer {
        tlm::tlm_generic_payload* payload = nullptr;
        sc_core::sc_event* blocking = nullptr;  // a b_transport caller waiting on it
        sc_core::sc_time arrival;
        uint64_t base = 0;
        int64_t bursts_left = 0;
        uint64_t last_clk = 0;
        int stream = 0;
        bool write = false, live = false;
    };
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                       sc_core::sc_time& delay);
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
    void arrive();  // requests whose arrival time has come enter the front end
    uint64_t accept(tlm::tlm_generic_payload& t);  // returns the transfer's id
    void respond(Transfer& t);
    void step();
    void advance_to(uint64_t clk);  // run the controller up to `clk`, deliver completions
    void deliver();
    void schedule();
    void sync_counters();
    uint64_t clk_now_ceil() const;
    sc_core::sc_time at_clk(uint64_t clk) const;
    Transfer& transfer(uint64_t tid) { return transfers_[tid - first_tid_]; }

    DdrParams p_;
    DdrDram core_;
    DdrFrontEnd front_;
    TraceSink* trace_ = nullptr;
    uint64_t tck_fs_;
    uint64_t ran_to_ = 0;             // controller has run up to (not including) this clock
    std::deque<Transfer> transfers_;  // by tid - first_tid_
    uint64_t first_tid_ = 0;
    uint64_t outstanding_ = 0;  // bursts offered and not completed
    std::vector<DdrCompletion> done_;
    sc_core::sc_event wake_;
    Counter& read_bytes_;
    Counter& write_bytes_;
    Counter& bursts_;
    Counter& busy_fs_;
    Counter& act_;
    Counter& pre_;
    Counter& ref_;
    Counter& row_hits_;
    Counter& row_misses_;
    Counter& row_conflicts_;
    Counter& latency_clk_;
    Counter& refpb_;
    Counter& rd_;
    Counter& wr_;
    Counter& rank_active_clk_;
    Counter& rank_precharged_clk_;
    // Per DMA stream (TransferInfo::stream): bursts, and those that hit an open row.
    std::array<Counter*, kStreams> stream_bursts_{};
    std::array<Counter*, kStreams> stream_hits_{};
    tlm_utils::peq_with_get<tlm::tlm_generic_payload> arrivals_;
};

}  // namespace sasim
