// Window metrics of checks: the rows of timeline.csv, optionally merged into wider windows
// (bytes added up, dram_gbps recomputed over the merged cycles).
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/checks/metrics.hpp"
#include "sim/checks/source.hpp"

namespace sasim {

namespace {

using checks_detail::Row;

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// timeline.csv does not quote the layer column: a name with commas spreads over extra cells.
Row fit_row(Row row, size_t columns, size_t layer_column) {
    if (row.size() < columns) throw std::logic_error("checks: short timeline.csv row");
    while (row.size() > columns) {
        row[layer_column] += "," + row[layer_column + 1];
        row.erase(row.begin() + static_cast<std::ptrdiff_t>(layer_column) + 1);
    }
    return row;
}

std::vector<WindowMetrics> read_rows(const std::string& csv) {
    const std::vector<Row> rows = parse_csv(csv);
    std::vector<WindowMetrics> out;
    if (rows.empty()) return out;
    const Row& head = rows[0];
    const auto layer_it = std::find(head.begin(), head.end(), "layer");
    if (layer_it == head.end()) throw std::logic_error("checks: timeline.csv has no layer column");
    const size_t layer_col = static_cast<size_t>(layer_it - head.begin());
    for (size_t r = 1; r < rows.size(); ++r) {
        const Row row = fit_row(rows[r], head.size(), layer_col);
        WindowMetrics w;
        w.layer = row[layer_col];
        double v = 0, bytes = 0;
        for (size_t c = 0; c < head.size(); ++c) {
            if (!is_metric(CheckScope::window, head[c])) continue;
            w.values[head[c]] = checks_detail::parse_number(row[c], v) ? v : std::nan("");
            if (ends_with(head[c], "_bytes")) bytes += w.values[head[c]];
        }
        w.values["dram_bytes"] = bytes;
        w.index = static_cast<int64_t>(w.values.at("window"));
        w.start_cycle = static_cast<int64_t>(w.values.at("start_cycle"));
        w.end_cycle = static_cast<int64_t>(w.values.at("end_cycle"));
        out.push_back(std::move(w));
    }
    return out;
}

WindowMetrics merge_rows(const WindowMetrics* first, size_t n, int64_t index, double mhz) {
    WindowMetrics m = first[0];
    m.index = index;
    m.end_cycle = first[n - 1].end_cycle;
    for (auto& [name, value] : m.values) {
        double sum = 0;
        for (size_t i = 0; i < n; ++i) sum += first[i].values.at(name);
        value = ends_with(name, "_bytes") ? sum : sum / static_cast<double>(n);
    }
    m.values["window"] = static_cast<double>(index);
    m.values["start_cycle"] = static_cast<double>(m.start_cycle);
    m.values["end_cycle"] = static_cast<double>(m.end_cycle);
    // bytes per cycle x MHz / 1e3 = GB/s, as timeline.cpp computes it per row
    const double cycles = static_cast<double>(m.end_cycle - m.start_cycle);
    if (m.values.count("dram_gbps") && cycles > 0)
        m.values["dram_gbps"] = m.values.at("dram_bytes") / cycles * mhz / 1e3;
    return m;
}

}  // namespace

std::vector<WindowMetrics> window_metrics(const std::string& timeline_csv, int64_t merge,
                                          double clock_mhz) {
    std::vector<WindowMetrics> rows = read_rows(timeline_csv);
    if (merge <= 1) return rows;
    std::vector<WindowMetrics> out;
    const size_t k = static_cast<size_t>(merge);
    for (size_t i = 0; i < rows.size(); i += k)
        out.push_back(merge_rows(&rows[i], std::min(k, rows.size() - i),
                                 static_cast<int64_t>(out.size()), clock_mhz));
    return out;
}

}  // namespace sasim
