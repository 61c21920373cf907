// Turns the models' readings of one layer (their counters between snapshots before and after
// it, each read by its model: StepUnit::reading, Scratchpad::reading, ...) into its report row:
// the cycle stack, stall causes, utilizations, traffic and bandwidth.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/clock.hpp"
#include "models/common/stats.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/dram/dram_reading.hpp"
#include "models/interconnect/interconnect.hpp"
#include "models/sram/scratchpad.hpp"
#include "models/unit/step_unit.hpp"
#include "sim/config/config.hpp"
#include "sim/mapping/program.hpp"
#include "sim/run/results.hpp"

namespace sasim {

// Every model's reading over one layer.
struct LayerReadings {
    StepUnit::Reading unit;  // of the unit that ran the layer
    Scratchpad::Reading sram[kOperands];
    DmaEngine::Reading dma;
    Interconnect::Reading link;
    DramReading dram;
};

struct LayerSpan {
    std::vector<int64_t> before, after;  // counter snapshots
    LayerReadings read;                  // the models' readings of them
    int64_t cycles = 0;                  // whole accelerator cycles the layer took
    // Fill bytes moved during the layer before this one that are this layer's (its filters
    // fetched early; those moved during this one for the next: read.dma.early_bytes).
    int64_t early_in = 0;
    int64_t landed_in = 0;  // the same, as they landed in the filter scratchpad
};

// Throws std::logic_error if the counters do not account for every cycle of the layer. A vector
// layer's row comes from the vector unit's reading: the same columns, MACs 0, its primitive
// operations in vector_ops.
LayerResult make_layer_result(const LayerPlan& plan, const LayerSpan& span, const Config& cfg);

// Shared by both: what limits the layer (bottleneck: a stall cause costing >= 5 % of it, else
// the largest loss of the stack), the stall columns from the unit's reading, and the
// scratchpad, DRAM, bandwidth and interconnect columns from the other readings (`busy`: the
// cycles the layer would take with no stalls).
namespace layer_result_detail {
std::string bottleneck(const LayerResult& r);
void fill_stalls(LayerResult& r, const StepUnit::Reading& u);
// Throws std::logic_error unless busy + stalls = the layer's cycles and the causes = the stalls.
void check_accounting(const LayerResult& r, int64_t busy, const LayerSpan& span);
void fill_traffic(LayerResult& r, const LayerSpan& span, int64_t busy, const Config& cfg);
}  // namespace layer_result_detail

}  // namespace sasim
