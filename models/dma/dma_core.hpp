// The DMA engine's arbiter and packetiser (plain C++, no SystemC).
//
// Requests (tile fills and stores) wait in one queue ordered by urgency: a fill by the step that
// needs it; a store, which only frees output space, comes after every fill until its space is
// about to be needed (the output buffers are full) or something waits for its data (the array
// or the controller then expedites the stores to the step that will wait); at equal urgency
// stores first, then arrival. The most urgent request with bytes left gets the next packet, while
// fewer than max_outstanding packets are in flight. A packet is a piece of one run of the
// request's addresses, at most packet_bytes and never crossing a packet_bytes-aligned boundary
// (as a bus's burst may not cross its boundary), so every packet maps onto whole DRAM bursts
// where the run does. A fill of the next layer made while the current one runs (`early`, see
// models/control/controller.hpp) waits at kEarlyUrgency, behind every request of the running
// layer, and gets a packet only while no request of the running layer is queued or in flight
// and no other early packet is (so a request of the running layer that arrives meanwhile finds
// at most one packet ahead of it), until promote_early() gives it the urgency of the step that needs it.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <tuple>

#include "models/common/addr.hpp"
#include "models/common/operand.hpp"
#include "models/common/transfer.hpp"

namespace sasim {

enum class DmaStream { ifmap_fill = 0, filter_fill = 1, psum_fill = 2, ofmap_drain = 3 };
constexpr int kDmaStreams = kStreams;  // operand.hpp's: one per DmaStream
const char* to_string(DmaStream s);  // "ifmap_fill", ...

constexpr int64_t kLowUrgency = INT64_MAX / 2;
constexpr int64_t kEarlyUrgency = kLowUrgency + 1;  // the next layer's early fills

struct DmaRequest {
    DmaStream stream = DmaStream::ifmap_fill;
    int64_t id = 0;        // fill id or store id within the layer
    int64_t priority = 0;  // the step that needs it (kLowUrgency: nothing waits on it yet)
    int64_t bytes = 0;
    AddrList addr;
    // A fill of the next layer issued early (ahead_book: which book records its completion,
    // -1: the running layer's own); `need` is its urgency once its layer starts.
    int ahead_book = -1;
    bool early = false;  // still waiting at kEarlyUrgency (its layer has not started)
    int64_t need = 0;
    // On chip only (network.keep_ofmap): an ifmap fill copied from the ofmap scratchpad, or a
    // store of outputs kept there; never given to the arbiter (DmaEngine serves it).
    bool local = false;
    bool write() const { return stream == DmaStream::ofmap_drain; }
};

struct DmaPacket {
    int64_t handle = 0;  // the request it belongs to
    uint64_t addr = 0;
    int64_t bytes = 0;
    DmaStream stream = DmaStream::ifmap_fill;
    bool write = false;
    bool first = false;  // the request's first packet
    int64_t id = 0;      // the request's id
    int ahead_book = -1;  // the request's
    bool early = false;   // the request's, when the packet left
};

class DmaCore {
public:
    DmaCore(int64_t packet_bytes, int64_t max_outstanding);
    // Queues a request (bytes > 0) received at `now_fs`; returns its handle.
    int64_t push(DmaRequest r, uint64_t now_fs);
    bool can_issue() const {
        return !ready_.empty() && outstanding_ < max_outstanding_ &&
               (std::get<0>(*ready_.begin()) < kEarlyUrgency ||
                (live_now_ == 0 && early_out_ == 0));
    }
    // Stores with ids up to `id` become at least as urgent as step `priority`.
    void expedite_stores(int64_t id, int64_t priority);
    // Early fills become as urgent as the steps that need them (their layer started).
    void promote_early();
    DmaPacket next_packet();  // only when can_issue()
    // A packet of `handle` completed at `at` with its time in flight split as `info` says;
    // returns true when that finished the request, and then fills `done` and `req`.
    bool complete(int64_t handle, const sc_core::sc_time& at,
                  TransferDone& done, DmaRequest& req);
    int64_t outstanding() const { return outstanding_; }
    size_t requests() const { return live_.size(); }  // queued or in flight
    uint64_t queued_at_fs(int64_t handle) const { return live_.at(handle).queued_fs; }
    bool early(int64_t handle) const { return live_.at(handle).req.early; }

private:
    struct Live {
        DmaRequest req;
        uint64_t queued_fs = 0;
        size_t pattern = 0;  // cursor: the next bytes to issue
        int64_t run = 0, offset = 0;
        int64_t left = 0;     // bytes not yet issued
        int64_t pending = 0;  // packets in flight
        int64_t early_pending = 0;  // of them, issued while the request was early
        TransferDone done;
    };
    using Key = std::tuple<int64_t, int, int64_t>;  // priority, stores first, handle
    Key key_of(int64_t handle, const DmaRequest& r) const;

    int64_t packet_bytes_, max_outstanding_;
    int64_t next_handle_ = 0, outstanding_ = 0;
    int64_t live_now_ = 0;   // live requests that are not early fills
    int64_t early_out_ = 0;  // early packets in flight
    std::map<int64_t, Live> live_;
    std::set<Key> ready_;  // requests with bytes left to issue
};

}  // namespace sasim
