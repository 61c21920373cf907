#include "models/unit/stall_attribution.hpp"

#include <algorithm>
#include <cstdint>

namespace sasim {

void PathActivity::forget_before(uint64_t t) {
    if (readers) t = readers->forgettable(t);
    for (ActivityLog* l : {dram_queue, dram_bus, link_queue, link_bus, in_flight, local_copy})
        if (l) l->forget_before(t);
}

StallTime classify_stall(uint64_t t0, uint64_t t1, const PathActivity& a) {
    StallTime s;
    if (t1 <= t0) return s;
    constexpr int kLogs = 6;
    const ActivityLog* logs[kLogs] = {a.dram_queue, a.link_queue, a.dram_bus,
                                      a.link_bus,   a.in_flight,  a.local_copy};
    // Of two queues, the one queued for more of the stall takes the moments both are queued.
    const uint64_t qd = a.dram_queue ? a.dram_queue->covered(t0, t1) : 0;
    const uint64_t ql = a.link_queue ? a.link_queue->covered(t0, t1) : 0;
    const auto from_t0 = [&](int k) {
        return ActivityLog::Cursor(logs[k] ? *logs[k] : ActivityLog::none(), t0);
    };
    ActivityLog::Cursor cursor[kLogs] = {from_t0(0), from_t0(1), from_t0(2),
                                         from_t0(3), from_t0(4), from_t0(5)};
    // Moment by moment: from one change of any log to the next (the logs' cursors merged).
    for (uint64_t from = t0, to = t0; from < t1; from = to) {
        to = t1;
        int64_t count[kLogs];
        for (int k = 0; k < kLogs; ++k) {
            cursor[k].advance_to(from);
            count[k] = cursor[k].count();
            to = std::min(to, cursor[k].next_change());
        }
        const double dt = static_cast<double>(to - from);
        const bool dram_q = count[0] > 0, link_q = count[1] > 0;
        if (dram_q && (!link_q || qd >= ql)) {
            s.bandwidth += dt;
        } else if (link_q) {
            s.interconnect += dt;
        } else if (count[4] > 0 || count[5] > 0) {
            const double k = static_cast<double>(count[4] + (count[5] > 0));
            const double copy = static_cast<double>(count[5] > 0) / k;
            const double bus = std::min(1.0 - copy, static_cast<double>(count[2] > 0) / k);
            const double link = std::min(1.0 - copy - bus, static_cast<double>(count[3] > 0) / k);
            s.bank += dt * copy;
            s.bandwidth += dt * bus;
            s.interconnect += dt * link;
            s.latency += dt * (1.0 - copy - bus - link);
        } else {
            s.latency += dt;
        }
    }
    return s;
}

StallSplit split_stall(int64_t cycles, const StallTime& t) {
    StallSplit s;
    if (cycles <= 0) return s;
    const double total = t.latency + t.interconnect + t.bandwidth + t.bank;
    if (total <= 0) {
        s.latency = cycles;
        return s;
    }
    const double c = static_cast<double>(cycles);
    const double share[4] = {c * t.latency / total, c * t.interconnect / total,
                             c * t.bandwidth / total, c * t.bank / total};
    int64_t part[4];
    int64_t left = cycles;
    for (int i = 0; i < 4; ++i) left -= part[i] = static_cast<int64_t>(share[i]);
    while (left > 0) {
        int best = 2;  // the tie order: bandwidth, interconnect, latency, bank
        for (int i : {1, 0, 3})
            if (share[i] - static_cast<double>(part[i]) >
                share[best] - static_cast<double>(part[best]))
                best = i;
        ++part[best];
        --left;
    }
    s.latency = part[0];
    s.interconnect = part[1];
    s.bandwidth = part[2];
    s.bank = part[3];
    return s;
}

}  // namespace sasim
