// One point folder read back for the sweep tables: its state, the totals of its summary.json,
// its config, its layers.csv; and the cells of its results.csv row and layers.csv rows.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "sim/sweep/results.hpp"

namespace sasim {

struct PointData {
    PointState state = PointState::missing;
    std::map<std::string, std::string> summary;  // summary.json
    std::string config_text;                     // config.toml
    std::string status, error;                   // failure record: "exit 2", first stderr line
    std::vector<std::string> layer_columns;      // layers.csv header
    std::vector<std::vector<std::string>> layer_rows;
    std::string checks_failed;  // FAIL lines of checks.txt; "" when the point ran no checks
    std::vector<std::string> what_if_columns;  // what_if.csv header; empty when it has none
    std::vector<std::vector<std::string>> what_if_rows;
};

PointData read_point(const std::string& point_dir, const std::string& id);

// results.csv columns after the manifest's, and one point's cells for them.
const std::vector<std::string>& result_columns();
std::vector<std::string> result_cells(const PointData& d);

// The point's layers.csv rows, reordered to `columns` (a column the point lacks is empty).
std::vector<std::vector<std::string>> layer_cells(const PointData& d,
                                                  const std::vector<std::string>& columns);

// The run's bottleneck: the value of layers.csv's `bottleneck` column whose layers lost the most
// cycles to it; without that column, the largest loss of the cycle stack summed over layers
// (mapping_loss, load, fill_drain, stall_<cause>); "none" when nothing was lost.
std::string run_bottleneck(const std::vector<std::string>& columns,
                           const std::vector<std::vector<std::string>>& rows);

}  // namespace sasim
