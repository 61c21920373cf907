// The mapper's analytical cost of a mapping (plain C++): DRAM bytes per operand (the same tiles
// the walker fills, summed in closed form per tiling), compute cycles of the fold executions,
// the scratchpad bytes it holds at once, and an estimate of its cycles:
//   est = max(compute, memory) + latency, memory = the larger of DRAM bursts x burst / supply
//         and packets x (latency + packet / supply) / outstanding (the DMA's issue limit: many
//         short runs are latency-bound)
//         + for every single-buffered tile refill: latency + tile / supply (not overlapped).
// Leaves out: bank conflicts, DRAM row effects, the partial-sum round trip of a spill.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "sim/mapping/walker.hpp"

namespace sasim {

// What the cost model knows of the memory path.
struct MemorySupply {
    double bytes_per_cycle = 0;  // of the accelerator clock; 0 = unlimited
    double latency_cycles = 0;   // unloaded, one request
    int64_t burst_bytes = 64;
    int64_t packet_bytes = 1024;   // the DMA's largest packet (runs are cut at its boundaries)
    int64_t max_outstanding = 8;   // DMA packets in flight
};

struct MapCost {
    bool feasible = false;
    std::string why;  // when not feasible: which scratchpad is too small, and for what
    int64_t fold_execs = 0, steps = 0, compute_cycles = 0;
    int64_t read_bytes[kOperands] = {0, 0, 0};  // ifmap, filter, partial sums read back
    int64_t write_bytes = 0;                    // outputs and spilled partial sums
    int64_t bursts = 0;
    int64_t packets = 0;  // DMA packets (runs cut at packet boundaries)
    int64_t need[kOperands] = {0, 0, 0};  // scratchpad bytes held at once (single-buffered)
    int64_t accum_bytes = 0;              // ofmap scratchpad set aside for accumulators
    bool double_buffered[kOperands] = {true, true, true};
    double est_cycles = 0;
    int64_t dram_bytes() const { return read_bytes[0] + read_bytes[1] + read_bytes[2] + write_bytes; }
};

class CostModel {
public:
    // `base`: the layer, its shape, placement and layout (its map is ignored); capacities in
    // bytes per scratchpad (ifmap, filter, ofmap).
    CostModel(const MappedLayer& base, const MemorySupply& mem, const int64_t capacity[kOperands]);
    MapCost evaluate(const Mapping& m);
    // Accumulator elements of partial sums that must stay on chip under this loop order.
    int64_t accum_elems(const Mapping& m) const;
    int64_t capacity(Operand o) const { return cap_[static_cast<int>(o)]; }
    // Bytes of one group's whole ifmap (the input rows some window reads) or filter.
    int64_t whole_bytes(Operand o);

private:
    // A partition of one extent: whole, blocks of `a`, or tiles of `a` cut in steps of `b`.
    struct Part {
        int kind;  // 0 whole, 1 blocks, 2 tiles x steps
        int64_t a, b;
        auto key() const { return std::make_tuple(kind, a, b); }
    };
    struct Sum {
        int64_t bytes = 0, bursts = 0, packets = 0, max_tile = 0, tiles = 0;
    };
    Sum tile_sum(Operand o, const Part& p1, const Part& p2);  // one group, cached
    Sum whole_ifmap();
    Part part(Loop l, int gran, const Mapping& m) const;  // gran: 0 full, 1 blocks, 2 steps
    void add_input(Operand o, const Mapping& m, MapCost& c);
    void add_outputs(const Mapping& m, MapCost& c);
    void compute(const Mapping& m, MapCost& c) const;
    void estimate(const Mapping& m, MapCost& c) const;

    MappedLayer base_;
    MemorySupply mem_;
    int64_t cap_[kOperands];
    std::map<std::tuple<int, int, int64_t, int64_t, int, int64_t, int64_t>, Sum> cache_;
    int64_t refills_[kOperands] = {0, 0, 0};  // tiles fetched (for the exposure estimate)
    int64_t tile_bytes_[kOperands] = {0, 0, 0};
};

}  // namespace sasim
