// The mapper's analytical cost of a mapping (plain C++): DRAM bytes per operand (the same tiles
// the walker fills, summed in closed form per tiling), compute cycles of the fold executions,
// the scratchpad bytes it holds at once, and an estimate of its cycles:
//   est = max(compute + stream, memory) + head + tail + refills, where
//     memory = the larger of DRAM bursts x burst / supply and packets x (latency + packet /
//              supply) / outstanding (the DMA's issue limit: many short runs are latency-bound)
//     stream = operands streamed per step (double-buffered in steps): a step's fill starts when
//              the step two before it frees its buffer and must be in when the step before it
//              ends; latency + its bytes / supply beyond that step's cycles (plus the fold's
//              load and skew across a fold boundary) stalls the array
//     head   = latency + the first step's tiles / supply (nothing to overlap them with)
//     units  = outputs complete in units (an accumulator tile, written while its last row fold
//              streams; an os fold's block; a step's): a unit that outruns what drains while it
//              is written, beyond the output buffers, stalls the array for the difference
//     tail   = what of the last unit is still to write when the array is done (no fills are
//              left then: it drains at the full supply), and a trip
//     refills = for every single-buffered tile refill: latency + tile / supply
//     front  = an operand held whole is fetched as its tiles are first needed: in one chunk per
//              iteration of the loops outside the outermost loop L it does not vary along (and
//              per group), each needed during the first iteration of L; prefetch runs ahead
//              (the space is held), so the worse of the first chunk against its share of
//              compute and all chunks against the compute before the last is exposed.
// A banded mapping (band.hpp) is priced band by band: each class of equal bands by a model of
// one band (the layer with M = the band's pixels, its addresses offset to the band), times the
// bands in it; a filter held whole is fetched in the first band only, and the first fold's load
// is counted once. The estimate sums the bands' but for their heads after the first: a band's
// first fills are prefetched while the band before it runs.
// Leaves out: bank conflicts, DRAM row effects, the partial-sum round trip of a spill.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "sim/mapping/tile_count.hpp"
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

// What the mapper and the simulation may walk, refused rather than hanging or exhausting memory
// (README, "Input limits"). Real networks stay far below: AlexNet's largest layer on the default
// array has 216 fold executions and 1,152 steps.
namespace mapping_limits {
constexpr int64_t max_folds = int64_t{1} << 26;         // fold executions of a layer (t untiled)
constexpr int64_t max_steps = int64_t{1} << 26;         // steps of a mapping
constexpr int64_t max_priced_tiles = int64_t{1} << 22;  // x max_steps: tiles of one tiling
}  // namespace mapping_limits

struct MapCost {
    bool feasible = false;
    bool too_fine = false;  // not priced: more steps or tiles than mapping_limits allow
    bool exact = true;      // the byte counts are exact (else from a sample of large tilings)
    std::string why;  // when not feasible: which scratchpad is too small, and for what
    int64_t fold_execs = 0, steps = 0, compute_cycles = 0;
    int64_t read_bytes[kOperands] = {0, 0, 0};  // ifmap, filter, partial sums read back
    int64_t write_bytes = 0;                    // outputs and spilled partial sums
    int64_t bursts = 0;
    int64_t packets = 0;  // DMA packets (runs cut at packet boundaries)
    int64_t need[kOperands] = {0, 0, 0};  // scratchpad bytes held at once (single-buffered)
    int64_t accum_bytes = 0;              // ofmap scratchpad set aside for accumulators
    int64_t max_store = 0;                // the largest store
    bool double_buffered[kOperands] = {true, true, true};
    double est_cycles = 0;
    double head_cycles = 0;  // of the estimate: the first fills, exposed
    int64_t dram_bytes() const { return read_bytes[0] + read_bytes[1] + read_bytes[2] + write_bytes; }
};

class CostModel {
public:
    // `base`: the layer, its shape, placement and layout (its map is ignored); capacities in
    // bytes per scratchpad (ifmap, filter, ofmap).
    CostModel(const MappedLayer& base, const MemorySupply& mem, const int64_t capacity[kOperands]);
    CostModel(const CostModel&) = delete;  // its tile counter refers to its own layer
    CostModel& operator=(const CostModel&) = delete;
    MapCost evaluate(const Mapping& m);
    // Accumulator elements of partial sums that must stay on chip under this loop order (in a
    // band, when banded).
    int64_t accum_elems(const Mapping& m);
    // The model of the first band of `band` pixels (this model when `band` is 0 or all of M): its
    // shape, whole operands and accumulators are what a banded mapping holds on chip.
    CostModel& band_model(int64_t band);
    const MappedLayer& layer() const { return base_; }
    int64_t capacity(Operand o) const { return cap_[static_cast<int>(o)]; }
    const MemorySupply& supply() const { return mem_; }
    // Bytes of one group's whole ifmap (the input rows some window reads) or filter.
    int64_t whole_bytes(Operand o);

private:
    CostModel& band_model(const Span& b, bool first);
    MapCost evaluate_banded(const Mapping& m);
    // A partition of one extent: whole, blocks of `a`, or tiles of `a` cut in steps of `b`.
    struct Part {
        int kind;  // 0 whole, 1 blocks, 2 tiles x steps
        int64_t a, b;
        auto key() const { return std::make_tuple(kind, a, b); }
    };
    struct Sum {
        int64_t bytes = 0, bursts = 0, packets = 0, max_tile = 0, tiles = 0;
        bool exact = true;  // every tile summed (else a spread sample, scaled up)
    };
    Sum tile_sum(Operand o, const Part& p1, const Part& p2);  // one group, cached; tiles < 0:
                                                              // too many to price
    static int64_t ranges(const Part& p, int64_t extent);
    static Span range_at(const Part& p, int64_t extent, int64_t k);
    Sum whole_ifmap();
    Part part(Loop l, int gran, const Mapping& m) const;  // gran: 0 full, 1 blocks, 2 steps
    void add_input(Operand o, const Mapping& m, MapCost& c);
    void add_outputs(const Mapping& m, MapCost& c);
    void compute(const Mapping& m, MapCost& c) const;
    void estimate(const Mapping& m, MapCost& c) const;
    double stream_cycles(const Mapping& m, const MapCost& c) const;

    MappedLayer base_;
    int64_t m_off_ = 0;       // a band's model: the band's first pixel of M
    bool first_band_ = true;  // a band's model: the band is the first (whole filter, first load)
    std::map<std::tuple<int64_t, int64_t, bool>, std::unique_ptr<CostModel>> bands_;
    MemorySupply mem_;
    int64_t cap_[kOperands];
    std::map<std::tuple<int, int, int64_t, int64_t, int, int64_t, int64_t>, Sum> cache_;
    std::shared_ptr<TileCounter> tiles_;      // of the layer (a band's model shares the layer's)
    int64_t refills_[kOperands] = {0, 0, 0};  // tiles fetched (for the exposure estimate)
    int64_t tile_bytes_[kOperands] = {0, 0, 0};
    int64_t first_bytes_ = 0;      // the first step's fills
    int64_t unit_bytes_ = 0;       // outputs that complete together
    int64_t units_ = 0;            // how many such units the layer writes
    int64_t out_buffer_ = 0;       // ofmap scratchpad bytes the stores may hold
    int64_t unit_cycles_ = 0;      // cycles over which they are written
    double out_packet_bytes_ = 0;  // mean packet of the output stores
    double front_cycles_ = 0;      // front-loaded fetches beyond their first iteration's compute
};

}  // namespace sasim
