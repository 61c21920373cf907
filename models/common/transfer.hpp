// Completion of a memory transfer, reported asynchronously through a TLM extension: the
// initiator sets on_done; whichever target completes the transfer calls it exactly once (inside
// b_transport if it knows the time at once, later from its own process otherwise). Each hop
// adds where its time went, so a stall can be charged to latency, interconnect or DRAM.
#pragma once
#include <functional>
#include <systemc>
#include <tlm>

namespace sasim {

struct TransferDone {
    sc_core::sc_time at;       // data delivered (read) or written (write)
    sc_core::sc_time latency;  // fixed, unloaded latencies along the path
    sc_core::sc_time noc;      // waiting for and occupying the interconnect
};

class TransferExt : public tlm::tlm_extension<TransferExt> {
public:
    std::function<void(const TransferDone&)> on_done;

    tlm::tlm_extension_base* clone() const override { return new TransferExt(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        on_done = static_cast<const TransferExt&>(other).on_done;
    }
};

}  // namespace sasim
