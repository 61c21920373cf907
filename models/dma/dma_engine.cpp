#include "models/dma/dma_engine.hpp"

#include <algorithm>
#include <string>

namespace sasim {

namespace {
constexpr Operand kStreamOperand[kDmaStreams] = {Operand::ifmap, Operand::filter, Operand::ofmap,
                                                 Operand::ofmap};
}  // namespace

DmaEngine::DmaEngine(sc_core::sc_module_name name, const DmaParams& p,
                     std::array<Scratchpad*, kOperands> pads, CompletionBook& fills,
                     CompletionBook& stores, StatRegistry& stats)
    : sc_module(name),
      mem("mem"),
      core_(p.packet_bytes, p.max_outstanding),
      pads_(pads),
      fills_(fills),
      stores_(stores),
      done_peq_("done_peq"),
      packets_(stats.add("dma.packets", "packets", "packets issued by the DMA engine")),
      early_bytes_(stats.add("dma.early_fill_bytes", "B",
                             "bytes of the next layer's fills moved while the layer before it "
                             "ran (network.prefetch_filters)")),
      early_landed_(stats.add("dma.early_fill_landed_bytes", "B",
                              "of dma.early_fill_bytes, those that landed in the scratchpad "
                              "before their layer started")),
      local_fill_bytes_(stats.add("dma.onchip_fill_bytes", "B",
                                  "ifmap bytes copied from the ofmap scratchpad, where the layer "
                                  "before kept them (network.keep_ofmap), instead of read from "
                                  "DRAM")),
      kept_bytes_(stats.add("dma.kept_ofmap_bytes", "B",
                            "output bytes kept in the ofmap scratchpad for the next layer "
                            "(network.keep_ofmap) instead of written to DRAM")) {
    for (int s = 0; s < kDmaStreams; ++s) {
        const std::string n = to_string(static_cast<DmaStream>(s));
        stream_bytes_[static_cast<size_t>(s)] =
            &stats.add("dma." + n + "_bytes", "B", "bytes moved by the " + n + " stream");
    }
    mem.register_nb_transport_bw(this, &DmaEngine::nb_transport_bw);
    SC_THREAD(run);
    SC_THREAD(run_local);
    SC_METHOD(deliver);
    sensitive << done_peq_.get_event();
    dont_initialize();
    SC_METHOD(write_probe);
    sensitive << probe_ev_;
    dont_initialize();
}

Scratchpad& DmaEngine::pad_of(DmaStream s) {
    return *pads_[static_cast<size_t>(kStreamOperand[static_cast<int>(s)])];
}

void DmaEngine::enqueue(DmaRequest r) {
    if (r.local) {
        (r.write() ? kept_stores_ : local_fills_).push_back(std::move(r));
        issue_local();
        return;
    }
    core_.push(std::move(r), sc_core::sc_time_stamp().value());
    work_ev_.notify(sc_core::SC_ZERO_TIME);
}

void DmaEngine::run() {
    for (;;) {
        while (!core_.can_issue() || end_req_pending_) sc_core::wait(work_ev_);
        const DmaPacket p = core_.next_packet();
        if (p.first) {
            (p.write ? stores_ : fill_book(p.ahead_book)).issue(p.id);
            issue_local();
        }
        if (p.early) early_bytes_.add(p.bytes);
        if (p.write) pad_of(p.stream).dma_read(p.bytes);  // a store reads the scratchpad first
        tlm::tlm_generic_payload* t = pool_.allocate();
        t->acquire();
        t->set_command(p.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        t->set_address(p.addr);
        t->set_data_ptr(nullptr);  // timing only: no data moves
        t->set_data_length(static_cast<unsigned>(p.bytes));
        t->set_streaming_width(static_cast<unsigned>(p.bytes));
        t->set_byte_enable_ptr(nullptr);
        t->set_dmi_allowed(false);
        t->set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        t->get_extension<TransferInfo>()->reset(static_cast<int>(p.stream), p.handle);
        packets_.add(1);
        if (in_flight_log) in_flight_log->step(sc_core::sc_time_stamp().value(), +1);
        stream_bytes_[static_cast<size_t>(p.stream)]->add(p.bytes);
        if (probe) {
            ++inflight_;
            probe_ev_.notify(sc_core::SC_ZERO_TIME);
        }
        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        const tlm::tlm_sync_enum s = mem->nb_transport_fw(*t, phase, delay);
        if (s == tlm::TLM_COMPLETED)
            done_peq_.notify(*t, delay);  // completed on the forward path, at now + delay
        else if (s == tlm::TLM_ACCEPTED || phase == tlm::BEGIN_REQ)
            end_req_pending_ = true;  // the target accepts the request later (END_REQ)
    }
}

tlm::tlm_sync_enum DmaEngine::nb_transport_bw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                              sc_core::sc_time& delay) {
    if (ph == tlm::END_REQ) {
        end_req_pending_ = false;
        work_ev_.notify(delay);
        return tlm::TLM_ACCEPTED;
    }
    if (ph == tlm::BEGIN_RESP) {
        done_peq_.notify(t, delay);
        ph = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    return tlm::TLM_ACCEPTED;
}

void DmaEngine::deliver() {
    while (tlm::tlm_generic_payload* t = done_peq_.get_next_transaction()) {
        const TransferInfo& info = *t->get_extension<TransferInfo>();
        const int64_t bytes = t->get_data_length();
        const DmaStream s = static_cast<DmaStream>(info.stream);
        if (s != DmaStream::ofmap_drain) pad_of(s).dma_write(bytes);  // the data lands
        TransferDone d;
        DmaRequest r;
        const int64_t handle = info.tag;
        const uint64_t queued = core_.queued_at_fs(handle);
        if (core_.early(handle)) early_landed_.add(bytes);
        if (core_.complete(handle, sc_core::sc_time_stamp(), d, r)) {
            if (trace)
                trace->async(kTrackDmaIfmap + static_cast<int>(r.stream),
                             std::string(r.write() ? "store " : "fill ") + std::to_string(r.id) +
                                 ": " + std::to_string(r.bytes) + " B",
                             handle, sc_core::sc_time::from_value(queued), d.at);
            finish(r, d, handle);
        }
        t->release();
        if (in_flight_log) in_flight_log->step(sc_core::sc_time_stamp().value(), -1);
        if (probe) {
            --inflight_;
            probe_ev_.notify(sc_core::SC_ZERO_TIME);
        }
        work_ev_.notify(sc_core::SC_ZERO_TIME);
    }
}

void DmaEngine::finish(const DmaRequest& r, const TransferDone& d, int64_t) {
    if (r.write()) {
        stores_.set_done(r.id, d);
        pad_of(r.stream).space().release(r.bytes, &d);
    } else {
        fill_book(r.ahead_book).set_done(r.id, d);
    }
}

// Local requests whose id comes next in their book: issued now (a kept store is also done).
void DmaEngine::issue_local() {
    while (local_issued_ < local_fills_.size() &&
           fills_.issued() == local_fills_[local_issued_].id - 1) {
        fills_.issue(local_fills_[local_issued_++].id);
        local_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    // Kept outputs are where the next layer reads them once written: done, their space kept.
    while (!kept_stores_.empty() && stores_.issued() == kept_stores_.front().id - 1) {
        kept_bytes_.add(kept_stores_.front().bytes);
        stores_.set_done(kept_stores_.front().id, TransferDone{sc_core::sc_time_stamp()});
        kept_stores_.pop_front();
    }
}

// Copies of kept outputs into the ifmap scratchpad, one at a time in arrival order.
void DmaEngine::run_local() {
    for (;;) {
        while (local_issued_ == 0) sc_core::wait(local_ev_);
        const DmaRequest r = std::move(local_fills_.front());
        local_fills_.pop_front();
        --local_issued_;
        // The slower of the ports it reads and writes (0: unlimited).
        const int64_t from = pads_[static_cast<size_t>(Operand::ofmap)]->port_bytes();
        const int64_t into = pads_[static_cast<size_t>(Operand::ifmap)]->port_bytes();
        const int64_t w = from == 0 ? into : into == 0 ? from : std::min(from, into);
        if (w > 0 && local_clk_) {
            const sc_core::sc_time copy = local_clk_->cycles((r.bytes + w - 1) / w);
            const uint64_t now = sc_core::sc_time_stamp().value();
            if (local_copy_log) local_copy_log->add(now, now + copy.value());
            sc_core::wait(copy);
        }
        pads_[static_cast<size_t>(Operand::ofmap)]->dma_read(r.bytes);
        pads_[static_cast<size_t>(Operand::ifmap)]->dma_write(r.bytes);
        local_fill_bytes_.add(r.bytes);
        fills_.set_done(r.id, TransferDone{sc_core::sc_time_stamp()});
    }
}

DmaEngine::Reading DmaEngine::reading(const StatSpan& s) const {
    Reading r;
    for (size_t i = 0; i < kDmaStreams; ++i) r.stream_bytes[i] = s(*stream_bytes_[i]);
    r.early_bytes = s(early_bytes_);
    r.early_landed = s(early_landed_);
    r.onchip_fill_bytes = s(local_fill_bytes_);
    r.kept_bytes = s(kept_bytes_);
    return r;
}

void DmaEngine::write_probe() { inflight_sig.write(static_cast<int>(inflight_)); }

}  // namespace sasim
