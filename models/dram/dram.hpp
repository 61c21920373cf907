// SystemC shell of the single-channel off-chip memory models (ideal, bandwidth): a TLM-2.0
// target that asks its timing core when each access completes. Approximately timed, it answers
// every BEGIN_REQ at once with TLM_COMPLETED and the completion as the annotated delay (the
// core serves requests in the order they arrive, so completions never pass each other);
// loosely timed (b_transport), it adds the same delay. A TransferInfo extension is optional:
// its stream only labels the bytes for the timeline.
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include <functional>
#include <memory>
#include <systemc>
#include <tlm>

#include "models/common/activity_log.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/dram/dram_reading.hpp"
#include "models/dram/dram_timing.hpp"

namespace sasim {

class Dram : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Dram> socket;
    TraceSink* trace = nullptr;  // data-bus busy spans when set
    // Bytes moving on the data bus over time (begin to end of an access's bursts).
    std::function<void(int stream, int64_t bytes, const sc_core::sc_time& begin,
                       const sc_core::sc_time& end)>
        meter;

    // For stall causes, when set: requests waiting for the data bus, and the bus transferring.
    ActivityLog* queue_log = nullptr;
    ActivityLog* bus_log = nullptr;

    Dram(sc_core::sc_module_name name, std::unique_ptr<DramTiming> timing, StatRegistry& stats);
    DramReading reading(const StatSpan& s) const {
        DramReading r;
        r.read_bytes = s(read_bytes_);
        r.write_bytes = s(write_bytes_);
        r.bursts = s(bursts_);
        return r;
    }

private:
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                       sc_core::sc_time& delay);
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
    // Serves an access arriving at now + delay; returns the delay to its completion.
    sc_core::sc_time serve(tlm::tlm_generic_payload& t, const sc_core::sc_time& delay);

    std::unique_ptr<DramTiming> timing_;
    Counter& read_bytes_;
    Counter& write_bytes_;
    Counter& bursts_;
    Counter& busy_fs_;
};

}  // namespace sasim
