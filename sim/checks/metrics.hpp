// The metrics a check can name, per scope, and their values in a run. Layer metrics are the
// numeric columns of layers.csv as the report declares them (a column added to the report is a
// metric at once), plus derived ones (unique footprint, dram_bytes); run metrics are
// the sums of the report's integer columns and derived metrics over the selected layers and the
// numeric fields of their summary.json; window metrics are the numeric columns of timeline.csv.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/checks/expr.hpp"
#include "sim/run/results.hpp"

namespace sasim {

enum class CheckScope { layer, run, window };

const char* scope_word(CheckScope s);  // "layer", "run", "window"

// Every metric of the scope: report columns in report order, then the derived ones.
const std::vector<std::string>& metric_names(CheckScope s);
bool is_metric(CheckScope s, const std::string& name);

struct LayerMetrics {
    std::string name, type;
    MetricValues values;
};
std::vector<LayerMetrics> layer_metrics(const RunResult& run);

// Totals of the layers `selected` (indices into run.layers).
MetricValues run_metrics(const RunResult& run, const std::vector<size_t>& selected);

struct WindowMetrics {
    int64_t index = 0, start_cycle = 0, end_cycle = 0;
    std::string layer;  // running at the window's start
    MetricValues values;
};
// The rows of timeline.csv, `merge` (>= 1) consecutive rows per window: byte columns add up,
// dram_gbps is recomputed over the merged cycles, other rates are averaged.
std::vector<WindowMetrics> window_metrics(const std::string& timeline_csv, int64_t merge,
                                          double clock_mhz);

}  // namespace sasim
