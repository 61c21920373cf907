#include "models/dram/dram.hpp"

#include <string>

#include "models/common/transfer.hpp"

namespace sasim {

Dram::Dram(sc_core::sc_module_name name, std::unique_ptr<DramTiming> timing, StatRegistry& stats)
    : sc_module(name),
      socket("socket"),
      timing_(std::move(timing)),
      read_bytes_(stats.add("dram.read_bytes", "B", "bytes read from DRAM")),
      write_bytes_(stats.add("dram.write_bytes", "B", "bytes written to DRAM")),
      bursts_(stats.add("dram.bursts", "bursts", "bursts transferred")),
      busy_fs_(stats.add("dram.busy_fs", "fs", "time the DRAM data bus was transferring")) {
    socket.register_nb_transport_fw(this, &Dram::nb_transport_fw);
    socket.register_b_transport(this, &Dram::b_transport);
}

sc_core::sc_time Dram::serve(tlm::tlm_generic_payload& t, const sc_core::sc_time& delay) {
    const sc_core::sc_time arrival = sc_core::sc_time_stamp() + delay;
    const bool write = t.is_write();
    const int64_t bytes = t.get_data_length();
    const int64_t bursts_before = timing_->bursts();
    const uint64_t busy_before = timing_->busy_fs();
    const uint64_t done = timing_->access(arrival.value(), t.get_address(), bytes, write);
    const uint64_t busy = timing_->busy_fs() - busy_before;
    (write ? write_bytes_ : read_bytes_).add(bytes);
    bursts_.add(timing_->bursts() - bursts_before);
    busy_fs_.add(static_cast<int64_t>(busy));
    t.set_response_status(tlm::TLM_OK_RESPONSE);
    const uint64_t lat = timing_->latency_fs();
    const sc_core::sc_time end = sc_core::sc_time::from_value(done - lat);  // data bus done
    const sc_core::sc_time begin = end - sc_core::sc_time::from_value(busy);
    if (queue_log && begin > arrival) queue_log->add(arrival.value(), begin.value());
    if (bus_log) bus_log->add(begin.value(), end.value());
    if (TransferInfo* info = t.get_extension<TransferInfo>())
        if (meter) meter(info->stream, bytes, begin, end);
    if (trace && busy > 0)
        trace->span(kTrackDram, (write ? "write " : "read ") + std::to_string(bytes) + " B", begin,
                    end);
    return sc_core::sc_time::from_value(done) - sc_core::sc_time_stamp();
}

tlm::tlm_sync_enum Dram::nb_transport_fw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                         sc_core::sc_time& delay) {
    if (ph != tlm::BEGIN_REQ) return tlm::TLM_ACCEPTED;
    delay = serve(t, delay);
    ph = tlm::BEGIN_RESP;
    return tlm::TLM_COMPLETED;
}

void Dram::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
    delay = serve(t, delay);
}

}  // namespace sasim
