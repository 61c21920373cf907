// The DMA engine: four streams (ifmap fill, filter fill, partial-sum fill, ofmap drain), each a
// FIFO of transfer requests. One arbiter thread cuts requests into packets and issues them round
// robin over the streams with pending work, keeping at most max_outstanding packets in flight;
// a request completes when its last packet does, and the engine records that time in the
// scratchpad's slot book. Leaves out: descriptor fetch and address generation costs.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <queue>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

#include "models/common/operand.hpp"
#include "models/common/stats.hpp"
#include "models/dma/dma_params.hpp"
#include "models/sram/scratchpad.hpp"

namespace sasim {

enum class DmaStream { ifmap_fill = 0, filter_fill = 1, psum_fill = 2, ofmap_drain = 3 };
constexpr int kDmaStreams = 4;

class DmaEngine : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<DmaEngine> mem;  // to the interconnect
    std::array<tlm_utils::simple_initiator_socket<DmaEngine>, kOperands> spm;  // scratchpads

    SC_HAS_PROCESS(DmaEngine);
    DmaEngine(sc_core::sc_module_name name, const DmaParams& p,
              std::array<Scratchpad*, kOperands> pads, StatRegistry& stats);

    // Queue a transfer of `bytes` for chunk `key`; completion goes to the scratchpad's fills
    // (fill streams) or drains (ofmap_drain) slot book.
    void enqueue(DmaStream s, int64_t key, int64_t bytes);

private:
    struct Request {
        int64_t key;
        int64_t remaining;
        sc_core::sc_time done;
    };
    void run();
    int pick_stream();
    void wait_for_slot();
    sc_core::sc_time issue_packet(DmaStream s, int64_t bytes);
    void complete(DmaStream s, const Request& r);

    DmaParams p_;
    std::array<Scratchpad*, kOperands> pads_;
    std::array<std::deque<Request>, kDmaStreams> queues_;
    std::array<uint64_t, kDmaStreams> next_addr_{};
    std::priority_queue<sc_core::sc_time, std::vector<sc_core::sc_time>,
                        std::greater<sc_core::sc_time>> inflight_;
    int rr_ = 0;
    sc_core::sc_event work_ev_;
    tlm::tlm_generic_payload trans_;
    std::vector<unsigned char> data_;
    Counter& packets_;
    std::array<Counter*, kDmaStreams> stream_bytes_{};
};

}  // namespace sasim
