// Reading one point folder back and turning it into results.csv / layers.csv cells. Numbers
// from summary.json are copied as written; the average bandwidth is computed with 3 decimals.
#include "sim/sweep/point_row.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/config/config.hpp"
#include "sim/base/errors.hpp"
#include "sim/sweep/files.hpp"

namespace sasim {

namespace {

std::string first_line(const std::string& text) {
    for (const std::string& l : text_lines(text))
        if (l.find_first_not_of(" \t") != std::string::npos) return l;
    return "";
}

int64_t to_i64(const std::string& s) {
    try {
        return std::stoll(s);
    } catch (const std::exception&) {
        return 0;
    }
}

// pes, sram_kib and the design name from the point's resolved config (also kept for failures).
std::vector<std::string> config_cells(const PointData& d) {
    if (d.config_text.empty()) return {"", "", ""};
    try {
        const Config c = parse_config_text(d.config_text, "config.toml", {});
        return {c.name, std::to_string(c.array.rows * c.array.cols),
                std::to_string(c.sram.ifmap_kb + c.sram.filter_kb + c.sram.ofmap_kb)};
    } catch (const InputError&) {
        return {"", "", ""};
    }
}

std::string avg_gbps(const std::map<std::string, std::string>& s) {
    const auto get = [&](const char* k) { return s.count(k) ? s.at(k) : std::string(); };
    const double bytes =
        static_cast<double>(to_i64(get("dram_read_bytes")) + to_i64(get("dram_write_bytes")));
    const double cycles = static_cast<double>(to_i64(get("total_cycles")));
    double mhz = 0;
    try {
        mhz = std::stod(get("clock_mhz"));
    } catch (const std::exception&) {
    }
    // bytes per cycle x MHz = MB/s; / 1e3 = GB/s
    return fmt::format("{:.3f}", cycles > 0 ? bytes / cycles * mhz / 1e3 : 0.0);
}

// Cycles per name, in order of first appearance; largest() is "none" when all are zero.
class Tally {
public:
    void add(const std::string& name, int64_t cycles) {
        auto it = std::find_if(totals_.begin(), totals_.end(),
                               [&](const auto& t) { return t.first == name; });
        if (it == totals_.end())
            totals_.emplace_back(name, cycles);
        else
            it->second += cycles;
    }
    std::string largest() const {
        std::string best = "none";
        int64_t most = 0;
        for (const auto& [name, cycles] : totals_)
            if (cycles > most) best = name, most = cycles;
        return best;
    }

private:
    std::vector<std::pair<std::string, int64_t>> totals_;
};

// The losses of the cycle stack this layers.csv has (<name>_cycles columns): stalls split by
// cause, or in older reports by operand.
std::vector<std::string> loss_parts(const std::vector<std::string>& columns) {
    static const char* const losses[] = {"mapping_loss",        "load",
                                         "fill_drain",          "stall_dram_bandwidth",
                                         "stall_dram_latency",  "stall_interconnect",
                                         "stall_bank_conflict", "stall_ifmap",
                                         "stall_filter",        "stall_ofmap"};
    std::vector<std::string> parts;
    bool by_cause = false;
    for (const std::string name : losses) {
        if (name == "stall_ifmap" && by_cause) break;  // stalls already split by cause
        if (std::find(columns.begin(), columns.end(), name + "_cycles") == columns.end()) continue;
        parts.push_back(name);
        by_cause = by_cause || name.rfind("stall_", 0) == 0;
    }
    return parts;
}

// A CSV file of the point as header and rows; both empty if the file is absent.
void read_table(const std::string& path, std::vector<std::string>& header,
                std::vector<std::vector<std::string>>& rows) {
    const auto lines = text_lines(try_read_file(path).value_or(""));
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        if (i == 0)
            header = csv_split(lines[i]);
        else
            rows.push_back(csv_split(lines[i]));
    }
}

}  // namespace

PointData read_point(const std::string& point_dir, const std::string& id) {
    PointData d;
    d.state = point_state(point_dir, id);
    if (d.state == PointState::missing) return d;
    d.config_text = try_read_file(point_dir + "/config.toml").value_or("");
    if (d.state == PointState::failed) {
        d.status = first_line(try_read_file(point_dir + "/status.txt").value_or(""));
        d.error = first_line(try_read_file(point_dir + "/error.txt").value_or(""));
        return d;
    }
    d.summary = read_flat_json(try_read_file(point_dir + "/summary.json").value_or(""));
    if (const auto checks = try_read_file(point_dir + "/checks.txt")) {
        int64_t failed = 0;
        for (const std::string& line : text_lines(*checks)) failed += line.rfind("FAIL ", 0) == 0;
        d.checks_failed = std::to_string(failed);
    }
    read_table(point_dir + "/layers.csv", d.layer_columns, d.layer_rows);
    read_table(point_dir + "/what_if.csv", d.what_if_columns, d.what_if_rows);
    return d;
}

const std::vector<std::string>& result_columns() {
    static const std::vector<std::string> c = {
        "status",           "config",        "pes",        "sram_kib",         "total_macs",
        "total_cycles",     "stall_cycles",  "runtime_ms", "overall_util_pct", "dram_read_bytes",
        "dram_write_bytes", "dram_avg_gbps", "energy_pj",  "power_mw",         "area_mm2",
        "tops_per_watt",    "edp_uj_ms",     "bottleneck", "checks_failed",    "error"};
    return c;
}

std::vector<std::string> result_cells(const PointData& d) {
    const char* state = d.state == PointState::ok       ? "ok"
                        : d.state == PointState::failed ? "failed"
                                                        : "missing";
    std::vector<std::string> cells = {state};
    for (const std::string& c : config_cells(d)) cells.push_back(c);
    if (d.state != PointState::ok) {
        cells.resize(result_columns().size() - 1);
        cells.push_back(d.state == PointState::failed ? d.status + ": " + d.error : "");
        return cells;
    }
    const auto get = [&](const char* k) { return d.summary.count(k) ? d.summary.at(k) : ""; };
    for (const char* k : {"total_macs", "total_cycles", "total_stall_cycles", "runtime_ms",
                          "overall_util_pct", "dram_read_bytes", "dram_write_bytes"})
        cells.push_back(get(k));
    cells.push_back(avg_gbps(d.summary));
    for (const char* k : {"energy_pj", "power_mw", "area_mm2", "tops_per_watt", "edp_uj_ms"})
        cells.push_back(get(k));
    cells.push_back(run_bottleneck(d.layer_columns, d.layer_rows));
    cells.push_back(d.checks_failed);
    cells.push_back("");
    return cells;
}

std::vector<std::vector<std::string>> layer_cells(const PointData& d,
                                                  const std::vector<std::string>& columns) {
    std::vector<size_t> from;
    for (const std::string& c : columns) {
        auto it = std::find(d.layer_columns.begin(), d.layer_columns.end(), c);
        from.push_back(static_cast<size_t>(it - d.layer_columns.begin()));
    }
    std::vector<std::vector<std::string>> out;
    for (const auto& row : d.layer_rows) {
        std::vector<std::string> cells;
        for (size_t f : from) cells.push_back(f < row.size() ? row[f] : "");
        out.push_back(std::move(cells));
    }
    return out;
}

std::string run_bottleneck(const std::vector<std::string>& columns,
                           const std::vector<std::vector<std::string>>& rows) {
    const auto col = [&](const std::string& name) {
        return static_cast<size_t>(std::find(columns.begin(), columns.end(), name) -
                                   columns.begin());
    };
    const auto cell = [&](const std::vector<std::string>& r, size_t i) {
        return i < r.size() ? to_i64(r[i]) : 0;
    };
    Tally lost;
    const size_t b = col("bottleneck");
    const std::vector<std::string> parts = loss_parts(columns);
    for (const auto& r : rows) {
        if (b < columns.size()) {  // each layer's bottleneck, weighted by the cycles it lost
            const std::string name = b < r.size() ? r[b] : "";
            const size_t cycles = col(name + "_cycles");
            lost.add(name, cycles < columns.size() ? cell(r, cycles) : 0);
        } else {
            for (const std::string& name : parts) lost.add(name, cell(r, col(name + "_cycles")));
        }
    }
    return lost.largest();
}

}  // namespace sasim
