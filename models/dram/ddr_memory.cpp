#include "models/dram/ddr_memory.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace sasim {

DdrMemory::DdrMemory(sc_core::sc_module_name name, const DdrParams& p, StatRegistry& stats)
    : sc_module(name),
      socket("socket"),
      p_(p),
      core_(p),
      tck_fs_(static_cast<uint64_t>(std::llround(p.tck_ns * 1e6))),
      read_bytes_(stats.add("dram.read_bytes", "B", "bytes read from DRAM")),
      write_bytes_(stats.add("dram.write_bytes", "B", "bytes written to DRAM")),
      bursts_(stats.add("dram.bursts", "bursts", "bursts transferred")),
      busy_fs_(stats.add("dram.busy_fs", "fs", "time the DRAM data buses were transferring")),
      act_(stats.add("dram.act", "commands", "ACT commands")),
      pre_(stats.add("dram.pre", "commands", "PRE commands")),
      ref_(stats.add("dram.ref", "commands", "REF commands")),
      rd_(stats.add("dram.rd", "commands", "RD commands (read bursts)")),
      wr_(stats.add("dram.wr", "commands", "WR commands (write bursts)")),
      rank_active_(stats.add("dram.rank_active_clk", "DRAM clocks",
                             "sum over ranks of clocks with at least one bank open")),
      rank_precharged_(stats.add("dram.rank_precharged_clk", "DRAM clocks",
                                 "sum over ranks of clocks with every bank precharged")),
      row_hits_(stats.add("dram.row_hits", "bursts", "column commands to an open row")),
      row_misses_(stats.add("dram.row_misses", "bursts", "column commands to a closed bank")),
      row_conflicts_(stats.add("dram.row_conflicts", "bursts",
                               "column commands that first closed another row")),
      latency_clk_(stats.add("dram.latency_clk_sum", "DRAM clocks",
                             "sum of request latencies (arrival to completion)")) {
    for (int i = 0; i < kStreams; ++i) {
        const std::string n = kStreamNames[i];
        stream_bursts_[i] =
            &stats.add("dram." + n + "_bursts", "bursts", "bursts of the DMA's " + n + " stream");
        stream_hits_[i] = &stats.add("dram." + n + "_row_hits", "bursts",
                                     "bursts of the " + n + " stream that hit an open row");
    }
    socket.register_b_transport(this, &DdrMemory::b_transport);
    SC_METHOD(step);
    sensitive << wake_;
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

void DdrMemory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    if (delay > sc_core::SC_ZERO_TIME) {  // requests queue in real time: catch up first
        sc_core::wait(delay);
        delay = sc_core::SC_ZERO_TIME;
    }
    const bool write = trans.get_command() == tlm::TLM_WRITE_COMMAND;
    const int64_t bb = core_.burst_bytes();
    const int64_t len = trans.get_data_length();
    const uint64_t base =
        trans.get_address() / static_cast<uint64_t>(bb) * static_cast<uint64_t>(bb);
    const int64_t n = (len + bb - 1) / bb;
    const uint64_t tid = next_transfer_++;
    Transfer& t = transfers_[tid];
    t.on_done = trans.get_extension<TransferExt>()->on_done;
    t.bursts_left = n;
    t.write = write;
    (write ? write_bytes_ : read_bytes_).add(len);
    advance_to(std::max(clk_now_ceil(), ran_to_));
    if (n > 0) waiting_[write].push_back(Waiting{tid, next_burst_, base, n});
    next_burst_ += static_cast<uint64_t>(n);
    admit();
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    schedule();
}

void DdrMemory::admit() {
    for (int w = 0; w < 2; ++w) {
        std::deque<Waiting>& q = waiting_[w];
        while (!q.empty() && core_.can_accept(q.front().addr, w == 1)) {
            Waiting& f = q.front();
            core_.enqueue(f.id, f.addr, w == 1, ran_to_);
            admitted_.emplace(f.id, Admitted{f.tid, f.addr});
            ++f.id;
            f.addr += static_cast<uint64_t>(core_.burst_bytes());
            if (--f.left == 0) q.pop_front();
        }
    }
}

// With bursts waiting for room, the controller runs one decision at a time, so each enters at
// the clock its slot frees; otherwise it runs straight to `clk`.
void DdrMemory::advance_to(uint64_t clk) {
    if (clk < ran_to_) return;
    done_.clear();
    while (ran_to_ < clk && !(waiting_[0].empty() && waiting_[1].empty())) {
        const uint64_t next = std::min(std::max(core_.next_event_clk(), ran_to_) + 1, clk);
        core_.run_until(next, done_);
        ran_to_ = next;
        admit();
    }
    core_.run_until(clk, done_);
    ran_to_ = clk;
    deliver();
}

void DdrMemory::deliver() {
    const sc_core::sc_time lat_rd =
        at_clk(static_cast<uint64_t>(p_.tRCD + p_.CL + p_.burst_length / 2));
    const sc_core::sc_time lat_wr =
        at_clk(static_cast<uint64_t>(p_.tRCD + p_.CWL + p_.burst_length / 2));
    for (const DdrCompletion& c : done_) {
        const auto it = admitted_.find(c.id);
        if (it == admitted_.end()) throw std::logic_error("DdrMemory: completion of unknown burst");
        const uint64_t tid = it->second.tid;
        const size_t stream = std::min<size_t>(kStreams - 1, it->second.addr / kStreamRegionBytes);
        admitted_.erase(it);
        stream_bursts_[stream]->add(1);
        if (c.row_hit) stream_hits_[stream]->add(1);
        Transfer& t = transfers_.at(tid);
        t.last_clk = std::max(t.last_clk, c.done_clk);
        if (--t.bursts_left > 0) continue;
        // Unloaded latency (row closed) is the fixed part; the rest was DRAM queueing/transfer.
        const TransferDone d{at_clk(t.last_clk), t.write ? lat_wr : lat_rd, sc_core::SC_ZERO_TIME};
        auto cb = std::move(t.on_done);
        transfers_.erase(tid);
        cb(d);
    }
    sync_counters();
}

void DdrMemory::step() {
    // At a wake-up time (a clock edge) commands of this clock may issue.
    advance_to(sc_core::sc_time_stamp().value() / tck_fs_ + 1);
    schedule();
}

// Wake only when a completion may be due: the controller's decisions before then depend on
// nothing that can change, since every arrival first runs it up to date, and waiting bursts
// are admitted at their exact clocks by advance_to().
void DdrMemory::schedule() {
    if (transfers_.empty()) return;  // idle: no need to wake for refresh
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
    rd_.value = s.rd;
    wr_.value = s.wr;
    rank_active_.value = static_cast<int64_t>(s.rank_active_clk);
    rank_precharged_.value = static_cast<int64_t>(s.rank_precharged_clk);
    row_hits_.value = s.row_hits;
    row_misses_.value = s.row_misses;
    row_conflicts_.value = s.row_conflicts;
    latency_clk_.value = static_cast<int64_t>(s.latency_clk_sum);
}

}  // namespace sasim
