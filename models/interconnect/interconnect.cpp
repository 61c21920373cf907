#include "models/interconnect/interconnect.hpp"

#include <algorithm>

#include "models/common/transfer.hpp"

namespace sasim {

Interconnect::Interconnect(sc_core::sc_module_name name, const InterconnectParams& p,
                           const ClockDomain& clk, StatRegistry& stats)
    : sc_module(name),
      target("target"),
      initiator("initiator"),
      p_(p),
      clk_(clk),
      bytes_(stats.add("noc.bytes", "B", "bytes carried between DMA and DRAM")),
      busy_cycles_(stats.add("noc.busy_cycles", "cycles", "cycles the link was occupied")) {
    target.register_b_transport(this, &Interconnect::b_transport);
}

sc_core::sc_time Interconnect::occupy(const sc_core::sc_time& t, int64_t bytes) {
    if (p_.bytes_per_cycle == 0) return t;
    const int64_t cycles = (bytes + p_.bytes_per_cycle - 1) / p_.bytes_per_cycle;
    const sc_core::sc_time start = std::max(t, free_at_);
    free_at_ = start + clk_.cycles(cycles);
    busy_cycles_.add(cycles);
    if (trace) trace->span(kTrackNoc, std::to_string(bytes) + " B", start, free_at_);
    return free_at_;
}

// Writes cross the link before DRAM; read data crosses after DRAM delivers it, so the
// completion reported upstream is the DRAM's plus the link's wait, occupancy and latency.
void Interconnect::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time latency = clk_.cycles(p_.latency_cycles);
    const int64_t bytes = trans.get_data_length();
    bytes_.add(bytes);
    TransferExt* ext = trans.get_extension<TransferExt>();
    auto upstream = ext->on_done;
    if (trans.get_command() == tlm::TLM_WRITE_COMMAND) {
        const sc_core::sc_time arrive = now + delay;
        const sc_core::sc_time crossed = occupy(arrive, bytes) + latency;
        const sc_core::sc_time noc = crossed - arrive - latency;
        ext->on_done = [upstream, noc, latency](const TransferDone& d) {
            upstream(TransferDone{d.at, d.latency + latency, d.noc + noc});
        };
        delay = crossed - now;
    } else {
        ext->on_done = [this, upstream, bytes, latency](const TransferDone& d) {
            const sc_core::sc_time done = occupy(d.at, bytes);
            upstream(TransferDone{done, d.latency + latency, d.noc + (done - d.at)});
        };
        delay += latency;
    }
    initiator->b_transport(trans, delay);
    ext->on_done = upstream;
}

}  // namespace sasim
