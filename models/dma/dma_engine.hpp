// The DMA engine: four streams (ifmap fill, filter fill, partial-sum fill, ofmap drain), each a
// FIFO of transfer requests. One arbiter thread cuts requests into packets and issues them round
// robin over the streams with pending work, keeping at most max_outstanding packets in flight.
// Packets complete asynchronously (TransferExt); a request completes with its last packet, and
// the engine records that completion in the scratchpad's slot book. Each stream reads or writes
// its own contiguous, increasing address range. Leaves out: descriptor fetch costs.
#pragma once
#include <tlm_utils/simple_initiator_socket.h>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <systemc>
#include <tlm>
#include <utility>
#include <vector>

#include "models/common/operand.hpp"
#include "models/common/stats.hpp"
#include "models/common/trace_sink.hpp"
#include "models/common/transfer.hpp"
#include "models/dma/dma_params.hpp"
#include "models/sram/scratchpad.hpp"

namespace sasim {

enum class DmaStream { ifmap_fill = 0, filter_fill = 1, psum_fill = 2, ofmap_drain = 3 };
constexpr int kDmaStreams = 4;

// Receives every completed packet (for bandwidth-over-time reports).
using PacketObserver = std::function<void(DmaStream, int64_t bytes, const sc_core::sc_time& at)>;

class DmaEngine : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<DmaEngine> mem;  // to the interconnect
    std::array<tlm_utils::simple_initiator_socket<DmaEngine>, kOperands> spm;  // scratchpads
    PacketObserver observer;
    TraceSink* trace = nullptr;  // one span per request (queued to completed) when set
    // For --vcd: packets in flight (issued, completion time not reached); kept only when probe
    // is set, and written by one method (packets start in the DMA's thread, their completions
    // arrive from whichever process the memory delivers them in).
    sc_core::sc_signal<int> inflight_sig{"inflight_sig"};
    bool probe = false;

    SC_HAS_PROCESS(DmaEngine);
    DmaEngine(sc_core::sc_module_name name, const DmaParams& p,
              std::array<Scratchpad*, kOperands> pads, StatRegistry& stats);

    // Queue a transfer of `bytes` for chunk `key`; completion goes to the scratchpad's fills
    // (fill streams) or drains (ofmap_drain) slot book.
    void enqueue(DmaStream s, int64_t key, int64_t bytes);
    // Next transfer of a run: its key and bytes.
    using RunNext = std::function<std::pair<int64_t, int64_t>()>;
    // Queue `count` transfers at once, as `count` enqueue() calls now would (same order, same
    // queued time), but each is built by next() only when it reaches the front of its stream:
    // a run of any length holds one queue entry.
    void enqueue_run(DmaStream s, int64_t count, RunNext next);
    // Queue entries held over all streams (for tests: a run is one entry however long).
    size_t queue_entries() const {
        size_t n = 0;
        for (const auto& q : queues_) n += q.size();
        return n;
    }

private:
    // Queued transfers: (key, bytes), then `more` further ones from next(). A transfer becomes a
    // Request, and its key is issued in the slot book, when it reaches the front of its stream.
    struct Queued {
        int64_t key = 0, bytes = 0;
        int64_t more = 0;
        RunNext next;
        sc_core::sc_time queued;
    };
    struct Request {
        DmaStream stream;
        int64_t key;
        int64_t remaining;  // bytes not yet issued
        int64_t bytes = 0;
        sc_core::sc_time queued;
        int64_t pending = 0;  // packets issued but not completed
        TransferDone last;    // the latest packet completion so far
        bool completed = false;
    };
    void run();
    void write_probe();
    int pick_stream();
    std::shared_ptr<Request> take_front(int s);
    SlotBook& book(DmaStream s);
    void wait_for_slot();
    void issue_packet(const std::shared_ptr<Request>& r, int64_t bytes);
    void packet_done(const std::shared_ptr<Request>& r, int64_t bytes, const TransferDone& d);
    void complete(Request& r);

    DmaParams p_;
    std::array<Scratchpad*, kOperands> pads_;
    std::array<std::deque<Queued>, kDmaStreams> queues_;
    std::array<std::shared_ptr<Request>, kDmaStreams> front_;  // being cut into packets
    std::array<uint64_t, kDmaStreams> next_addr_{};
    int64_t unreported_ = 0;  // packets whose completion has not been reported yet
    std::priority_queue<sc_core::sc_time, std::vector<sc_core::sc_time>,
                        std::greater<sc_core::sc_time>>
        reported_;  // completion times ahead
    int rr_ = 0;
    sc_core::sc_event work_ev_, packet_ev_, probe_ev_;
    int64_t probe_inflight_ = 0;
    std::priority_queue<sc_core::sc_time, std::vector<sc_core::sc_time>,
                        std::greater<sc_core::sc_time>>
        probe_ends_;  // completion times not reached yet
    tlm::tlm_generic_payload trans_;
    TransferExt* ext_;  // owned by trans_ (a payload frees its extensions)
    std::vector<unsigned char> data_;
    Counter& packets_;
    std::array<Counter*, kDmaStreams> stream_bytes_{};
};

}  // namespace sasim
