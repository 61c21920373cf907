#include "models/dram/ddr_memory.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/common/addr.hpp"

namespace sasim {

DdrMemory::DdrMemory(sc_core::sc_module_name name, const DdrParams& p, StatRegistry& stats)
    : sc_module(name),
      socket("socket"),
      p_(p),
      core_(p),
      front_(core_, 2),
      tck_fs_(static_cast<uint64_t>(std::llround(p.tck_ns * 1e6))),
      read_bytes_(stats.add("dram.read_bytes", "B", "bytes read from DRAM")),
      write_bytes_(stats.add("dram.write_bytes", "B", "bytes written to DRAM")),
      bursts_(stats.add("dram.bursts", "bursts", "bursts transferred")),
      busy_fs_(stats.add("dram.busy_fs", "fs", "time the DRAM data buses were transferring")),
      act_(stats.add("dram.act", "commands", "ACT commands")),
      pre_(stats.add("dram.pre", "commands", "PRE commands")),
      ref_(stats.add("dram.ref", "commands", "REF commands")),
      row_hits_(stats.add("dram.row_hits", "bursts", "column commands to an open row")),
      row_misses_(stats.add("dram.row_misses", "bursts", "column commands to a closed bank")),
      row_conflicts_(stats.add("dram.row_conflicts", "bursts",
                               "column commands that first closed another row")),
      latency_clk_(stats.add("dram.latency_clk_sum", "DRAM clocks",
                             "sum of request latencies (arrival to completion)")),
      refpb_(stats.add("dram.refpb", "commands", "per-bank REF commands")),
      rd_(stats.add("dram.rd", "commands", "RD commands (read bursts)")),
      wr_(stats.add("dram.wr", "commands", "WR commands (write bursts)")),
      rank_active_clk_(stats.add("dram.rank_active_clk", "DRAM clocks",
                                 "sum over ranks of clocks with at least one bank open")),
      rank_precharged_clk_(stats.add("dram.rank_precharged_clk", "DRAM clocks",
                                     "sum over ranks of clocks with every bank precharged")),
      arrivals_("arrivals") {
    for (int i = 0; i < kStreams; ++i) {
        const std::string n = kStreamNames[i];
        stream_bursts_[i] =
            &stats.add("dram." + n + "_bursts", "bursts", "bursts of the DMA's " + n + " stream");
        stream_hits_[i] = &stats.add("dram." + n + "_row_hits", "bursts",
                                     "bursts of the " + n + " stream that hit an open row");
    }
    // The least an access takes (a row hit: CL or CWL and the burst) is its fixed latency; the
    // rest, opening rows and waiting for banks and the bus, is DRAM service (bandwidth).
    socket.register_nb_transport_fw(this, &DdrMemory::nb_transport_fw);
    socket.register_b_transport(this, &DdrMemory::b_transport);
    SC_METHOD(step);
    sensitive << wake_;
    dont_initialize();
    SC_METHOD(arrive);
    sensitive << arrivals_.get_event();
    dont_initialize();
}

void DdrMemory::set_trace(TraceSink* t) {
    trace_ = t;
    core_.set_command_observer([this](const DdrCommand& c) {
        if (c.kind != DdrCommand::RD && c.kind != DdrCommand::WR) return;
        const uint64_t start =
            c.clk + static_cast<uint64_t>(c.kind == DdrCommand::RD ? p_.CL : p_.CWL);
        trace_->span(kTrackDram + c.channel, c.kind == DdrCommand::RD ? "RD" : "WR", at_clk(start),
                     at_clk(start + static_cast<uint64_t>(p_.burst_length / 2)));
    });
}

uint64_t DdrMemory::clk_now_ceil() const {
    const uint64_t fs = sc_core::sc_time_stamp().value();
    return (fs + tck_fs_ - 1) / tck_fs_;
}

sc_core::sc_time DdrMemory::at_clk(uint64_t clk) const {
    return sc_core::sc_time::from_value(clk * tck_fs_);
}

tlm::tlm_sync_enum DdrMemory::nb_transport_fw(tlm::tlm_generic_payload& t, tlm::tlm_phase& ph,
                                              sc_core::sc_time& delay) {
    if (ph != tlm::BEGIN_REQ) return tlm::TLM_ACCEPTED;  // END_RESP: nothing to do
    if (t.get_data_length() == 0) {                      // nothing to move: done at once
        t.set_response_status(tlm::TLM_OK_RESPONSE);
        ph = tlm::BEGIN_RESP;
        return tlm::TLM_COMPLETED;
    }
    // A payload without a memory manager stays the initiator's until its response (the base
    // protocol's rule); one with a memory manager is held here until then.
    if (t.has_mm()) t.acquire();
    if (delay == sc_core::SC_ZERO_TIME)
        accept(t);
    else
        arrivals_.notify(t, delay);  // requests enter the front end in real time
    ph = tlm::END_REQ;
    return tlm::TLM_UPDATED;
}

void DdrMemory::arrive() {
    while (tlm::tlm_generic_payload* t = arrivals_.get_next_transaction()) accept(*t);
}

// A loosely-timed initiator: its thread catches up with its annotated time, then waits until the
// transfer completes (the payload is the caller's: held only while it waits).
void DdrMemory::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
    if (delay > sc_core::SC_ZERO_TIME) {
        sc_core::wait(delay);
        delay = sc_core::SC_ZERO_TIME;
    }
    t.set_response_status(tlm::TLM_OK_RESPONSE);
    if (t.get_data_length() == 0) return;
    sc_core::sc_event done;
    const uint64_t tid = accept(t);
    Transfer& x = transfer(tid);
    if (x.live) {
        x.blocking = &done;
        sc_core::wait(done);
    }
}

uint64_t DdrMemory::accept(tlm::tlm_generic_payload& trans) {
    const bool write = trans.is_write();
    const int64_t bb = core_.burst_bytes();
    const int64_t len = trans.get_data_length();
    const uint64_t base =
        trans.get_address() / static_cast<uint64_t>(bb) * static_cast<uint64_t>(bb);
    const int64_t n = bursts_touched(trans.get_address(), len, bb);
    const uint64_t tid = first_tid_ + transfers_.size();
    transfers_.emplace_back();
    Transfer& t = transfers_.back();
    t.payload = &trans;
    t.arrival = sc_core::sc_time_stamp();
    t.base = base;
    t.bursts_left = n;
    t.write = write;
    t.live = true;
    if (const TransferInfo* info = trans.get_extension<TransferInfo>()) t.stream = info->stream;
    (write ? write_bytes_ : read_bytes_).add(len);
    advance_to(std::max(clk_now_ceil(), ran_to_));
    front_.offer(write ? 1 : 0, {tid << 32, base, write, ran_to_, static_cast<uint64_t>(n)});
    outstanding_ += static_cast<uint64_t>(n);
    front_.admit_now();
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    schedule();
    return tid;
}

void DdrMemory::advance_to(uint64_t clk) {
    if (clk < ran_to_) return;
    done_.clear();
    front_.run_until(clk, done_);
    ran_to_ = clk;
    deliver();
}

void DdrMemory::deliver() {
    const uint64_t beats = static_cast<uint64_t>(p_.burst_length / 2);
    const int64_t burst_bytes = core_.burst_bytes();
    const sc_core::sc_time burst_time = at_clk(beats);
    for (const DdrCompletion& c : done_) {
        const uint64_t tid = c.id >> 32;
        Transfer& t = transfer(tid);
        const size_t stream = static_cast<size_t>(std::clamp(t.stream, 0, kStreams - 1));
        stream_bursts_[stream]->add(1);
        if (c.row_hit) stream_hits_[stream]->add(1);
        if (meter) {
            const sc_core::sc_time end = at_clk(c.done_clk);
            meter(t.stream, burst_bytes, end - burst_time, end);
        }
        if (queue_log) {  // queued from its transfer's arrival until its column command
            const uint64_t fixed = static_cast<uint64_t>((t.write ? p_.CWL : p_.CL) + beats);
            if (c.done_clk > fixed) queue_log->add(t.arrival.value(), (c.done_clk - fixed) * tck_fs_);
        }
        --outstanding_;
        t.last_clk = std::max(t.last_clk, c.done_clk);
        if (--t.bursts_left > 0) continue;
        respond(t);
        t.live = false;
        while (!transfers_.empty() && !transfers_.front().live) {
            transfers_.pop_front();
            ++first_tid_;
        }
    }
    sync_counters();
}

// The last burst is done: the transfer completes.
void DdrMemory::respond(Transfer& t) {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time at = std::max(at_clk(t.last_clk), now);
    if (t.blocking) {
        t.blocking->notify(at - now);
        return;
    }
    tlm::tlm_phase ph = tlm::BEGIN_RESP;
    sc_core::sc_time delay = at - now;
    socket->nb_transport_bw(*t.payload, ph, delay);
    if (t.payload->has_mm()) t.payload->release();
}

void DdrMemory::step() {
    // At a wake-up time (a clock edge) commands of this clock may issue.
    advance_to(sc_core::sc_time_stamp().value() / tck_fs_ + 1);
    schedule();
}

// Wake only when a completion may be due: the controller's decisions before then depend on
// nothing that can change, since every arrival first runs it up to date, and waiting bursts
// are admitted at their exact clocks by the front end.
void DdrMemory::schedule() {
    if (outstanding_ == 0) return;  // idle: no need to wake for refresh
    const uint64_t next = std::max(core_.next_completion_bound(), ran_to_);
    if (next == std::numeric_limits<uint64_t>::max()) return;
    const sc_core::sc_time t = at_clk(next);
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    wake_.notify(t > now ? t - now : sc_core::SC_ZERO_TIME);
}

void DdrMemory::sync_counters() {
    const DdrStats& s = core_.stats();
    bursts_.value = s.rd + s.wr;
    busy_fs_.value = static_cast<int64_t>(s.data_busy_clk * tck_fs_);
    act_.value = s.act;
    pre_.value = s.pre;
    ref_.value = s.ref;
    refpb_.value = s.refpb;
    rd_.value = s.rd;
    wr_.value = s.wr;
    row_hits_.value = s.row_hits;
    row_misses_.value = s.row_misses;
    row_conflicts_.value = s.row_conflicts;
    latency_clk_.value = static_cast<int64_t>(s.latency_clk_sum);
    rank_active_clk_.value = static_cast<int64_t>(s.rank_active_clk);
    rank_precharged_clk_.value = static_cast<int64_t>(s.rank_precharged_clk);
}

DramReading DdrMemory::reading(const StatSpan& s) const {
    DramReading r;
    r.read_bytes = s(read_bytes_);
    r.write_bytes = s(write_bytes_);
    r.bursts = s(bursts_);
    r.has_rows = true;
    r.row_hits = s(row_hits_);
    for (int i = 0; i < kStreams; ++i) {
        r.stream_bursts[i] = s(*stream_bursts_[static_cast<size_t>(i)]);
        r.stream_row_hits[i] = s(*stream_hits_[static_cast<size_t>(i)]);
    }
    r.act = s(act_);
    r.rd = s(rd_);
    r.wr = s(wr_);
    r.ref = s(ref_);
    r.rank_active_clk = s(rank_active_clk_);
    r.rank_precharged_clk = s(rank_precharged_clk_);
    return r;
}

}  // namespace sasim
