// What travels with a memory transfer: the TLM extension the DMA attaches to each packet (its
// stream, and where its time in flight went, filled in by every hop), and the completion of a
// whole DMA request (the sums over its packets).
//
// Contract: an extension is optional. A target or interconnect adds to the fields of a
// TransferInfo it finds on the payload and ignores a payload without one. Times are
// femtoseconds of simulated time; latency + link + dram of a packet equals its time from issue
// to completion (each hop accounts for the time it holds the packet).
#pragma once
#include <cstdint>
#include <systemc>
#include <tlm>

namespace sasim {

class TransferInfo : public tlm::tlm_extension<TransferInfo> {
public:
    int stream = 0;            // the DMA stream (DmaStream), for per-stream DRAM statistics
    int64_t tag = 0;           // the initiator's own (the DMA: its request handle)
    double latency_fs = 0;     // fixed latencies (link, DRAM's unloaded access)
    double link_fs = 0;        // waiting for and occupying the interconnect
    double dram_fs = 0;        // DRAM queueing and transfer beyond its unloaded latency

    void reset(int s, int64_t t) {
        stream = s;
        tag = t;
        latency_fs = link_fs = dram_fs = 0;
    }
    tlm::tlm_extension_base* clone() const override { return new TransferInfo(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const TransferInfo&>(other);
    }
};

// A DMA request completed: when, and where its packets' time in flight went (summed).
struct TransferDone {
    sc_core::sc_time at;
    double latency_fs = 0, link_fs = 0, dram_fs = 0;
    double in_flight_fs() const { return latency_fs + link_fs + dram_fs; }
};

}  // namespace sasim
