// Metric names and values of checks. The names and kinds are the ones the reports declare
// (layers_csv_fields, summary_json_fields, Timeline::fields); the values are read back from the
// report texts, so that checks see exactly the numbers the reports show.
#include "sim/checks/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/checks/source.hpp"
#include "sim/report/report.hpp"
#include "sim/run/timeline.hpp"

namespace sasim {

namespace {

using checks_detail::parse_number;
using checks_detail::Row;

struct Columns {
    std::vector<std::string> numeric, counts;  // counts: integers that add up over layers
};

Columns numeric_columns(const std::vector<ReportField>& fields) {
    Columns c;
    for (const ReportField& f : fields) {
        if (f.kind == ValueKind::text) continue;
        c.numeric.push_back(f.name);
        if (f.kind == ValueKind::count) c.counts.push_back(f.name);
    }
    return c;
}

const Columns& layer_columns() {
    static const Columns c = numeric_columns(layers_csv_fields());
    return c;
}

const Columns& timeline_columns() {
    static const Columns c = numeric_columns(Timeline::fields());
    return c;
}

std::vector<std::string> summary_numbers() {
    return numeric_columns(summary_json_fields()).numeric;
}

struct Derived {
    const char* name;
    bool footprint;  // needs set_unique_footprint()
    double (*get)(const LayerResult&);
};

// Derived layer metrics (README, "Checks", says what each means).
const std::vector<Derived>& derived() {
    static const std::vector<Derived> d = {
        {"dram_bytes", false,
         [](const LayerResult& l) { return double(l.dram_read_bytes + l.dram_write_bytes); }},
        {"ifmap_unique_bytes", true,
         [](const LayerResult& l) { return double(l.ifmap_unique_bytes); }},
        {"filter_unique_bytes", true,
         [](const LayerResult& l) { return double(l.filter_unique_bytes); }},
        {"ofmap_unique_bytes", true,
         [](const LayerResult& l) { return double(l.ofmap_unique_bytes); }},
        {"unique_footprint_bytes", true,
         [](const LayerResult& l) { return double(l.ifmap_unique_bytes + l.filter_unique_bytes); }},
    };
    return d;
}

void append_new(std::vector<std::string>& to, const std::vector<std::string>& names) {
    for (const auto& n : names)
        if (std::find(to.begin(), to.end(), n) == to.end()) to.push_back(n);
}

std::vector<std::string> derived_names() {
    std::vector<std::string> n;
    for (const Derived& d : derived()) n.push_back(d.name);
    return n;
}

}  // namespace

const char* scope_word(CheckScope s) {
    switch (s) {
        case CheckScope::layer:
            return "layer";
        case CheckScope::run:
            return "run";
        case CheckScope::window:
            return "window";
    }
    return "?";
}

const std::vector<std::string>& metric_names(CheckScope s) {
    static const std::vector<std::string> layer = [] {
        std::vector<std::string> n = layer_columns().numeric;
        append_new(n, derived_names());
        return n;
    }();
    static const std::vector<std::string> run = [] {
        std::vector<std::string> n = layer_columns().counts;
        append_new(n, summary_numbers());
        append_new(n, derived_names());
        return n;
    }();
    static const std::vector<std::string> window = [] {
        std::vector<std::string> n = timeline_columns().numeric;
        append_new(n, {"dram_bytes"});
        return n;
    }();
    return s == CheckScope::layer ? layer : s == CheckScope::run ? run : window;
}

bool is_metric(CheckScope s, const std::string& name) {
    const auto& n = metric_names(s);
    return std::find(n.begin(), n.end(), name) != n.end();
}

std::vector<LayerMetrics> layer_metrics(const RunResult& run) {
    const std::vector<Row> rows = parse_csv(layers_csv(run));
    std::vector<LayerMetrics> out;
    double v = 0;
    for (size_t i = 0; i < run.layers.size(); ++i) {
        const LayerResult& l = run.layers[i];
        LayerMetrics m{l.name, l.type, {}};
        const Row& row = rows.at(i + 1);
        for (size_t c = 0; c < rows[0].size() && c < row.size(); ++c)  // empty: not applicable
            if (is_metric(CheckScope::layer, rows[0][c]))
                m.values[rows[0][c]] = parse_number(row[c], v) ? v : std::nan("");
        for (const Derived& d : derived())
            if (!d.footprint || l.has_footprint) m.values.emplace(d.name, d.get(l));
        out.push_back(std::move(m));
    }
    return out;
}

MetricValues run_metrics(const RunResult& run, const std::vector<size_t>& selected) {
    RunResult sub;
    sub.config_name = run.config_name;
    sub.workload_name = run.workload_name;
    sub.clock_mhz = run.clock_mhz;
    sub.pes = run.pes;
    sub.area = run.area;
    for (size_t i : selected) sub.layers.push_back(run.layers.at(i));
    std::vector<std::string> summed = layer_columns().counts;
    append_new(summed, derived_names());
    const std::vector<LayerMetrics> layers = layer_metrics(sub);
    MetricValues v;
    for (const std::string& name : summed) {
        double sum = 0;
        bool everywhere = true;  // the footprint metrics exist only when they were filled in
        for (const LayerMetrics& l : layers) {
            const auto it = l.values.find(name);
            everywhere = everywhere && it != l.values.end();
            if (it != l.values.end()) sum += it->second;
        }
        if (everywhere) v[name] = sum;
    }
    double x = 0;
    for (const SummaryEntry& e : summary_entries(sub))
        if (e.kind != ValueKind::text && parse_number(e.text, x)) v[e.name] = x;
    return v;
}

}  // namespace sasim
