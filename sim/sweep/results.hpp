// The sweep folder: points.csv (the manifest: every point of the spec, with its id and swept
// values), points/<id>/ (one point's `sasim run` outputs, or its failure record), and the
// collated results.csv and layers.csv. Merge and sweep share all of it, so equal point folders
// give byte-identical tables.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sim/sweep/spec.hpp"

namespace sasim {

struct Manifest {
    std::vector<std::string> keys;  // swept keys
    struct Row {
        int point = 0;
        std::string id, workload;
        std::vector<std::string> values;  // one per key
    };
    std::vector<Row> rows;
};

Manifest manifest_of(const SweepSpec& spec);
std::string manifest_csv(const Manifest& m);                                // points.csv
Manifest parse_manifest(const std::string& text, const std::string& path);  // throws InputError

// A point folder holds results (summary.json whose hashes give `id`, and what_if.csv when
// `need_what_if`), a failure record (status.txt, error.txt, config.toml), or nothing usable.
enum class PointState { ok, failed, missing };
PointState point_state(const std::string& point_dir, const std::string& id,
                       bool need_what_if = false);

// Writes the failure record of a point into `point_dir` (atomically, as a set).
void write_failure(const std::string& point_dir, const std::string& status,
                   const std::string& stderr_text, const std::string& config_text);

struct CollateCounts {
    int ok = 0, failed = 0, missing = 0;
};

// Writes dir/results.csv and dir/layers.csv (each atomically) from dir/points/<id>/ for the
// manifest rows that `selected` accepts, in manifest order; and dir/what_if.csv (the points'
// what_if.csv rows after their manifest cells) when any of those points has one (else an old
// dir/what_if.csv is removed).
CollateCounts write_results(const std::string& dir, const Manifest& m,
                            const std::function<bool(int point)>& selected);

}  // namespace sasim
