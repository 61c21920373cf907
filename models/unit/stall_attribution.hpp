// How a stall is charged to its causes (plain C++): by what went on along the memory path
// during each moment of the stall, from the models' activity logs (activity_log.hpp):
//   - requests queued at the DRAM (waiting for the bandwidth model's data bus; in a bank-level
//     DRAM held past their row-hit latency: queueing, opening rows, refresh) -> DRAM bandwidth;
//   - packets queued for the link -> interconnect;
//   - both queued -> the one queued for more of the stall (ties: DRAM bandwidth);
//   - no queue: the memory path is not saturated, the awaited data is in flight with k DMA
//     packets in all; a moment is shared among the k: a packet on the DRAM's data bus charges
//     1/k to bandwidth, one on the link 1/k to interconnect, the rest (packets in fixed-latency
//     flight: the link's latency, the DRAM's unloaded access) to DRAM latency. With one packet
//     in flight its transfer is bandwidth; with many overlapping round trips (Little's law:
//     the outstanding limit over the latency sets the rate) mostly latency.
//   - nothing in flight -> DRAM latency.
// A copy on the on-chip path in progress (network.keep_ofmap: a kept output copied from the
// ofmap to the ifmap scratchpad at the bank ports' width) counts as one more transfer in
// flight, charged to bank conflicts (the scratchpads' ports set its time); with nothing else in
// flight and no queue the moment is all bank conflicts.
// A bank-port stall (the array's own scratchpad ports) is charged to bank conflicts.
// The parts are whole cycles (largest remainders round up; ties: bandwidth, then interconnect,
// then latency) and add up to the stall exactly.
#pragma once
#include <algorithm>
#include <cstdint>
#include <set>

#include "models/common/activity_log.hpp"

namespace sasim {

// The stalls being waited out by the units that read the same logs (the array and the vector
// unit), by when each began: a unit opens its question when the stall begins and closes it once
// the stall is charged, and no unit's forgetting reaches past an open question of another.
class PathReaders {
public:
    void open(uint64_t t) { open_.insert(t); }
    void close(uint64_t t) {
        const auto it = open_.find(t);
        if (it != open_.end()) open_.erase(it);
    }
    // How far the logs may forget when a unit is done with everything before `t`.
    uint64_t forgettable(uint64_t t) const {
        return open_.empty() ? t : std::min(t, *open_.begin());
    }
    size_t open_questions() const { return open_.size(); }

private:
    std::multiset<uint64_t> open_;
};

// The logs the rule reads; a null log is activity that never happens (ideal DRAM: no queue and
// no bus; a bank-level DRAM: no bus log, its transfers are part of the row-hit latency; an
// unlimited link).
struct PathActivity {
    ActivityLog* dram_queue = nullptr;
    ActivityLog* dram_bus = nullptr;
    ActivityLog* link_queue = nullptr;
    ActivityLog* link_bus = nullptr;
    ActivityLog* in_flight = nullptr;  // DMA packets issued and not completed
    PathReaders* readers = nullptr;    // when more than one unit reads the logs
    ActivityLog* local_copy = nullptr;  // copies on the on-chip path in progress
    // The reader asks nothing before `t` again: the logs forget up to `t`, or up to the earliest
    // question another reader still has open.
    void forget_before(uint64_t t);
    // A stall from `t` is being waited out: the logs keep [t, ...) until close(t).
    void open(uint64_t t) {
        if (readers) readers->open(t);
    }
    void close(uint64_t t) {
        if (readers) readers->close(t);
    }
};

struct StallSplit {
    int64_t latency = 0, interconnect = 0, bandwidth = 0, bank = 0;
};

// The stall's time (femtoseconds) by cause.
struct StallTime {
    double latency = 0, interconnect = 0, bandwidth = 0, bank = 0;
};

// [t0, t1) by cause, by the rule above.
StallTime classify_stall(uint64_t t0, uint64_t t1, const PathActivity& a);

// `cycles` split in the proportions of `t`; all to latency when `t` is empty (ties of the
// rounding: bandwidth, interconnect, latency, bank).
StallSplit split_stall(int64_t cycles, const StallTime& t);

}  // namespace sasim
