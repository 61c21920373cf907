// How a stall is charged to its causes (plain C++): in proportion to where the awaited transfer
// spent its time in flight, summed over its packets (TransferInfo, filled in by every hop):
// fixed latencies (the link's, DRAM's: the bandwidth model's latency, a bank-level DRAM's
// row-hit access) -> DRAM latency; waiting for and occupying the link -> interconnect; DRAM
// queueing and service beyond that (transfer, opening rows, waiting for banks) -> DRAM bandwidth. Time a request waited in the DMA's queue (behind the outstanding limit or more
// urgent requests) is not its own in-flight time: it is charged in the same proportions, since
// the packets ahead of it were held by the same causes. A transfer that spent no time in flight
// charges DRAM bandwidth. The parts are whole cycles (largest remainders round up) and add up to
// the stall exactly.
#pragma once
#include <cstdint>

#include "models/common/transfer.hpp"

namespace sasim {

struct StallSplit {
    int64_t latency = 0, interconnect = 0, bandwidth = 0;
};

inline StallSplit split_stall(int64_t cycles, const TransferDone& d) {
    StallSplit s;
    const double total = d.in_flight_fs();
    if (cycles <= 0) return s;
    if (total <= 0) {
        s.bandwidth = cycles;
        return s;
    }
    const double c = static_cast<double>(cycles);
    const double share[3] = {c * d.latency_fs / total, c * d.link_fs / total,
                             c * d.dram_fs / total};
    int64_t part[3];
    int64_t left = cycles;
    for (int i = 0; i < 3; ++i) left -= part[i] = static_cast<int64_t>(share[i]);
    // Largest remainders first (ties: bandwidth, then interconnect, then latency).
    while (left > 0) {
        int best = 2;
        for (int i = 1; i >= 0; --i)
            if (share[i] - static_cast<double>(part[i]) >
                share[best] - static_cast<double>(part[best]))
                best = i;
        ++part[best];
        --left;
    }
    s.latency = part[0];
    s.interconnect = part[1];
    s.bandwidth = part[2];
    return s;
}

}  // namespace sasim
