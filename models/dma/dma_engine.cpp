#include "models/dma/dma_engine.hpp"

#include <algorithm>
#include <string>

namespace sasim {

namespace {
constexpr const char* kStreamNames[kDmaStreams] = {"ifmap_fill", "filter_fill", "psum_fill",
                                                   "ofmap_drain"};
constexpr Operand kStreamOperand[kDmaStreams] = {Operand::ifmap, Operand::filter, Operand::ofmap,
                                                 Operand::ofmap};
// Disjoint address regions per stream, so a DRAM model with an address map sees real strides.
constexpr uint64_t kRegion = uint64_t{1} << 36;
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
      data_(static_cast<size_t>(p.packet_bytes)),
      packets_(stats.add("dma.packets", "packets", "packets issued by the DMA engine")) {
    for (int s = 0; s < kDmaStreams; ++s) {
        stream_bytes_[s] = &stats.add(std::string("dma.") + kStreamNames[s] + "_bytes", "B",
                                      std::string("bytes moved by the ") + kStreamNames[s] +
                                          " stream");
        next_addr_[s] = kRegion * static_cast<uint64_t>(s);
    }
    SC_THREAD(run);
}

void DmaEngine::enqueue(DmaStream s, int64_t key, int64_t bytes) {
    queues_[static_cast<int>(s)].push_back(Request{key, bytes, sc_core::sc_time_stamp()});
    work_ev_.notify(sc_core::SC_ZERO_TIME);
}

int DmaEngine::pick_stream() {
    for (int i = 0; i < kDmaStreams; ++i) {
        const int s = (rr_ + i) % kDmaStreams;
        if (!queues_[s].empty()) return s;
    }
    return -1;
}

void DmaEngine::wait_for_slot() {
    for (;;) {
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        while (!inflight_.empty() && inflight_.top() <= now) inflight_.pop();
        if (static_cast<int64_t>(inflight_.size()) < p_.max_outstanding) return;
        sc_core::wait(inflight_.top() - now);
    }
}

sc_core::sc_time DmaEngine::issue_packet(DmaStream s, int64_t bytes) {
    const int si = static_cast<int>(s);
    const bool drain = s == DmaStream::ofmap_drain;
    auto& pad = spm[static_cast<int>(kStreamOperand[si])];
    trans_.set_data_ptr(data_.data());
    trans_.set_data_length(static_cast<unsigned>(bytes));
    trans_.set_streaming_width(static_cast<unsigned>(bytes));
    trans_.set_byte_enable_ptr(nullptr);
    trans_.set_dmi_allowed(false);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    // Fill: DRAM read, then scratchpad write. Drain: scratchpad read, then DRAM write.
    trans_.set_address(drain ? 0 : next_addr_[si]);
    trans_.set_command(drain ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
    if (drain) pad->b_transport(trans_, delay);
    trans_.set_address(next_addr_[si]);
    trans_.set_command(drain ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    mem->b_transport(trans_, delay);
    if (!drain) {
        trans_.set_address(0);
        trans_.set_command(tlm::TLM_WRITE_COMMAND);
        pad->b_transport(trans_, delay);
    }
    next_addr_[si] += static_cast<uint64_t>(bytes);
    packets_.add(1);
    stream_bytes_[si]->add(bytes);
    return sc_core::sc_time_stamp() + delay;
}

void DmaEngine::complete(DmaStream s, const Request& r) {
    Scratchpad* pad = pads_[static_cast<int>(kStreamOperand[static_cast<int>(s)])];
    (s == DmaStream::ofmap_drain ? pad->drains() : pad->fills()).set_done(r.key, r.done);
}

void DmaEngine::run() {
    for (;;) {
        const int s = pick_stream();
        if (s < 0) {
            sc_core::wait(work_ev_);
            continue;
        }
        Request& r = queues_[s].front();
        if (r.remaining > 0) {
            wait_for_slot();
            const int64_t bytes = std::min(r.remaining, p_.packet_bytes);
            const sc_core::sc_time done = issue_packet(static_cast<DmaStream>(s), bytes);
            inflight_.push(done);
            r.done = std::max(r.done, done);
            r.remaining -= bytes;
        }
        if (r.remaining == 0) {
            r.done = std::max(r.done, sc_core::sc_time_stamp());
            complete(static_cast<DmaStream>(s), r);
            queues_[s].pop_front();
        }
        rr_ = (s + 1) % kDmaStreams;
    }
}

}  // namespace sasim
