// The mapper: for each layer, enumerates mappings (loop order, t tile, each operand's level
// and the step size, partial sums on chip or spilled), prices each with the cost model and
// picks the cheapest by score = estimated cycles + 1/4 x DRAM bytes / supply (bytes per cycle;
// ideal memory: the estimate alone), then the fewest DRAM bytes, then the fewest steps (scores
// within 0.1 % tie), never moving more DRAM bytes than the `scalesim` mapping would. The charge:
// a transfer the estimate overlaps with compute still costs cycles it leaves out (DRAM rows and
// refresh, scratchpad bank ports, the DMA's arbitration), so a small estimated gain does not
// buy a large DRAM traffic (e.g. 32x32 ws VGG conv3_2, 1 MiB ofmap: 1.3 % estimated for 2.5x
// the bytes, simulated 1.9 % slower on LPDDR4). `scalesim` is
// SCALE-Sim's fixed mapping: column folds outermost, one fold streams all of T in steps that
// fit half of each scratchpad, an operand kept whole when it fits, else re-read every fold.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/mapping/cost.hpp"

namespace sasim {

struct MapperOptions {
    MapStrategy strategy = MapStrategy::automatic;
    std::string order;  // "" = searched; else GEMM letters outermost first ("NKM")
    int64_t tile = 0;   // 0 = searched; else the t tile (>= T: one tile)
    int64_t step = 0;   // 0 = searched
    // Non-empty: the layer's mapping is this mapping_text (mapping.from), priced, not searched;
    // `pinned_where` says where it came from ("FILE:LINE") for messages.
    std::string pinned, pinned_where;
};

struct Candidate {
    Mapping map;
    MapCost cost;
};

struct MapResult {
    Mapping map;
    MapCost cost;
    std::vector<Candidate> candidates;  // every feasible mapping priced (when asked for)
    int64_t considered = 0;             // mappings priced, feasible or not
};

// SCALE-Sim's mapping of the layer (steps halved until every tile fits its scratchpad).
Mapping scalesim_mapping(const LayerShape& s, CostModel& cm);

// Throws InputError naming the layer when no mapping fits (or a pinned one does not) (a scratchpad smaller than one array
// row of an operand); `keep` fills MapResult::candidates.
MapResult choose_mapping(const MappedLayer& base, CostModel& cm, const MapperOptions& opt,
                         bool keep = false);

}  // namespace sasim
