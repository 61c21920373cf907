// Evaluating checks on a finished run: one result per check and layer (layer scope), per check
// (run scope: totals of its layers; window scope: all its windows, failing at the first bad one).
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <stdexcept>

#include "sim/checks/checks.hpp"

namespace sasim {

namespace {

// An undefined side (NaN) fails every comparison, != included.
bool holds(CheckOp op, double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return false;
    switch (op) {
        case CheckOp::lt:
            return a < b;
        case CheckOp::le:
            return a <= b;
        case CheckOp::gt:
            return a > b;
        case CheckOp::ge:
            return a >= b;
        case CheckOp::eq:
            return a == b;
        case CheckOp::ne:
            return a != b;
    }
    return false;
}

// How far a passing comparison is from failing (smaller: closer); for choosing the window to
// show when every window passes.
double margin(CheckOp op, double a, double b) {
    switch (op) {
        case CheckOp::lt:
        case CheckOp::le:
            return b - a;
        case CheckOp::gt:
        case CheckOp::ge:
            return a - b;
        case CheckOp::eq:
            return 0;
        case CheckOp::ne:
            return std::fabs(a - b);
    }
    return 0;
}

// "0.05", "dram_read_bytes = 37757952", "a / b = 7900 / 120568 = 0.06552".
std::string describe(const Expr& e, const MetricValues& v, double value) {
    if (e.is_number()) return format_value(value);
    if (e.is_single_metric()) return e.text() + " = " + format_value(value);
    return fmt::format("{} = {} = {}", e.text(), e.substituted(v), format_value(value));
}

struct Measured {
    double a = 0, b = 0;
    bool ok = false;
};

Measured measure(const Check& c, const MetricValues& v, const std::string& where) {
    for (const Expr* e : {&c.metric, &c.value})
        for (const ExprName& n : e->names())
            if (!v.count(n.name))
                throw std::logic_error(
                    fmt::format("check '{}': {} has no value for '{}'{}", c.name, where, n.name,
                                n.name.find("unique") != std::string::npos
                                    ? " (call set_unique_footprint() on the run's layers)"
                                    : ""));
    Measured m;
    m.a = c.metric.eval(v);
    m.b = c.value.eval(v);
    m.ok = holds(c.op, m.a, m.b);
    return m;
}

std::string pass_detail(const Check& c, const Measured& m) {
    return fmt::format("{} {} {}", format_value(m.a), op_text(c.op), format_value(m.b));
}

std::string fail_detail(const Check& c, const MetricValues& v, const Measured& m) {
    std::string s = fmt::format("{}, expected {} {}", describe(c.metric, v, m.a), op_text(c.op),
                                describe(c.value, v, m.b));
    // Values that print alike but differ (== compares exactly) are shown in full.
    if (m.a != m.b && !std::isnan(m.a) && !std::isnan(m.b) &&
        format_value(m.a) == format_value(m.b))
        s += fmt::format(" (exactly {:.17g} and {:.17g})", m.a, m.b);
    return s;
}

void eval_layers(const Check& c, const std::vector<LayerMetrics>& layers, CheckOutcome& out) {
    size_t n = 0;
    for (const LayerMetrics& l : layers) {
        if (!c.layers.selects(l.name, l.type)) continue;
        ++n;
        const Measured m = measure(c, l.values, "layer '" + l.name + "'");
        out.results.push_back(
            {c.name, l.name, m.ok, m.ok ? pass_detail(c, m) : fail_detail(c, l.values, m)});
    }
    if (n == 0) out.results.push_back({c.name, "no layers", false, "selects no layer of the run"});
}

std::string run_label(const LayerSelection& s) {
    if (s.all()) return "run";
    if (!s.names.empty()) return fmt::format("run: {}", fmt::join(s.names, ", "));
    return fmt::format("run: {} layers", fmt::join(s.types, ", "));
}

void eval_run(const Check& c, const RunResult& run, const std::vector<LayerMetrics>& layers,
              CheckOutcome& out) {
    std::vector<size_t> selected;
    for (size_t i = 0; i < layers.size(); ++i)
        if (c.layers.selects(layers[i].name, layers[i].type)) selected.push_back(i);
    if (selected.empty()) {
        out.results.push_back({c.name, run_label(c.layers), false, "selects no layer of the run"});
        return;
    }
    const MetricValues v = run_metrics(run, selected);
    const Measured m = measure(c, v, "the run");
    out.results.push_back(
        {c.name, run_label(c.layers), m.ok, m.ok ? pass_detail(c, m) : fail_detail(c, v, m)});
}

std::string window_text(const WindowMetrics& w) {
    return fmt::format("window {} (cycles {}-{})", w.index, w.start_cycle, w.end_cycle);
}

// The windows a check covers: timeline rows merged to its window_cycles, those starting in
// its layers; `width` is set to the windows' width in cycles.
std::vector<WindowMetrics> windows_of(const Check& c, const RunResult& run,
                                      const std::string& timeline_csv, int64_t& width) {
    std::vector<WindowMetrics> rows = window_metrics(timeline_csv, 1, run.clock_mhz);
    width = rows.empty() ? 0 : rows[0].end_cycle - rows[0].start_cycle;
    if (c.window_cycles > 0 && width > 0 && c.window_cycles / width > 1) {
        rows = window_metrics(timeline_csv, c.window_cycles / width, run.clock_mhz);
        width = rows[0].end_cycle - rows[0].start_cycle;
    }
    std::map<std::string, std::string> type_of;
    for (const LayerResult& l : run.layers) type_of[l.name] = l.type;
    std::vector<WindowMetrics> out;
    for (WindowMetrics& w : rows)
        if (c.layers.selects(w.layer, type_of[w.layer])) out.push_back(std::move(w));
    return out;
}

void eval_windows(const Check& c, const RunResult& run, const std::string& timeline_csv,
                  CheckOutcome& out) {
    int64_t width = 0;
    const std::vector<WindowMetrics> windows = windows_of(c, run, timeline_csv, width);
    const WindowMetrics *first_bad = nullptr, *closest = nullptr;
    Measured bad, best;
    size_t failing = 0;
    for (const WindowMetrics& w : windows) {
        const Measured m = measure(c, w.values, window_text(w));
        if (!m.ok && failing++ == 0) first_bad = &w, bad = m;
        if (m.ok && (!closest || margin(c.op, m.a, m.b) < margin(c.op, best.a, best.b)))
            closest = &w, best = m;
    }
    const size_t n = windows.size();
    const char* noun = n == 1 ? "window" : "windows";
    if (n == 0)
        out.results.push_back({c.name, "no windows", false,
                               timeline_csv.empty() ? "the run has no timeline.csv"
                                                    : "no timeline window starts in the "
                                                      "selected layers"});
    else if (first_bad)
        out.results.push_back(
            {c.name, fmt::format("{}, layer {}", window_text(*first_bad), first_bad->layer), false,
             fmt::format("{}; {} of {} {} fail", fail_detail(c, first_bad->values, bad), failing, n,
                         noun)});
    else
        out.results.push_back(
            {c.name, fmt::format("{} {} of {} cycles", n, noun, width), true,
             fmt::format("{}, closest in {}", pass_detail(c, best), window_text(*closest))});
}

}  // namespace

const char* op_text(CheckOp op) {
    static const char* const kText[] = {"<", "<=", ">", ">=", "==", "!="};
    return kText[static_cast<int>(op)];
}

std::string CheckResult::line() const {
    return fmt::format("{} {} [{}]: {}", passed ? "PASS" : "FAIL", check, scope, detail);
}

int64_t CheckOutcome::failures() const {
    int64_t n = 0;
    for (const CheckResult& r : results) n += !r.passed;
    return n;
}

std::string CheckOutcome::text() const {
    std::string s;
    for (const CheckResult& r : results) s += r.line() + "\n";
    const int64_t failed = failures();
    return s + fmt::format("checks: {} passed, {} failed\n",
                           static_cast<int64_t>(results.size()) - failed, failed);
}

CheckOutcome evaluate_checks(const Checks& checks, const RunResult& run,
                             const std::string& timeline_csv) {
    const std::vector<LayerMetrics> layers = layer_metrics(run);
    CheckOutcome out;
    for (const Check& c : checks.checks) {
        switch (c.scope) {
            case CheckScope::layer:
                eval_layers(c, layers, out);
                break;
            case CheckScope::run:
                eval_run(c, run, layers, out);
                break;
            case CheckScope::window:
                eval_windows(c, run, timeline_csv, out);
                break;
        }
    }
    return out;
}

}  // namespace sasim
