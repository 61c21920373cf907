// The on-chip link between the DMA engine and DRAM: an approximately-timed TLM-2.0
// pass-through with a width (bytes per cycle; 0 = unlimited) and a one-way latency. Write data
// crosses the link before DRAM (the request carries it), read data after DRAM delivers it; both
// share the link and occupy it one transfer after another in the order they reach it (read
// responses are queued until their arrival time, so a later write cannot overtake them).
// Arbitration between DMA streams happens in the DMA engine.
// Contract: forwards every phase; a target's early completion (TLM_COMPLETED) of a read becomes
// a BEGIN_RESP to the initiator once the data has crossed (a payload with a memory manager is
// held meanwhile; one without stays the initiator's, as the base protocol says). A
// TransferInfo extension is optional: its stream only labels the bytes for the timeline.
#pragma once
#include <tlm_utils/peq_with_get.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <functional>
#include <systemc>
#include <tlm>

#include "models/common/clock.hpp"
#include "models/common/activity_log.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/interconnect/interconnect_params.hpp"

namespace sasim {

class Interconnect : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Interconnect> target;
    tlm_utils::simple_initiator_socket<Interconnect> initiator;
    TraceSink* trace = nullptr;  // link occupancy spans when set
    // Bytes crossing the link over time, when the link is the memory path's metered stage.
    std::function<void(int stream, int64_t bytes, const sc_core::sc_time& begin,
                       const sc_core::sc_time& end)>
        meter;
    // For stall causes, when set: packets waiting for the link, and the link carrying one.
    ActivityLog* queue_log = nullptr;
    ActivityLog* bus_log = nullptr;

    SC_HAS_PROCESS(Interconnect);
    Interconnect(sc_core::sc_module_name name, const InterconnectParams& p, const ClockDomain& clk,
                 StatRegistry& stats);

    // What the link's counters say over an interval.
    struct Reading {
        int64_t bytes = 0, busy_cycles = 0;
    };
    Reading reading(const StatSpan& s) const { return {s(bytes_), s(busy_cycles_)}; }

private:
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                       sc_core::sc_time& delay);
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                       sc_core::sc_time& delay);
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
    void respond();  // read data whose arrival time has come crosses the link
    // Occupies the link for `bytes` from no earlier than `t`; returns when the link is done.
    sc_core::sc_time occupy(const sc_core::sc_time& t, tlm::tlm_generic_payload& tr);
    bool limited() const { return p_.bytes_per_cycle > 0; }

    InterconnectParams p_;
    const ClockDomain& clk_;
    sc_core::sc_time latency_;
    sc_core::sc_time free_at_ = sc_core::SC_ZERO_TIME;
    tlm_utils::peq_with_get<tlm::tlm_generic_payload> responses_;
    Counter& bytes_;
    Counter& busy_cycles_;
};

}  // namespace sasim
