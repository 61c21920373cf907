// The mapped workload: every layer's tensors placed in DRAM, its mapping chosen by the mapper
// (sim/mapping/mapper), and its program walked on demand (sim/mapping/walker) by the controller
// and the array. Leaves out: layer fusion and prefetch across layer boundaries.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/common/program.hpp"
#include "sim/config/config.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/workload/layer.hpp"

namespace sasim {

// What the memory path supplies, as the cost model sees it (from the DRAM and link keys).
MemorySupply memory_supply(const Config& cfg);

// One layer with its chosen mapping.
struct LayerPlan {
    MappedLayer mapped;
    LayerInfo info;
    MapCost cost;
    std::vector<Candidate> candidates;  // when the program was built with keep_candidates
    int64_t considered = 0;
    int64_t ideal_cycles() const;  // ceil(MACs / PEs)
};

class TiledProgram : public Program {
public:
    // Throws InputError naming the layer when no mapping fits its scratchpads.
    TiledProgram(const std::vector<Layer>& layers, const Config& cfg, bool keep_candidates = false);
    int64_t num_layers() const override { return static_cast<int64_t>(plans_.size()); }
    const LayerInfo& layer(int64_t i) const override { return plans_[static_cast<size_t>(i)].info; }
    std::unique_ptr<ProgramWalker> walk(int64_t i) const override;
    const LayerPlan& plan(int64_t i) const { return plans_[static_cast<size_t>(i)]; }

private:
    std::vector<LayerPlan> plans_;
};

// Per layer its mapping, then one line per event, for --dump-program.
std::string dump_program(const TiledProgram& p);

// Layer i's mappings the mapper priced (with keep_candidates), cheapest estimate first, at most
// max_rows of them and the chosen one (marked '*'), for sasim map.
std::string layer_candidates(const TiledProgram& p, int64_t i, size_t max_rows);
// layer_candidates of every layer.
std::string candidates_table(const TiledProgram& p, size_t max_rows);

}  // namespace sasim
