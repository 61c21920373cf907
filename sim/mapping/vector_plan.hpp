// Vector layers on the vector unit: cuts a layer's tensors into tiles that fit half of each
// scratchpad they use (so that the next tile's fills overlap the current tile: input in the
// ifmap scratchpad; the second input of add / mul, or an affine's parameters, in the filter
// scratchpad; outputs in the ofmap scratchpad) and gives each tile its elements, its primitive
// operations and its DRAM addresses in the layer's placement (sim/mapping/layout):
//  - elementwise ops and gap: runs of consecutive elements in memory order (a multiple of the
//    lanes), one contiguous run each; gap writes the outputs whose plane (NCHW) or image
//    (NHWC) the run completes;
//  - softmax, layernorm: whole rows of C elements (pixels with all their channels);
//  - pooling: a block of channels x a band of output rows of one image, reading the hull of
//    the input rows and columns the windows touch (a band re-reads the R - stride input rows it
//    shares with the next). NCHW prefers whole channel planes, NHWC all channels of a band,
//    so that the DMA reads long runs;
//  - lrn: blocks of pixels with every channel; when one pixel's channels do not fit, blocks of
//    channels, each with the neighbouring channels its sums need.
// A tensor kept on chip between layers (network.keep_ofmap) changes only the ofmap scratchpad
// the tiler sees (less the kept tensors) and where the fills and stores go (keep.hpp).
// Tiles are at most what fits and, but for pooling, small enough that a layer has at least
// kMinTiles of them, though never smaller than what the DMA keeps in flight
// (dma.max_outstanding x dma.packet_bytes): with double buffering the first fill and the last store, which nothing
// overlaps, are then a small part of the layer's traffic, and a larger scratchpad never makes
// fewer, longer tiles that overlap less (it did: 2x ifmap_kb made AlexNet's LRNs 12-14 %
// slower). Pooling still takes the largest bands that fit (its bands re-read the R - stride
// input rows they share; more of them trade bytes for overlap, and with 1-byte bank ports
// their stall causes then disagree with what-if runs), so a pool can still get slower with a
// larger ifmap scratchpad (README, "Known limits").
// Leaves out: a transpose is timed as a copy in memory order.
#pragma once
#include <cstdint>
#include <string>

#include "models/common/addr.hpp"
#include "models/vector/vector_timing.hpp"
#include "sim/config/config.hpp"
#include "sim/mapping/layout.hpp"
#include "sim/workload/layer.hpp"

namespace sasim {

struct VectorTile {
    int64_t in = 0, in2 = 0, out = 0;  // elements: input, second input, output
    VectorWork work;
    AddrList in_addr, in2_addr, out_addr;
};

class VectorPlan {
public:
    static constexpr int64_t kMinTiles = 8;
    // Throws InputError naming the scratchpad key when one tile cannot fit.
    VectorPlan(const Layer& layer, const LayerPlacement& place, const Config& cfg);
    const Layer& layer() const { return layer_; }
    int64_t tiles() const { return tiles_; }
    VectorTile tile(int64_t index) const;
    // Lane cycles of a tile's work on the unit: ceil(lane cycles / lanes).
    int64_t cycles(const VectorWork& w) const { return vector_cycles(w, vp_); }
    int64_t pipeline_cycles() const { return vp_.pipeline_cycles; }
    int64_t word_bytes() const { return wb_; }
    // An affine's scale and shift per channel: filled before the first tile, held to the last.
    int64_t params_bytes() const;
    AddrList params_addr() const;
    // The largest output of one tile (bytes): what the unit's output buffers must hold.
    int64_t max_store_bytes() const;
    // The primitive operations of the whole layer, and its cycles with every lane busy.
    VectorWork work() const { return work_; }
    int64_t ideal_cycles() const { return cycles(work_); }
    // The tiling, as layers.csv's mapping column shows it.
    std::string describe() const;

private:
    enum class Kind { flat, rows, pool, lrn };
    int64_t in_flight(const Config& cfg, int64_t unit) const;
    void plan_flat(const Config& cfg);
    void plan_gap_limit(const Config& cfg, int64_t& fit) const;
    void plan_rows(const Config& cfg);
    void plan_pool(const Config& cfg);
    void plan_lrn(const Config& cfg);
    void flat_tile(int64_t i, VectorTile& t) const;
    void pool_tile(int64_t i, VectorTile& t) const;
    void lrn_tile(int64_t i, VectorTile& t) const;
    AddrList pixel_boxes(const TensorPlace& t, int64_t m0, int64_t m1, int64_t c0,
                         int64_t c1) const;

    Layer layer_;
    LayerPlacement place_;
    TensorLayout layout_;
    VectorOp op_;
    VectorParams vp_;
    int64_t wb_;
    Kind kind_ = Kind::flat;
    int64_t tiles_ = 0;
    int64_t per_tile_ = 1;             // elements (flat), rows, channels (pool, lrn)
    int64_t per_tile2_ = 1;            // pool: output rows of a band; lrn: pixels
    int64_t blocks_ = 1;               // channel blocks per image (pool, lrn)
    int64_t blocks2_ = 1;              // bands per channel block (pool); pixel blocks (lrn)
    int64_t col_lo_ = 0, col_hi_ = 0;  // pooling: input columns some window reads
    VectorWork work_;
};

}  // namespace sasim
