// Mapper/tiler: lowers each layer to the array's GEMM per dataflow, cuts folds into chunks
// that fit half of each double-buffered scratchpad, decides which operands stay resident
// (the whole per-group operand fits its scratchpad: fetched once) or stream (re-fetched by
// every fold that needs them), and emits the chunk program the controller runs.
// Leaves out: layer fusion and prefetch across layer boundaries.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/program.hpp"
#include "models/systolic/systolic_timing.hpp"
#include "sim/config/config.hpp"
#include "sim/workload/layer.hpp"

namespace sasim {

// What the tiler holds or walks per layer, refused up front (InputError naming the limit)
// rather than exhausting memory or appearing to hang. Real networks stay far below: AlexNet's
// largest layer needs 154,587 raw elements, 1.1 M im2col elements and 1,210 table entries.
namespace tiler_limits {
constexpr int64_t max_footprint_elems = int64_t{1} << 30;  // raw ifmap elements per group
constexpr int64_t max_im2col_elems = int64_t{1} << 34;     // im2col M*K per group (walked once)
constexpr int64_t max_table_entries = int64_t{1} << 26;    // ifmap byte counts, whole workload
}  // namespace tiler_limits

class LayerPlan {
public:
    // Throws InputError if a tile cannot fit or a tiler limit is exceeded; `table_used` is
    // the number of table entries earlier layers of the workload already hold.
    LayerPlan(const Layer& layer, const Config& cfg, int64_t table_used = 0);
    const LayerInfo& info() const { return info_; }
    const Layer& layer() const { return layer_; }
    ChunkCmd chunk(int64_t index) const;
    const FoldGeometry& geometry() const { return fg_; }
    int64_t t_chunk() const { return t_chunk_; }
    int64_t chunks_per_fold() const { return n_tc_; }
    int64_t ideal_cycles() const;  // ceil(MACs / PEs)
    int64_t table_entries() const { return static_cast<int64_t>(ifmap_bytes_.size()); }

private:
    void choose_chunk(const Layer& layer, const Config& cfg);
    void check_limits(const Layer& layer, int64_t table_used) const;
    // Entries of ifmap_bytes_: one per fold (is) or per row fold x chunk (ws, os).
    int64_t table_size() const {
        return fg_.row_folds * (df_ == Dataflow::is ? fg_.col_folds : n_tc_);
    }
    void count_ifmap(const Layer& layer);
    void fill_operands(ChunkCmd& c, int64_t fr, int64_t fc, int64_t tc, int64_t t0,
                       int64_t t) const;
    void fill_outputs(ChunkCmd& c, int64_t fr, int64_t tc, int64_t t, int64_t cols) const;

    Layer layer_;
    LayerInfo info_;
    Dataflow df_;
    ArrayShape arr_;
    GemmShape g_;
    FoldGeometry fg_;
    bool preload_;
    int64_t groups_, wb_, psum_b_;
    int64_t t_chunk_ = 0, n_tc_ = 0;
    bool ofmap_onchip_ = true;  // partial sums of all row folds accumulate in the scratchpad
    // DRAM bytes of the ifmap per (row fold or fold, chunk); see count_ifmap().
    std::vector<int64_t> ifmap_bytes_;
};

class TiledProgram : public Program {
public:
    TiledProgram(const std::vector<Layer>& layers, const Config& cfg);
    int64_t num_layers() const override { return static_cast<int64_t>(plans_.size()); }
    const LayerInfo& layer(int64_t i) const override { return plans_[i].info(); }
    ChunkCmd chunk(int64_t layer, int64_t index) const override {
        return plans_[layer].chunk(index);
    }
    const LayerPlan& plan(int64_t i) const { return plans_[i]; }

private:
    std::vector<LayerPlan> plans_;
};

// One line per chunk, for --dump-program.
std::string dump_program(const TiledProgram& p);

}  // namespace sasim
