// A sweep spec (TOML): a base config, one or more workloads, and axes over config keys, expanded
// into points (cartesian product; a [[zip]] group varies its keys together). Every value is
// checked against the config field table up front; errors name spec:line:column (exit 2).
#pragma once
#include <string>
#include <vector>

#include "sim/config/config.hpp"

namespace sasim {

struct SweepWorkload {
    std::string path;  // as resolved (relative to the spec's folder unless absolute)
    std::string name;  // file stem: the `workload` column
    std::string bytes;
};

// One dimension of the product: an [[axis]] (one key) or a [[zip]] (keys that vary together).
struct SweepDim {
    std::vector<std::string> keys;
    std::vector<std::vector<std::string>> sets;   // per step: "key=<toml literal>" per key
    std::vector<std::vector<std::string>> shown;  // per step: the value as shown in the CSVs
    std::vector<std::vector<std::string>> at;     // per step: "spec:line:col" of each value
};

struct SweepPoint {
    int index = 0;  // position in spec order (workloads outermost, last dimension fastest)
    int workload = 0;
    std::vector<std::string> sets;    // overrides for `sasim run --set`
    std::vector<std::string> values;  // shown values, one per swept key
    std::string config_text;          // to_toml() of the resolved point config
    std::string id;                   // result folder name: hash of config and workload
};

struct SweepSpec {
    std::string path, name;
    std::string config_path;  // base config as resolved
    std::string checks_path;  // assumption checks run on every point ("" = none)
    bool what_if = false;     // every point also runs --what-if (what_if.csv per point, collated)
    std::vector<SweepWorkload> workloads;
    std::vector<SweepDim> dims;
    std::vector<std::string> keys;  // every swept key, in dimension order (the CSV columns)
    std::vector<SweepPoint> points;
};

constexpr int kMaxSweepPoints = 100000;

// Reads, validates and expands a spec file. Throws InputError.
SweepSpec load_sweep_spec(const std::string& path);
SweepSpec parse_sweep_spec(const std::string& text, const std::string& path);

// The id of a point: fnv1a_hex of the two hashes summary.json reports (config_hash followed by
// workload_hash), so a result folder can be checked against its name.
std::string point_id(const std::string& config_hash, const std::string& workload_hash);

}  // namespace sasim
