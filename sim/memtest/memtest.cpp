// The memtest driver: synthetic request streams (stream, random, strided) or a trace offered to
// DdrDram through its in-order front end (each request as soon as its channel's queue has room
// and its cycle has come), every command checked by DdrChecker, and the JSON summary.
#include "sim/memtest/memtest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <stdexcept>

#include "models/dram/ddr_core.hpp"
#include "models/dram/ddr_front_end.hpp"
#include "sim/base/text.hpp"

namespace sasim {
namespace {

uint64_t capacity_bytes(const DdrParams& p) {
    return static_cast<uint64_t>(p.channels * p.ranks * p.bankgroups * p.banks_per_group) *
           static_cast<uint64_t>(p.rows) * static_cast<uint64_t>(p.columns / p.burst_length) *
           static_cast<uint64_t>(p.burst_bytes());
}

// The requests of a spec, one at a time, in order. Writes are spread evenly among the reads
// and walk their own region (the upper half of the device) so a copy does not read its output.
class Source {
public:
    Source(const MemtestSpec& s, const DdrParams& p)
        : s_(s),
          burst_(static_cast<uint64_t>(p.burst_bytes())),
          capacity_(capacity_bytes(p)),
          write_cursor_(capacity_ / 2),
          rng_(s.seed) {
        if (!s.trace_file.empty()) file_ = std::make_unique<TraceReader>(open_trace(s.trace_file));
    }

    // The next request; false after the last.
    bool next(TraceRequest& r) {
        if (file_) return file_->next(r);
        if (s_.pattern == MemPattern::trace) {
            if (i_ == s_.trace.size()) return false;
            r = s_.trace[i_++];
            return true;
        }
        if (i_ == (s_.bytes + burst_ - 1) / burst_) return false;
        r = synthetic();
        return true;
    }

private:
    TraceRequest synthetic() {
        TraceRequest r;
        r.write = next_is_write();
        uint64_t& cursor = r.write ? write_cursor_ : read_cursor_;
        switch (s_.pattern) {
            case MemPattern::random:
                r.addr = rng_() % (capacity_ / burst_) * burst_;
                break;
            case MemPattern::strided:
                r.addr = cursor % capacity_ / burst_ * burst_;
                cursor += s_.stride;
                break;
            default:
                r.addr = cursor % capacity_;
                cursor += burst_;
        }
        ++i_;
        return r;
    }

    // Request i is a write when the write share of requests 0..i passes the next whole number.
    bool next_is_write() {
        const double target = static_cast<double>(i_ + 1) * (1.0 - s_.read_fraction) + 1e-9;
        if (static_cast<uint64_t>(target) <= writes_) return false;
        ++writes_;
        return true;
    }

    const MemtestSpec& s_;
    uint64_t burst_, capacity_;
    uint64_t read_cursor_ = 0, write_cursor_;
    uint64_t i_ = 0, writes_ = 0;
    std::mt19937_64 rng_;
    std::unique_ptr<TraceReader> file_;
};

struct Timing {
    uint64_t first_clk = UINT64_MAX, end_clk = 0;  // first arrival; end of the last data beat
    uint64_t latency_sum = 0, read_latency_sum = 0, reads = 0, done = 0, offered = 0;
    uint64_t not_issued = 0;
};

// The clock at which simulated time passes 2^62 fs (SystemC's limit in `sasim run`): trace
// requests from there on are never issued unless --cycles says otherwise.
uint64_t horizon_clk(const DdrParams& p, uint64_t cycles) {
    if (cycles > 0) return cycles;
    return (uint64_t{1} << 62) / static_cast<uint64_t>(std::llround(p.tck_ns * 1e6));
}

// Offers every request of `src`, in order, through an in-order front end; returns when every
// offered request has completed.
Timing drive(DdrDram& dram, Source& src, const MemtestSpec& spec, const DdrParams& p) {
    Timing t;
    const uint64_t horizon = horizon_clk(p, spec.cycles);
    DdrFrontEnd fe(dram, 1, spec.per_cycle);
    bool ended = false;
    fe.set_source(0, [&](DdrFrontRequest& r) {
        TraceRequest q;
        if (ended || !src.next(q)) return false;
        if (q.clk >= horizon) {  // this and every later request is never issued
            ended = true;
            for (t.not_issued = 1; src.next(q);) ++t.not_issued;
            return false;
        }
        r = {t.offered++, q.addr, q.write, q.clk, 1};
        return true;
    });
    constexpr uint64_t kChunk = 1 << 14;  // DRAM clocks per step of the front end
    std::vector<DdrCompletion> done;
    while (!fe.empty() || t.done < t.offered) {
        uint64_t next = fe.ran_to() + kChunk;
        // An idle DRAM only refreshes until the next request: run straight to it. Once every
        // request is in, run from completion to completion, to stop right after the last.
        if (dram.idle()) next = std::max(next, fe.next_ready_clk() + 1);
        if (fe.empty()) next = std::max(fe.ran_to(), dram.next_completion_bound()) + 1;
        done.clear();
        fe.run_until(next, done, true);
        for (const DdrCompletion& c : done) {
            t.first_clk = std::min(t.first_clk, c.arrival_clk);
            t.end_clk = std::max(t.end_clk, c.done_clk);
            t.latency_sum += c.done_clk - c.arrival_clk;
            if (!c.write) t.read_latency_sum += c.done_clk - c.arrival_clk, ++t.reads;
        }
        t.done += done.size();
    }
    return t;
}

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

void summarise(const Timing& t, const DdrDram& dram, const DdrParams& p, MemtestResult& m) {
    const DdrStats& s = dram.stats();
    m.bytes = m.requests * static_cast<uint64_t>(p.burst_bytes());
    m.elapsed_clk = t.done ? t.end_clk - t.first_clk : 0;
    m.elapsed_ns = static_cast<double>(m.elapsed_clk) * p.tck_ns;
    m.achieved_gbps = ratio(static_cast<double>(m.bytes), m.elapsed_ns);
    m.peak_gbps = dram.peak_gbps();
    m.efficiency = ratio(m.achieved_gbps, m.peak_gbps);
    m.row_hits = s.row_hits, m.row_misses = s.row_misses, m.row_conflicts = s.row_conflicts;
    m.row_hit_rate = ratio(static_cast<double>(s.row_hits),
                           static_cast<double>(s.row_hits + s.row_misses + s.row_conflicts));
    m.avg_latency_ns = ratio(static_cast<double>(t.latency_sum) * p.tck_ns, t.done);
    m.avg_read_latency_ns = ratio(static_cast<double>(t.read_latency_sum) * p.tck_ns, t.reads);
    m.reads = s.reads, m.writes = s.writes;
    m.act = s.act, m.pre = s.pre, m.ref = s.ref, m.refpb = s.refpb;
    m.forwarded_reads = s.forwarded_reads;
    m.not_issued = t.not_issued;
    m.avg_occupancy = ratio(static_cast<double>(s.occupancy_clk_sum), m.elapsed_clk);
    m.requests_per_clk = ratio(static_cast<double>(t.done), m.elapsed_clk);
    m.avg_latency_clk = ratio(static_cast<double>(t.latency_sum), t.done);
    m.rd = s.rd, m.wr = s.wr;
    m.rank_active_clk = static_cast<int64_t>(s.rank_active_clk);
    m.rank_precharged_clk = static_cast<int64_t>(s.rank_precharged_clk);
}

}  // namespace

MemtestResult run_memtest(const DdrParams& p, const MemtestSpec& spec) {
    DdrDram dram(p);
    DdrChecker checker(p);
    dram.set_command_observer([&checker](const DdrCommand& c) { checker.observe(c); });
    Source src(spec, p);
    MemtestResult m;
    const Timing t = drive(dram, src, spec, p);
    m.requests = t.done;
    checker.finish(t.end_clk);
    summarise(t, dram, p, m);
    m.violations = checker.violations();
    return m;
}

DramEnergy memtest_energy(const MemtestResult& r, const DdrParams& p,
                          const DramPowerParams& power) {
    DramCommandCounts c;
    c.act = r.act, c.rd = r.rd, c.wr = r.wr, c.ref = r.ref;
    c.active_clk = r.rank_active_clk, c.precharged_clk = r.rank_precharged_clk;
    const DramTimingNs t{p.tck_ns, p.tRAS, p.tRP, p.tRC, p.tRFC, p.burst_length, p.bus_bits};
    return dram_command_energy(c, t, power);
}

std::string memtest_json(const MemtestResult& r, const std::string& preset,
                         const std::string& pattern, const DdrParams& p,
                         const std::string& frontend, const DramPowerParams& power) {
    std::string s = "{\n";
    auto add = [&s](const char* key, const std::string& value) {
        s += fmt::format("{}  \"{}\": {}", s.size() > 2 ? ",\n" : "", key, value);
    };
    auto num = [](double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); };
    add("preset", json_string(preset));
    add("pattern", json_string(pattern));
    add("frontend", json_string(frontend));
    add("requests", std::to_string(r.requests));
    add("not_issued", std::to_string(r.not_issued));
    add("bytes", std::to_string(r.bytes));
    add("reads", std::to_string(r.reads));
    add("writes", std::to_string(r.writes));
    add("elapsed_clk", std::to_string(r.elapsed_clk));
    add("elapsed_ns", num(r.elapsed_ns, 3));
    add("achieved_gbps", num(r.achieved_gbps, 3));
    add("peak_gbps", num(r.peak_gbps, 3));
    add("efficiency", num(r.efficiency, 4));
    add("row_hit_rate", num(r.row_hit_rate, 4));
    add("row_hits", std::to_string(r.row_hits));
    add("row_misses", std::to_string(r.row_misses));
    add("row_conflicts", std::to_string(r.row_conflicts));
    add("avg_latency_ns", num(r.avg_latency_ns, 2));
    add("avg_read_latency_ns", num(r.avg_read_latency_ns, 2));
    add("avg_latency_clk", num(r.avg_latency_clk, 3));
    add("requests_per_clk", num(r.requests_per_clk, 6));
    add("avg_occupancy", num(r.avg_occupancy, 4));
    add("forwarded_reads", std::to_string(r.forwarded_reads));
    add("act", std::to_string(r.act));
    add("pre", std::to_string(r.pre));
    add("ref", std::to_string(r.ref));
    add("refpb", std::to_string(r.refpb));
    add("channels", std::to_string(p.channels));
    add("burst_bytes", std::to_string(p.burst_bytes()));
    add("tck_ns", num(p.tck_ns, 3));
    const DramEnergy e = memtest_energy(r, p, power);
    add("energy_pj", num(e.total(), 3));
    add("act_energy_pj", num(e.act, 3));
    add("read_energy_pj", num(e.read, 3));
    add("write_energy_pj", num(e.write, 3));
    add("refresh_energy_pj", num(e.refresh, 3));
    add("background_energy_pj", num(e.background, 3));
    add("timing_violations", std::to_string(r.violations.size()));
    return s + "\n}\n";
}

}  // namespace sasim
