// What a DRAM model's counters say over an interval (a layer), for its report row and energy:
// the same struct from the `ideal`/`bandwidth` model (Dram: bytes and bursts only) and the
// bank-level one (DdrMemory: also row hits per DMA stream and the command and rank-state
// counts DRAMPower's method prices).
#pragma once
#include <cstdint>

#include "models/common/operand.hpp"

namespace sasim {

struct DramReading {
    int64_t read_bytes = 0, write_bytes = 0, bursts = 0;
    bool has_rows = false;  // bank-level: the rest is known
    int64_t row_hits = 0;
    // Per DMA stream (operand.hpp's kStreams: ifmap, filter, psum fills, ofmap drain).
    int64_t stream_bursts[kStreams] = {0, 0, 0, 0};
    int64_t stream_row_hits[kStreams] = {0, 0, 0, 0};
    int64_t act = 0, rd = 0, wr = 0, ref = 0;
    int64_t rank_active_clk = 0, rank_precharged_clk = 0;

    // Share of bursts that found their row open (0 when none), overall or of some streams.
    static double hit_pct(int64_t hits, int64_t all) {
        return all > 0 ? 100.0 * static_cast<double>(hits) / static_cast<double>(all) : 0.0;
    }
    double row_hit_pct() const { return hit_pct(row_hits, bursts); }
};

}  // namespace sasim
