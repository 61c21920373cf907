#include "models/dram/dram.hpp"

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
    socket.register_b_transport(this, &Dram::b_transport);
}

void Dram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const uint64_t arrival = (now + delay).value();
    const bool write = trans.get_command() == tlm::TLM_WRITE_COMMAND;
    const int64_t bytes = trans.get_data_length();
    const int64_t bursts_before = timing_->bursts();
    const uint64_t busy_before = timing_->busy_fs();
    const uint64_t done = timing_->access(arrival, trans.get_address(), bytes, write);
    (write ? write_bytes_ : read_bytes_).add(bytes);
    bursts_.add(timing_->bursts() - bursts_before);
    busy_fs_.add(static_cast<int64_t>(timing_->busy_fs() - busy_before));
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    // Completion is known at once: report it now (the time may lie ahead).
    const sc_core::sc_time at = sc_core::sc_time::from_value(done);
    const sc_core::sc_time lat = sc_core::sc_time::from_value(timing_->latency_fs());
    const uint64_t busy = timing_->busy_fs() - busy_before;
    if (trace && busy > 0)
        trace->span(kTrackDram, (write ? "write " : "read ") + std::to_string(bytes) + " B",
                    at - lat - sc_core::sc_time::from_value(busy), at - lat);
    trans.get_extension<TransferExt>()->on_done(TransferDone{at, lat, sc_core::SC_ZERO_TIME});
}

}  // namespace sasim
