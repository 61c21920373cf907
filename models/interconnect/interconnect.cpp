#include "models/interconnect/interconnect.hpp"

#include <algorithm>
#include <string>

#include "models/common/transfer.hpp"

namespace sasim {

Interconnect::Interconnect(sc_core::sc_module_name name, const InterconnectParams& p,
                           const ClockDomain& clk, StatRegistry& stats)
    : sc_module(name),
      target("target"),
      initiator("initiator"),
      p_(p),
      clk_(clk),
      latency_(clk.cycles(p.latency_cycles)),
      responses_("responses"),
      bytes_(stats.add("noc.bytes", "B", "bytes carried between DMA and DRAM")),
      busy_cycles_(stats.add("noc.busy_cycles", "cycles", "cycles the link was occupied")) {
    target.register_nb_transport_fw(this, &Interconnect::nb_transport_fw);
    target.register_b_transport(this, &Interconnect::b_transport);
    initiator.register_nb_transport_bw(this, &Interconnect::nb_transport_bw);
    SC_METHOD(respond);
    sensitive << responses_.get_event();
    dont_initialize();
}

sc_core::sc_time Interconnect::occupy(const sc_core::sc_time& t, tlm::tlm_generic_payload& tr) {
    const int64_t bytes = tr.get_data_length();
    if (!limited()) return t;
    const int64_t cycles = (bytes + p_.bytes_per_cycle - 1) / p_.bytes_per_cycle;
    const sc_core::sc_time start = std::max(t, free_at_);
    free_at_ = start + clk_.cycles(cycles);
    busy_cycles_.add(cycles);
    if (trace) trace->span(kTrackNoc, std::to_string(bytes) + " B", start, free_at_);
    if (queue_log && start > t) queue_log->add(t.value(), start.value());
    if (bus_log) bus_log->add(start.value(), free_at_.value());
    if (TransferInfo* info = tr.get_extension<TransferInfo>())
        if (meter) meter(info->stream, bytes, start, free_at_);
    return free_at_;
}

tlm::tlm_sync_enum Interconnect::nb_transport_fw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                                 sc_core::sc_time& delay) {
    if (ph == tlm::BEGIN_REQ) {
        bytes_.add(t.get_data_length());
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        if (t.is_write()) delay = occupy(now + delay, t) - now;
        delay += latency_;
    }
    const bool read_req = ph == tlm::BEGIN_REQ && t.is_read();
    const tlm::tlm_sync_enum s = initiator->nb_transport_fw(t, ph, delay);
    if (s != tlm::TLM_COMPLETED || !read_req || !limited()) return s;
    // The target answered at once: its data reaches the link at now + delay; cross it then.
    if (t.has_mm()) t.acquire();
    responses_.notify(t, delay);
    ph = tlm::END_REQ;
    delay = sc_core::SC_ZERO_TIME;
    return tlm::TLM_UPDATED;
}

tlm::tlm_sync_enum Interconnect::nb_transport_bw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                                 sc_core::sc_time& delay) {
    if (ph == tlm::BEGIN_RESP && t.is_read() && limited()) {
        if (t.has_mm()) t.acquire();
        responses_.notify(t, delay);
        ph = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    return target->nb_transport_bw(t, ph, delay);
}

void Interconnect::respond() {
    while (tlm::tlm_generic_payload* t = responses_.get_next_transaction()) {
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        sc_core::sc_time delay = occupy(now, *t) - now;
        tlm::tlm_phase ph = tlm::BEGIN_RESP;
        target->nb_transport_bw(*t, ph, delay);
        if (t->has_mm()) t->release();
    }
}

// Loosely-timed path for a plain initiator: the same latencies and occupancy, computed at once.
void Interconnect::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    bytes_.add(t.get_data_length());
    if (t.is_write()) delay = occupy(now + delay, t) - now;
    delay += latency_;
    initiator->b_transport(t, delay);
    if (t.is_read()) delay = occupy(now + delay, t) - now;
}

}  // namespace sasim
