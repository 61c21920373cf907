// SystemC shell of the off-chip memory: a passive TLM target that asks its timing core when
// each access completes and returns that as the annotated delay.
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <systemc>
#include <tlm>

#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/dram/dram_timing.hpp"

namespace sasim {

class Dram : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Dram> socket;
    TraceSink* trace = nullptr;  // data-bus busy spans when set

    Dram(sc_core::sc_module_name name, std::unique_ptr<DramTiming> timing, StatRegistry& stats);
    const DramTiming& timing() const { return *timing_; }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

    std::unique_ptr<DramTiming> timing_;
    Counter& read_bytes_;
    Counter& write_bytes_;
    Counter& bursts_;
    Counter& busy_fs_;
};

}  // namespace sasim
