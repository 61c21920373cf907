// The command program the controller executes: per layer, a sequence of chunks. A chunk is a
// slice of one fold's streamed dimension; the first chunk of a fold also carries the fold's
// stationary-operand load and its load cycles, the last one its skew (fill/drain) cycles.
// Byte counts are DRAM traffic after the tiler's reuse decisions; sram_* are array-side
// scratchpad accesses. Leaves out: addresses (the DRAM models of this version need none).
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

#include "models/common/operand.hpp"

namespace sasim {

struct ChunkCmd {
    int64_t index = 0;  // position in the layer's chunk sequence
    int64_t fold = 0;   // fold number within the layer (all groups)
    bool first_in_fold = false;
    bool last_in_fold = false;

    int64_t load_cycles = 0;    // first chunk of a fold: shifting the stationary operand in
    int64_t stream_cycles = 0;  // MAC cycles of this chunk
    int64_t skew_cycles = 0;    // last chunk of a fold: pipeline fill + drain

    // DRAM -> scratchpad loads that must complete before the chunk streams.
    int64_t load_bytes[kOperands] = {0, 0, 0};           // ofmap entry: partial sums read back
    bool stationary[kOperands] = {false, false, false};  // held for the whole fold
    int64_t psum_after = -1;  // psum read waits for the store of this chunk index (-1: none)

    int64_t store_bytes = 0;  // ofmap scratchpad -> DRAM after the chunk

    int64_t sram_read_bytes[kOperands] = {0, 0, 0};  // read by the array
    int64_t sram_write_bytes_ofmap = 0;              // outputs / partial sums written by the array
};

// sc_fifo<ChunkCmd> needs a printer (for sc_fifo::print / dump).
inline std::ostream& operator<<(std::ostream& os, const ChunkCmd& c) {
    return os << "chunk " << c.index << " fold " << c.fold;
}

// Whether a chunk waits for a fill of operand o: a stationary operand is filled once per fold
// (keyed by the fold's first chunk), a streamed one per chunk, partial sums when read back.
inline bool needs_fill(const ChunkCmd& c, Operand o) {
    if (o == Operand::ofmap) return c.load_bytes[2] > 0;
    return c.stationary[static_cast<int>(o)] ? c.first_in_fold : true;
}

struct LayerInfo {
    std::string name;
    std::string type;
    int64_t macs = 0;
    int64_t folds = 0;
    int64_t chunks = 0;
    int64_t groups = 1;  // chunks are group-major: chunks / groups per group
    // Operand held whole (one group's share) in its scratchpad: fills are not slot-limited
    // within a group, but a group's fills wait until the previous group's data is released.
    bool resident[kOperands] = {false, false, false};
    // Buffer slots per fill stream (ifmap, filter, partial sums): fills in flight or held at
    // once. 2 is double buffering; small stationary blocks get as many as the scratchpad holds.
    int64_t slots[kOperands] = {2, 2, 2};
};

// Contract: layer(i) and chunk(i, j) are pure functions of their arguments (any thread may
// call them, in any order, any number of times) and return the same values every time.
class Program {
public:
    virtual ~Program() = default;
    virtual int64_t num_layers() const = 0;
    virtual const LayerInfo& layer(int64_t i) const = 0;
    virtual ChunkCmd chunk(int64_t layer, int64_t index) const = 0;
};

}  // namespace sasim
