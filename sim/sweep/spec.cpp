// Sweep spec reading: TOML structure, per-value checks against the config field table, and the
// expansion into points, each resolved exactly as `sasim run --config base --set ...` would.
#include "sim/sweep/spec.hpp"

#include "sim/base/files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/checks/checks.hpp"
#include "sim/config/config_fields.hpp"
#include "sim/report/report.hpp"
#include "sim/sweep/spec_detail.hpp"
#include "sim/workload/onnx_import.hpp"
#include "sim/workload/workload.hpp"

namespace sasim {

namespace fs = std::filesystem;
using namespace sweep_detail;

namespace {

std::string read_text(const std::string& path, const char* what) {
    return read_file(path, what, 1 << 20);  // as config and checks files
}

// A path from the spec: relative to the spec's folder unless absolute.
std::string resolve(const std::string& spec_path, const std::string& p) {
    if (fs::path(p).is_absolute()) return p;
    return (fs::path(spec_path).parent_path() / p).lexically_normal().string();
}

void require_file(const TomlSource& src, const toml::node& n, const std::string& path,
                  const char* what) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        src.fail(n, fmt::format("{} file '{}' {} (a path in a spec is relative to the spec's "
                                "folder)",
                                what, path, fs::exists(path, ec) ? "is not a file" : "not found"));
}

std::string string_value(const TomlSource& src, const toml::node& n, const std::string& key) {
    if (auto* s = n.as_string()) return s->get();
    src.fail(n, fmt::format("key '{}': expected a string, got {}", key, describe_node(n)));
}

void read_workloads(const TomlSource& src, const toml::table& doc, SweepSpec& spec) {
    const toml::node* one = doc.get("workload");
    const toml::node* many = doc.get("workloads");
    if (one && many) src.fail(*many, "give either 'workload' or 'workloads', not both");
    if (!one && !many) src.fail_file("missing key 'workload' (a workload CSV, or 'workloads')");
    std::vector<const toml::node*> items;
    if (one) items.push_back(one);
    if (many) {
        const toml::array* arr = many->as_array();
        if (!arr || arr->empty())
            src.fail(*many, fmt::format("key 'workloads': expected a non-empty array of file "
                                        "names, got {}",
                                        describe_node(*many)));
        for (const toml::node& n : *arr) items.push_back(&n);
    }
    std::map<std::string, std::string> seen;  // stem -> where
    for (const toml::node* n : items) {
        SweepWorkload w;
        w.path = resolve(src.name(), string_value(src, *n, one ? "workload" : "workloads"));
        require_file(src, *n, w.path, "workload");
        const Workload wl = read_workload(w.path);  // validates every layer now, not per point
        w.name = wl.name;
        // An ONNX model counts as the layers it imports to (as `sasim run` hashes it).
        w.bytes = wl.format == "onnx" ? native_csv(wl, "") : read_text(w.path, "workload file");
        auto [it, fresh] = seen.emplace(w.name, src.at(*n));
        if (!fresh)
            src.fail(*n, fmt::format("workload '{}' has the same name as the one at {}: the "
                                     "results name workloads by file stem",
                                     w.name, it->second));
        spec.workloads.push_back(std::move(w));
    }
}

void check_top_level(const TomlSource& src, const toml::table& doc) {
    static const std::set<std::string> allowed = {"name",      "config", "workload", "checks",
                                                  "workloads", "what_if", "axis",  "zip"};
    for (const TomlKey& k : keys_in_file_order(doc)) {
        if (!allowed.count(k.name))
            fail_at(src.at(k.at), fmt::format("unknown key '{}'; allowed: name, config, workload, "
                                              "workloads, checks, what_if, axis ([[axis]]), zip "
                                              "([[zip]])",
                                              k.name));
    }
}

// The config of every point, resolved as the point's `sasim run` will resolve it. A cross-field
// error is reported at the spec value that --set blamed.
void expand_points(SweepSpec& spec, const std::string& base_text) {
    std::map<std::string, std::string> where_of_set;
    for (const SweepDim& d : spec.dims)
        for (size_t s = 0; s < d.sets.size(); ++s)
            for (size_t k = 0; k < d.keys.size(); ++k) where_of_set[d.sets[s][k]] = d.at[s][k];
    std::vector<size_t> step(spec.dims.size(), 0);
    for (size_t w = 0; w < spec.workloads.size(); ++w) {
        const std::string workload_hash = fnv1a_hex(spec.workloads[w].bytes);
        std::fill(step.begin(), step.end(), 0);
        for (bool more = true; more;) {
            SweepPoint p;
            p.index = static_cast<int>(spec.points.size());
            p.workload = static_cast<int>(w);
            for (size_t i = 0; i < spec.dims.size(); ++i) {
                const auto& sets = spec.dims[i].sets[step[i]];
                const auto& shown = spec.dims[i].shown[step[i]];
                p.sets.insert(p.sets.end(), sets.begin(), sets.end());
                p.values.insert(p.values.end(), shown.begin(), shown.end());
            }
            p.config_text = resolve_point(spec.config_path, base_text, p, where_of_set);
            p.id = point_id(fnv1a_hex(p.config_text), workload_hash);
            spec.points.push_back(std::move(p));
            more = false;
            for (size_t i = spec.dims.size(); i-- > 0;) {  // odometer: last dimension fastest
                if (++step[i] < spec.dims[i].sets.size()) {
                    more = true;
                    break;
                }
                step[i] = 0;
            }
        }
    }
}

}  // namespace

std::string point_id(const std::string& config_hash, const std::string& workload_hash) {
    return fnv1a_hex(config_hash + workload_hash);
}

SweepSpec parse_sweep_spec(const std::string& text, const std::string& path) {
    const TomlSource src(path, text);
    const toml::table doc = parse_toml(text, path);
    check_top_level(src, doc);
    SweepSpec spec;
    spec.path = path;
    if (const toml::node* n = doc.get("name")) spec.name = string_value(src, *n, "name");
    const toml::node* cfg = doc.get("config");
    if (!cfg) src.fail_file("missing key 'config' (the base config file, relative to the spec)");
    spec.config_path = resolve(path, string_value(src, *cfg, "config"));
    require_file(src, *cfg, spec.config_path, "config");
    const std::string base_text = read_text(spec.config_path, "config file");
    if (const toml::node* n = doc.get("checks")) {  // each point runs with --checks
        spec.checks_path = resolve(path, string_value(src, *n, "checks"));
        require_file(src, *n, spec.checks_path, "checks");
        read_checks(spec.checks_path);  // a bad checks file is refused before any point runs
    }
    if (const toml::node* n = doc.get("what_if")) {  // each point runs with --what-if
        const auto* b = n->as_boolean();
        if (!b)
            src.fail(*n, fmt::format("key 'what_if': expected true or false, got {}",
                                     describe_node(*n)));
        spec.what_if = b->get();
    }
    read_workloads(src, doc, spec);
    spec.dims = read_dims(src, doc);
    int64_t count = static_cast<int64_t>(spec.workloads.size());
    for (const SweepDim& d : spec.dims) {
        spec.keys.insert(spec.keys.end(), d.keys.begin(), d.keys.end());
        count *= static_cast<int64_t>(d.sets.size());
        if (count > kMaxSweepPoints)
            src.fail_file(
                fmt::format("the sweep has more than {} points; split it into several "
                            "specs",
                            kMaxSweepPoints));
    }
    expand_points(spec, base_text);
    return spec;
}

SweepSpec load_sweep_spec(const std::string& path) {
    return parse_sweep_spec(read_text(path, "sweep spec"), path);
}

}  // namespace sasim
