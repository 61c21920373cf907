// points.csv, point folders and the collated results.csv / layers.csv of a sweep. Every number
// is copied as text from the point's own reports (or computed with fixed decimals), so the
// tables depend only on the point folders and the manifest.
#include "sim/sweep/results.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sim/base/errors.hpp"
#include "sim/report/report.hpp"
#include "sim/sweep/files.hpp"
#include "sim/sweep/point_row.hpp"

namespace sasim {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> manifest_header(const Manifest& m) {
    std::vector<std::string> h = {"point", "id", "workload"};
    h.insert(h.end(), m.keys.begin(), m.keys.end());
    return h;
}

std::vector<std::string> manifest_cells(const Manifest::Row& r) {
    std::vector<std::string> c = {std::to_string(r.point), r.id, r.workload};
    c.insert(c.end(), r.values.begin(), r.values.end());
    return c;
}

std::string layers_table(const Manifest& m, const std::vector<const Manifest::Row*>& rows,
                         const std::vector<PointData>& data) {
    std::vector<std::string> columns;  // of the first point that has layers
    for (const PointData& d : data)
        if (d.state == PointState::ok && columns.empty()) columns = d.layer_columns;
    std::vector<std::string> header = manifest_header(m);
    header.insert(header.end(), columns.begin(), columns.end());
    std::string s = csv_join(header) + "\n";
    for (size_t i = 0; i < rows.size(); ++i) {
        for (const auto& layer : layer_cells(data[i], columns)) {
            std::vector<std::string> cells = manifest_cells(*rows[i]);
            cells.insert(cells.end(), layer.begin(), layer.end());
            s += csv_join(cells) + "\n";
        }
    }
    return s;
}

// The points' what_if.csv rows, each after its point's manifest cells; "" if no point has one.
std::string what_if_table(const Manifest& m, const std::vector<const Manifest::Row*>& rows,
                          const std::vector<PointData>& data) {
    std::vector<std::string> columns;  // of the first point that has what-if rows
    for (const PointData& d : data)
        if (d.state == PointState::ok && columns.empty()) columns = d.what_if_columns;
    if (columns.empty()) return "";
    std::vector<std::string> header = manifest_header(m);
    header.insert(header.end(), columns.begin(), columns.end());
    std::string s = csv_join(header) + "\n";
    for (size_t i = 0; i < rows.size(); ++i) {
        for (const auto& row : data[i].what_if_rows) {
            std::vector<std::string> cells = manifest_cells(*rows[i]);
            cells.insert(cells.end(), row.begin(), row.end());
            s += csv_join(cells) + "\n";
        }
    }
    return s;
}

}  // namespace

Manifest manifest_of(const SweepSpec& spec) {
    Manifest m;
    m.keys = spec.keys;
    for (const SweepPoint& p : spec.points)
        m.rows.push_back({p.index, p.id, spec.workloads[p.workload].name, p.values});
    return m;
}

std::string manifest_csv(const Manifest& m) {
    std::string s = csv_join(manifest_header(m)) + "\n";
    for (const auto& r : m.rows) s += csv_join(manifest_cells(r)) + "\n";
    return s;
}

Manifest parse_manifest(const std::string& text, const std::string& path) {
    const std::vector<std::string> lines = text_lines(text);
    const auto bad = [&](size_t line, const std::string& what) {
        return InputError(fmt::format("{}:{}: {}", path, line, what));
    };
    if (lines.empty()) throw bad(1, "empty points.csv: not a sasim sweep folder");
    const std::vector<std::string> head = csv_split(lines[0]);
    if (head.size() < 3 || head[0] != "point" || head[1] != "id" || head[2] != "workload")
        throw bad(1, "expected the header 'point,id,workload,...' of a sasim sweep");
    Manifest m;
    m.keys.assign(head.begin() + 3, head.end());
    for (size_t i = 1; i < lines.size(); ++i) {
        const std::vector<std::string> c = csv_split(lines[i]);
        if (c.size() != head.size() || c[0] != std::to_string(m.rows.size()))
            throw bad(i + 1,
                      fmt::format("expected point {} with {} cells", m.rows.size(), head.size()));
        m.rows.push_back({static_cast<int>(m.rows.size()), c[1], c[2],
                          std::vector<std::string>(c.begin() + 3, c.end())});
    }
    return m;
}

PointState point_state(const std::string& point_dir, const std::string& id, bool need_what_if) {
    if (auto summary = try_read_file(point_dir + "/summary.json")) {
        auto j = read_flat_json(*summary);
        if (point_id(j["config_hash"], j["workload_hash"]) == id &&
            fs::exists(point_dir + "/layers.csv") &&
            (!need_what_if || fs::exists(point_dir + "/what_if.csv")))
            return PointState::ok;
        return PointState::missing;
    }
    return fs::exists(point_dir + "/status.txt") ? PointState::failed : PointState::missing;
}

void write_failure(const std::string& point_dir, const std::string& status,
                   const std::string& stderr_text, const std::string& config_text) {
    write_outputs(
        point_dir,
        {{"status.txt", status + "\n"}, {"error.txt", stderr_text}, {"config.toml", config_text}});
}

CollateCounts write_results(const std::string& dir, const Manifest& m,
                            const std::function<bool(int)>& selected) {
    std::vector<const Manifest::Row*> rows;
    std::vector<PointData> data;
    CollateCounts n;
    for (const auto& r : m.rows) {
        if (!selected(r.point)) continue;
        rows.push_back(&r);
        data.push_back(read_point(dir + "/points/" + r.id, r.id));
        const PointState st = data.back().state;
        ++(st == PointState::ok ? n.ok : st == PointState::failed ? n.failed : n.missing);
    }
    std::vector<std::string> header = manifest_header(m);
    const auto& metric_names = result_columns();
    header.insert(header.end(), metric_names.begin(), metric_names.end());
    std::string results = csv_join(header) + "\n";
    for (size_t i = 0; i < rows.size(); ++i) {
        std::vector<std::string> cells = manifest_cells(*rows[i]);
        const std::vector<std::string> metrics = result_cells(data[i]);
        cells.insert(cells.end(), metrics.begin(), metrics.end());
        results += csv_join(cells) + "\n";
    }
    write_file_atomically(dir + "/results.csv", results);
    write_file_atomically(dir + "/layers.csv", layers_table(m, rows, data));
    const std::string what_if = what_if_table(m, rows, data);
    if (!what_if.empty()) {
        write_file_atomically(dir + "/what_if.csv", what_if);
    } else {
        std::error_code ec;
        fs::remove(dir + "/what_if.csv", ec);
    }
    return n;
}

}  // namespace sasim
