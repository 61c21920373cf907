// Hardware-assumption checks: named assertions over a run's report metrics, per layer, per run
// or per timeline window, read from a TOML checks file (format and metrics: README, "Checks")
// and evaluated after a run (`sasim run --checks FILE [--junit FILE.xml]`, or by a sweep).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/checks/expr.hpp"
#include "sim/checks/metrics.hpp"
#include "sim/config/config.hpp"
#include "sim/run/results.hpp"
#include "sim/workload/workload.hpp"

namespace sasim {

enum class CheckOp { lt, le, gt, ge, eq, ne };
const char* op_text(CheckOp op);  // "<", "<=", ...

// Which layers a check covers: all, those of some types, or named ones.
struct LayerSelection {
    std::vector<std::string> types;     // conv | fc | gemm; empty: any type
    std::vector<std::string> names;     // empty: any name
    std::vector<std::string> names_at;  // "file:line:col" of each name
    std::string types_at;               // "file:line:col" of `type`
    bool all() const { return types.empty() && names.empty(); }
    bool selects(const std::string& name, const std::string& type) const;
};

struct Check {
    std::string name;
    std::string at;  // "file:line:col" of its [[check]] header
    CheckScope scope = CheckScope::layer;
    std::string scope_at;
    LayerSelection layers;
    Expr metric;
    CheckOp op = CheckOp::lt;
    Expr value;                 // a number, or an expression over metrics of the same scope
    int64_t window_cycles = 0;  // window scope: 0 = the timeline's window
    std::string window_cycles_at;
};

struct Checks {
    std::string source;  // the file name, as given
    std::vector<Check> checks;
};

// Reads a checks file. Every problem that needs no workload (TOML syntax, unknown keys, types,
// scope, op, metric names and expression syntax, duplicate names) throws InputError naming
// file:line:col, the key, the bad value and what is allowed.
Checks read_checks(const std::string& path);
Checks parse_checks_text(const std::string& text, const std::string& source_name);

// What needs the workload and config, checked before simulating: every named layer exists,
// every type selection selects some layer, window checks have a timeline
// (report.timeline_window_cycles > 0) and their window_cycles is a multiple of it.
void validate_checks(const Checks& checks, const Workload& workload, const Config& cfg);

// One check over one scope: a layer, the run, or a check's windows.
struct CheckResult {
    std::string check;  // the check's name
    std::string scope;  // "conv3", "run", "635 windows", "window 12 (cycles 120000-130000), ..."
    bool passed = false;
    std::string detail;        // "0.0123 < 0.05", or the failure: values, bound, ...
    std::string line() const;  // "PASS name [scope]: detail"
};

struct CheckOutcome {
    std::vector<CheckResult> results;
    int64_t failures() const;
    bool passed() const { return failures() == 0; }
    // One line per result, then "checks: N passed, M failed".
    std::string text() const;
};

// Evaluates every check on a finished run; `timeline_csv` is the run's timeline.csv text
// (run.timeline_csv). Checks naming the unique-footprint metrics need the run's layers to carry
// them (set_unique_footprint(), sim/run/results.hpp); otherwise throws std::logic_error.
CheckOutcome evaluate_checks(const Checks& checks, const RunResult& run,
                             const std::string& timeline_csv);

// JUnit XML of an outcome: one testsuite (named after the checks file), one testcase per
// result, <failure message="..."> for the failed ones. No times: equal runs, equal files.
std::string junit_xml(const Checks& checks, const CheckOutcome& outcome);

}  // namespace sasim
