// Metric names and values of checks, read back from the report texts (layers.csv,
// summary.json, timeline.csv) so that checks see exactly the numbers the reports show.
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

// The "key": value lines of summary.json (a flat object, one field per line), value without
// its trailing comma.
std::vector<std::pair<std::string, std::string>> summary_fields(const std::string& json) {
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t from = 0; from < json.size();) {
        size_t end = json.find('\n', from);
        if (end == std::string::npos) end = json.size();
        const std::string l = json.substr(from, end - from);
        from = end + 1;
        const size_t q0 = l.find('"'), q1 = l.find("\": ", q0 == std::string::npos ? 0 : q0 + 1);
        if (q0 == std::string::npos || q1 == std::string::npos) continue;
        std::string value = l.substr(q1 + 3);
        if (!value.empty() && value.back() == ',') value.pop_back();
        out.emplace_back(l.substr(q0 + 1, q1 - q0 - 1), value);
    }
    return out;
}

// Numeric columns of a report CSV, found from a row it formats: a cell that reads as a number
// marks a numeric column, one without a decimal point an additive count; an empty cell a rate
// that does not apply to every run (row-hit rates without a bank-level DRAM).
struct Columns {
    std::vector<std::string> numeric, counts;
};

Columns numeric_columns(const std::string& probe_csv) {
    const std::vector<Row> rows = parse_csv(probe_csv);
    Columns c;
    double v = 0;
    for (size_t i = 0; i < rows.at(0).size() && i < rows.at(1).size(); ++i) {
        if (!rows[1][i].empty() && !parse_number(rows[1][i], v)) continue;
        c.numeric.push_back(rows[0][i]);
        if (rows[1][i].empty()) continue;
        if (rows[1][i].find('.') == std::string::npos) c.counts.push_back(rows[0][i]);
    }
    return c;
}

RunResult probe_run() {
    RunResult r;
    r.clock_mhz = 1;
    r.pes = 1;
    r.layers.resize(1);
    r.layers[0].name = "x";
    r.layers[0].type = "conv";
    r.layers[0].bottleneck = "none";
    return r;
}

const Columns& layer_columns() {
    static const Columns c = numeric_columns(layers_csv(probe_run()));
    return c;
}

const Columns& timeline_columns() {
    static const Columns c = numeric_columns(Timeline(1, 1.0, 1, 1.0).csv({0}, {"x"}, 1));
    return c;
}

std::vector<std::string> summary_numbers() {
    std::vector<std::string> names;
    double v = 0;
    for (const auto& [k, value] : summary_fields(summary_json(probe_run())))
        if (parse_number(value, v)) names.push_back(k);
    return names;
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
    for (const auto& [k, value] : summary_fields(summary_json(sub)))
        if (parse_number(value, x)) v[k] = x;
    return v;
}

}  // namespace sasim
