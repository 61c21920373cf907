#include "models/interconnect/interconnect.hpp"

#include <algorithm>

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
    return free_at_;
}

void Interconnect::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time latency = clk_.cycles(p_.latency_cycles);
    const int64_t bytes = trans.get_data_length();
    bytes_.add(bytes);
    if (trans.get_command() == tlm::TLM_WRITE_COMMAND) {
        const sc_core::sc_time crossed = occupy(now + delay, bytes) + latency;
        delay = crossed - now;
        initiator->b_transport(trans, delay);
    } else {
        delay += latency;
        initiator->b_transport(trans, delay);
        delay = occupy(now + delay, bytes) - now;
    }
}

}  // namespace sasim
