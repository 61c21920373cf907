// Turns the model counters of one layer (snapshots before and after it) into its report row:
// the cycle stack, stall causes, utilizations, traffic and bandwidth.
#pragma once
#include <cstdint>
#include <vector>

#include "models/common/clock.hpp"
#include "models/common/stats.hpp"
#include "sim/config/config.hpp"
#include "sim/run/results.hpp"
#include "sim/mapping/program.hpp"

namespace sasim {

struct LayerSpan {
    std::vector<int64_t> before, after;  // counter snapshots
    int64_t cycles = 0;                  // whole accelerator cycles the layer took
};

// Throws std::logic_error if the counters do not account for every cycle of the layer.
LayerResult make_layer_result(const LayerPlan& plan, const StatRegistry& stats,
                              const LayerSpan& span, const Config& cfg);

}  // namespace sasim
