// The on-chip link between the DMA engine and DRAM: a passive TLM pass-through with a width
// (bytes per cycle; 0 = unlimited) and a latency. Transfers occupy the link one after another
// in the order they arrive; read data crosses after DRAM delivers it, write data before.
// Arbitration between DMA streams happens in the DMA engine (round robin per packet).
#pragma once
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <systemc>
#include <tlm>

#include "models/common/clock.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/interconnect/interconnect_params.hpp"

namespace sasim {

class Interconnect : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Interconnect> target;
    tlm_utils::simple_initiator_socket<Interconnect> initiator;
    TraceSink* trace = nullptr;  // link occupancy spans when set

    Interconnect(sc_core::sc_module_name name, const InterconnectParams& p, const ClockDomain& clk,
                 StatRegistry& stats);

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    // Occupies the link for `bytes` from no earlier than `t`; returns when the link is done.
    sc_core::sc_time occupy(const sc_core::sc_time& t, int64_t bytes);

    InterconnectParams p_;
    const ClockDomain& clk_;
    sc_core::sc_time free_at_ = sc_core::SC_ZERO_TIME;
    Counter& bytes_;
    Counter& busy_cycles_;
};

}  // namespace sasim
