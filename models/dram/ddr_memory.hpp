// SystemC shell of the bank-level DRAM (DdrDram) in its own clock domain: a TLM target that
// splits each transfer into bursts and reports the transfer's completion when its last burst
// completes. Bursts wait in a front-end buffer (one FIFO for reads, one for writes; the
// initiator's outstanding limit bounds it; a transfer's bursts are one entry, expanded burst by
// burst as the controller takes them) and enter the controller's queues at the exact clock
// a slot frees, found by stepping the plain-C++ controller decision by decision. The SC_METHOD
// wakes only when a completion may be due and only while requests are outstanding (refresh of
// an idle DRAM is caught up on the next request).
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <systemc>
#include <tlm>
#include <unordered_map>
#include <vector>

#include "models/common/operand.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/common/transfer.hpp"
#include "models/dram/ddr_core.hpp"

namespace sasim {

class DdrMemory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<DdrMemory> socket;

    SC_HAS_PROCESS(DdrMemory);
    DdrMemory(sc_core::sc_module_name name, const DdrParams& p, StatRegistry& stats);
    const DdrDram& core() const { return core_; }
    int64_t channels() const { return p_.channels; }
    // Data-bus spans of every column command, one track per channel (call before sc_start).
    void set_trace(TraceSink* t);
    // Per-burst records held: front-end entries (one a transfer) and bursts in the controller.
    size_t burst_records() const {
        return waiting_[0].size() + waiting_[1].size() + admitted_.size();
    }

private:
    struct Transfer {
        std::function<void(const TransferDone&)> on_done;
        int64_t bursts_left = 0;
        uint64_t last_clk = 0;
        bool write = false;
    };
    // A transfer's bursts not yet in the controller: `left` of them, the next with this id and
    // address (ids and addresses increase by one and a burst).
    struct Waiting {
        uint64_t tid, id, addr;
        int64_t left;
    };
    struct Admitted {
        uint64_t tid, addr;
    };
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    void step();
    void advance_to(uint64_t clk);  // run the controller up to `clk`, deliver completions
    void admit();                   // move waiting bursts into the controller while it has room
    void deliver();
    void schedule();
    void sync_counters();
    uint64_t clk_now_ceil() const;
    sc_core::sc_time at_clk(uint64_t clk) const;

    DdrParams p_;
    DdrDram core_;
    TraceSink* trace_ = nullptr;
    uint64_t tck_fs_;
    uint64_t ran_to_ = 0;             // controller has run up to (not including) this clock
    std::deque<Waiting> waiting_[2];  // front-end buffer: reads, writes (one entry a transfer)
    uint64_t next_burst_ = 0, next_transfer_ = 0;
    std::unordered_map<uint64_t, Admitted> admitted_;  // bursts in the controller, by id
    std::unordered_map<uint64_t, Transfer> transfers_;
    std::vector<DdrCompletion> done_;
    sc_core::sc_event wake_;
    Counter& read_bytes_;
    Counter& write_bytes_;
    Counter& bursts_;
    Counter& busy_fs_;
    Counter& act_;
    Counter& pre_;
    Counter& ref_;
    Counter& rd_;
    Counter& wr_;
    Counter& rank_active_;
    Counter& rank_precharged_;
    Counter& row_hits_;
    Counter& row_misses_;
    Counter& row_conflicts_;
    Counter& latency_clk_;
    // Per DMA stream (by address region): bursts, and those that hit an open row.
    std::array<Counter*, kStreams> stream_bursts_{};
    std::array<Counter*, kStreams> stream_hits_{};
};

}  // namespace sasim
