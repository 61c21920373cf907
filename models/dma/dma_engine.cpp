#include "models/dma/dma_engine.hpp"

#include <algorithm>
#include <string>
#include <tuple>

namespace sasim {

namespace {
constexpr const char* kDmaStreamNames[kDmaStreams] = {"ifmap_fill", "filter_fill", "psum_fill",
                                                      "ofmap_drain"};
constexpr Operand kStreamOperand[kDmaStreams] = {Operand::ifmap, Operand::filter, Operand::ofmap,
                                                 Operand::ofmap};
}  // namespace

DmaEngine::DmaEngine(sc_core::sc_module_name name, const DmaParams& p,
                     std::array<Scratchpad*, kOperands> pads, StatRegistry& stats)
    : sc_module(name),
      mem("mem"),
      spm{tlm_utils::simple_initiator_socket<DmaEngine>("spm_ifmap"),
          tlm_utils::simple_initiator_socket<DmaEngine>("spm_filter"),
          tlm_utils::simple_initiator_socket<DmaEngine>("spm_ofmap")},
      p_(p),
      pads_(pads),
      ext_(nullptr),
      data_(static_cast<size_t>(p.packet_bytes)),
      packets_(stats.add("dma.packets", "packets", "packets issued by the DMA engine")) {
    for (int s = 0; s < kDmaStreams; ++s) {
        stream_bytes_[s] =
            &stats.add(std::string("dma.") + kDmaStreamNames[s] + "_bytes", "B",
                       std::string("bytes moved by the ") + kDmaStreamNames[s] + " stream");
        next_addr_[s] = kStreamRegionBytes * static_cast<uint64_t>(s);
    }
    ext_ = new TransferExt;
    trans_.set_extension(ext_);
    SC_THREAD(run);
    SC_METHOD(write_probe);
    sensitive << probe_ev_;
    dont_initialize();
}

void DmaEngine::enqueue(DmaStream s, int64_t key, int64_t bytes) {
    Queued q;
    q.key = key;
    q.bytes = bytes;
    q.queued = sc_core::sc_time_stamp();
    queues_[static_cast<int>(s)].push_back(std::move(q));
    work_ev_.notify(sc_core::SC_ZERO_TIME);
}

void DmaEngine::enqueue_run(DmaStream s, int64_t count, RunNext next) {
    if (count <= 0) return;
    Queued q;
    std::tie(q.key, q.bytes) = next();
    q.more = count - 1;
    if (q.more > 0) q.next = std::move(next);
    q.queued = sc_core::sc_time_stamp();
    queues_[static_cast<int>(s)].push_back(std::move(q));
    work_ev_.notify(sc_core::SC_ZERO_TIME);
}

SlotBook& DmaEngine::book(DmaStream s) {
    Scratchpad* pad = pads_[static_cast<int>(kStreamOperand[static_cast<int>(s)])];
    return s == DmaStream::ofmap_drain ? pad->drains() : pad->fills();
}

std::shared_ptr<DmaEngine::Request> DmaEngine::take_front(int s) {
    Queued& q = queues_[s].front();
    auto r = std::make_shared<Request>();
    r->stream = static_cast<DmaStream>(s);
    r->key = q.key;
    r->remaining = q.bytes;
    r->bytes = q.bytes;
    r->queued = q.queued;
    r->last.at = r->queued;
    if (q.more > 0) {
        std::tie(q.key, q.bytes) = q.next();
        --q.more;
    } else {
        queues_[s].pop_front();
    }
    book(r->stream).issue(r->key);
    return r;
}

int DmaEngine::pick_stream() {
    for (int i = 0; i < kDmaStreams; ++i) {
        const int s = (rr_ + i) % kDmaStreams;
        if (front_[s] || !queues_[s].empty()) return s;
    }
    return -1;
}

// A packet occupies an outstanding slot until it completes: unreported ones, and reported
// ones whose completion time is still ahead (synchronous targets report future times).
void DmaEngine::wait_for_slot() {
    for (;;) {
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        while (!reported_.empty() && reported_.top() <= now) reported_.pop();
        if (unreported_ + static_cast<int64_t>(reported_.size()) < p_.max_outstanding) return;
        if (reported_.empty())
            sc_core::wait(packet_ev_);
        else
            sc_core::wait(reported_.top() - now, packet_ev_);
    }
}

void DmaEngine::issue_packet(const std::shared_ptr<Request>& r, int64_t bytes) {
    const int si = static_cast<int>(r->stream);
    const bool drain = r->stream == DmaStream::ofmap_drain;
    auto& pad = spm[static_cast<int>(kStreamOperand[si])];
    trans_.set_data_ptr(data_.data());
    trans_.set_data_length(static_cast<unsigned>(bytes));
    trans_.set_streaming_width(static_cast<unsigned>(bytes));
    trans_.set_byte_enable_ptr(nullptr);
    trans_.set_dmi_allowed(false);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    // Fill: DRAM read, then scratchpad write. Drain: scratchpad read, then DRAM write.
    if (drain) {
        trans_.set_address(0);
        trans_.set_command(tlm::TLM_READ_COMMAND);
        pad->b_transport(trans_, delay);
    }
    ++r->pending;
    ++unreported_;
    if (probe) {
        ++probe_inflight_;
        probe_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    ext_->on_done = [this, r, bytes](const TransferDone& d) { packet_done(r, bytes, d); };
    trans_.set_address(next_addr_[si]);
    trans_.set_command(drain ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    mem->b_transport(trans_, delay);
    next_addr_[si] += static_cast<uint64_t>(bytes);
    packets_.add(1);
    stream_bytes_[si]->add(bytes);
}

void DmaEngine::write_probe() {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    while (!probe_ends_.empty() && probe_ends_.top() <= now) {
        probe_ends_.pop();
        --probe_inflight_;
    }
    inflight_sig.write(static_cast<int>(probe_inflight_));
    if (!probe_ends_.empty()) next_trigger(probe_ends_.top() - now, probe_ev_);
}

void DmaEngine::packet_done(const std::shared_ptr<Request>& r, int64_t bytes,
                            const TransferDone& d) {
    --unreported_;
    if (probe) {
        probe_ends_.push(d.at);
        probe_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    reported_.push(d.at);
    packet_ev_.notify(sc_core::SC_ZERO_TIME);
    const bool drain = r->stream == DmaStream::ofmap_drain;
    if (!drain) {  // the data lands in the scratchpad
        tlm::tlm_generic_payload t;
        t.set_command(tlm::TLM_WRITE_COMMAND);
        t.set_address(0);
        t.set_data_ptr(data_.data());
        t.set_data_length(static_cast<unsigned>(bytes));
        t.set_streaming_width(static_cast<unsigned>(bytes));
        sc_core::sc_time none = sc_core::SC_ZERO_TIME;
        spm[static_cast<int>(kStreamOperand[static_cast<int>(r->stream)])]->b_transport(t, none);
    }
    if (observer) observer(r->stream, bytes, d.at);
    if (d.at >= r->last.at) r->last = d;
    if (--r->pending == 0 && r->remaining == 0) complete(*r);
}

void DmaEngine::complete(Request& r) {
    if (r.completed) return;  // a synchronous target reported the last packet already
    r.completed = true;
    if (trace && r.bytes > 0)
        trace->span(kTrackDmaIfmap + static_cast<int>(r.stream),
                    "chunk " + std::to_string(r.key) + ": " + std::to_string(r.bytes) + " B",
                    r.queued, r.last.at);
    book(r.stream).set_done(r.key, r.last);
}

void DmaEngine::run() {
    for (;;) {
        const int s = pick_stream();
        if (s < 0) {
            sc_core::wait(work_ev_);
            continue;
        }
        if (!front_[s]) front_[s] = take_front(s);
        const std::shared_ptr<Request> r = front_[s];
        if (r->remaining > 0) {
            wait_for_slot();
            const int64_t bytes = std::min(r->remaining, p_.packet_bytes);
            r->remaining -= bytes;
            issue_packet(r, bytes);
        }
        if (r->remaining == 0) {
            front_[s].reset();
            if (r->pending == 0) complete(*r);  // empty, or every packet already reported
        }
        rr_ = (s + 1) % kDmaStreams;
    }
}

}  // namespace sasim
