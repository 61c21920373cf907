// The mapped workload: the layers that run (workload.batch applied; an activation that directly
// follows a conv, fc or matmul folded into its drain when vector.fuse_activation says so; a
// matmul lowered to one GEMM group per image and group), every layer's tensors placed in DRAM,
// each array layer's mapping chosen by the mapper (sim/mapping/mapper) and each vector layer
// tiled for the vector unit (sim/mapping/vector_plan); a layer's program is walked on demand
// (sim/mapping/walker, vector_walker) by the controller and the unit that runs it.
// With network.keep_ofmap an output the next layer reads may stay on chip (sim/mapping/keep.hpp:
// which layers keep, planned here beside the tensors they hold).
// Leaves out: layer fusion (beyond activations); across layer boundaries filter tiles may be
// fetched early (network.prefetch_filters, the controller's rule).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/common/program.hpp"
#include "sim/config/config.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/mapping/vector_plan.hpp"
#include "sim/workload/layer.hpp"

namespace sasim {

// What the memory path supplies, as the cost model sees it (from the DRAM and link keys).
MemorySupply memory_supply(const Config& cfg);

// One layer with its chosen mapping (array layers) or tiling (vector layers).
struct LayerPlan {
    MappedLayer mapped;  // the layer and its placement; array layers: also the mapping
    LayerInfo info;
    MapCost cost;
    std::vector<Candidate> candidates;  // when the program was built with keep_candidates
    int64_t considered = 0;
    std::optional<VectorPlan> vector;  // a layer of the vector unit
    std::optional<Layer> fused;        // the activation fused into this array layer's drain
    int64_t fused_lane_cycles = 0;     // its lane cycles per output element
    bool on_vector() const { return vector.has_value(); }
    // Array layers: ceil(MACs / PEs); vector layers: ceil(lane cycles / lanes).
    int64_t ideal_cycles() const;
    // The vector unit's primitive operations: the layer's, or those of its fused activation.
    VectorWork vector_unit_work() const;
};

// The layers that run, in order: every layer's N times workload.batch (InputError past the N
// limit), matmuls lowered, and with vector.fuse_activation each activation right after an
// array layer (of its output's size) taken into that layer (`fused`).
struct RunLayer {
    Layer layer;
    std::optional<Layer> fused;
};
std::vector<RunLayer> run_layers(const std::vector<Layer>& layers, const Config& cfg);

class TiledProgram : public Program {
public:
    // Throws InputError naming the layer when no mapping or tiling fits its scratchpads.
    TiledProgram(const std::vector<Layer>& layers, const Config& cfg, bool keep_candidates = false);
    int64_t num_layers() const override { return static_cast<int64_t>(plans_.size()); }
    const LayerInfo& layer(int64_t i) const override { return plans_[static_cast<size_t>(i)].info; }
    std::unique_ptr<ProgramWalker> walk(int64_t i) const override;
    const LayerPlan& plan(int64_t i) const { return plans_[static_cast<size_t>(i)]; }

private:
    std::vector<LayerPlan> plans_;
    int64_t lanes_ = 1;  // the vector unit's, for fused activations
};

// Per layer its mapping (or tiling), then one line per event, for --dump-program.
std::string dump_program(const TiledProgram& p);

// Layer i's mappings the mapper priced (with keep_candidates), cheapest estimate first, at most
// max_rows of them and the chosen one (marked '*'), for sasim map.
std::string layer_candidates(const TiledProgram& p, int64_t i, size_t max_rows);
// layer_candidates of every layer.
std::string candidates_table(const TiledProgram& p, size_t max_rows);

}  // namespace sasim
