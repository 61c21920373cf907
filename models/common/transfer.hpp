// What travels with a memory transfer: the TLM extension the DMA attaches to each packet (its
// stream and the DMA's own tag), and the completion of a whole DMA request.
//
// Contract: an extension is optional. A target or interconnect reads the stream of a
// TransferInfo it finds on the payload (per-stream statistics) and works without one.
#pragma once
#include <cstdint>
#include <systemc>
#include <tlm>

namespace sasim {

class TransferInfo : public tlm::tlm_extension<TransferInfo> {
public:
    int stream = 0;            // the DMA stream (DmaStream), for per-stream DRAM statistics
    int64_t tag = 0;           // the initiator's own (the DMA: its request handle)

    void reset(int s, int64_t t) {
        stream = s;
        tag = t;
    }
    tlm::tlm_extension_base* clone() const override { return new TransferInfo(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const TransferInfo&>(other);
    }
};

// A DMA request completed: when.
struct TransferDone {
    sc_core::sc_time at;
};

}  // namespace sasim
