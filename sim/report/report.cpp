// Report files of a run (layers.csv, summary.json, the stdout table) and writing them as a set:
// into a temporary sibling folder that then takes the place of --out in one step, so a run that
// is killed leaves the previous complete results (or none) and the next run removes its leftovers.
#include "sim/report/report.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/base/csv.hpp"
#include "sim/base/errors.hpp"
#include "sim/base/files.hpp"
#include "sim/base/text.hpp"
#include "sim/report/report_energy.hpp"

namespace sasim {

namespace fs = std::filesystem;

namespace {

// Columns of layers.csv, in order, with how each is formatted.
struct Column {
    const char* name;
    std::string (*get)(const LayerResult&);
    ValueKind kind;
};

std::string i64(int64_t v) { return std::to_string(v); }
std::string f3(double v) { return fmt::format("{:.3f}", v); }

#define SASIM_INT_COL(field)                                      \
    {                                                             \
#field, [](const LayerResult& l) { return i64(l.field); }, ValueKind::count \
    }
#define SASIM_PCT_COL(field)                                     \
    {                                                            \
#field, [](const LayerResult& l) { return f3(l.field); }, ValueKind::number \
    }
// Row-buffer columns are empty unless the DRAM model has rows.
#define SASIM_ROW_COL(name, expr)                                                         \
    {                                                                                     \
#name, [](const LayerResult& l) { return l.has_rows ? f3(expr) : std::string(); }, \
        ValueKind::optional                                                              \
    }
// Energy columns: pJ (power: mW) with three decimals.
#define SASIM_ENERGY_COL(name, expr)                         \
    {                                                        \
#name, [](const LayerResult& l) { return f3(expr); }, ValueKind::number \
    }
#define SASIM_OP_COLS(i, op)                                                                     \
    {#op "_dram_bytes", [](const LayerResult& l) { return i64(l.dram_bytes[i]); },              \
     ValueKind::count},                                                                           \
        {#op "_bw_demand_gbps", [](const LayerResult& l) { return f3(l.bw_demand_gbps[i]); },     \
         ValueKind::number},                                                                      \
    {                                                                                             \
#op "_bw_achieved_gbps", [](const LayerResult& l) { return f3(l.bw_achieved_gbps[i]); },      \
            ValueKind::number                                                                     \
    }

const Column kColumns[] = {
    {"layer", [](const LayerResult& l) { return l.name; }, ValueKind::text},
    {"type", [](const LayerResult& l) { return l.type; }, ValueKind::text},
    SASIM_INT_COL(macs),
    SASIM_INT_COL(vector_ops),
    {"fused", [](const LayerResult& l) { return l.fused; }, ValueKind::text},
    SASIM_INT_COL(folds),
    SASIM_INT_COL(total_cycles),
    SASIM_INT_COL(ideal_cycles),
    SASIM_INT_COL(mapping_loss_cycles),
    SASIM_INT_COL(load_cycles),
    SASIM_INT_COL(fill_drain_cycles),
    SASIM_INT_COL(fused_activation_cycles),
    SASIM_INT_COL(stall_dram_bandwidth_cycles),
    SASIM_INT_COL(stall_dram_latency_cycles),
    SASIM_INT_COL(stall_interconnect_cycles),
    SASIM_INT_COL(stall_bank_conflict_cycles),
    SASIM_INT_COL(stall_cycles),
    {"bottleneck", [](const LayerResult& l) { return l.bottleneck; }, ValueKind::text},
    SASIM_INT_COL(stall_ifmap_cycles),
    SASIM_INT_COL(stall_filter_cycles),
    SASIM_INT_COL(stall_ofmap_cycles),
    SASIM_PCT_COL(mapping_efficiency_pct),
    SASIM_PCT_COL(compute_util_pct),
    SASIM_PCT_COL(overall_util_pct),
    SASIM_INT_COL(ifmap_sram_read_bytes),
    SASIM_INT_COL(ifmap_sram_write_bytes),
    SASIM_INT_COL(filter_sram_read_bytes),
    SASIM_INT_COL(filter_sram_write_bytes),
    SASIM_INT_COL(ofmap_sram_read_bytes),
    SASIM_INT_COL(ofmap_sram_write_bytes),
    SASIM_INT_COL(dram_read_bytes),
    SASIM_INT_COL(dram_write_bytes),
    SASIM_PCT_COL(dram_bw_demand_gbps),
    SASIM_PCT_COL(dram_bw_achieved_gbps),
    SASIM_OP_COLS(0, ifmap),
    SASIM_OP_COLS(1, filter),
    SASIM_OP_COLS(2, ofmap),
    SASIM_INT_COL(prefetched_filter_bytes),
    SASIM_INT_COL(kept_ofmap_bytes),
    SASIM_INT_COL(onchip_ifmap_bytes),
    SASIM_PCT_COL(noc_occupancy_pct),
    SASIM_ROW_COL(dram_row_hit_pct, l.dram_row_hit_pct),
    SASIM_ROW_COL(ifmap_row_hit_pct, l.row_hit_pct[0]),
    SASIM_ROW_COL(filter_row_hit_pct, l.row_hit_pct[1]),
    SASIM_ROW_COL(ofmap_row_hit_pct, l.row_hit_pct[2]),
    SASIM_ENERGY_COL(energy_pj, l.energy.total()),
    SASIM_ENERGY_COL(power_mw, l.power_mw),
    SASIM_ENERGY_COL(compute_energy_pj, l.energy.compute),
    SASIM_ENERGY_COL(ifmap_sram_energy_pj, l.energy.sram[0]),
    SASIM_ENERGY_COL(filter_sram_energy_pj, l.energy.sram[1]),
    SASIM_ENERGY_COL(ofmap_sram_energy_pj, l.energy.sram[2]),
    SASIM_ENERGY_COL(link_energy_pj, l.energy.link),
    SASIM_ENERGY_COL(dram_energy_pj, l.energy.dram.total()),
    SASIM_ENERGY_COL(dram_act_energy_pj, l.energy.dram.act),
    SASIM_ENERGY_COL(dram_read_energy_pj, l.energy.dram.read),
    SASIM_ENERGY_COL(dram_write_energy_pj, l.energy.dram.write),
    SASIM_ENERGY_COL(dram_refresh_energy_pj, l.energy.dram.refresh),
    SASIM_ENERGY_COL(dram_background_energy_pj, l.energy.dram.background),
    SASIM_ENERGY_COL(leakage_energy_pj, l.energy.leakage),
    {"mapping", [](const LayerResult& l) { return l.mapping; }, ValueKind::text},
};

#undef SASIM_INT_COL
#undef SASIM_PCT_COL
#undef SASIM_OP_COLS
#undef SASIM_ROW_COL
#undef SASIM_ENERGY_COL

struct Totals {
    int64_t macs = 0, vector_ops = 0, cycles = 0, stall = 0, dram_read = 0, dram_write = 0;
};

Totals totals(const RunResult& r) {
    Totals t;
    for (const LayerResult& l : r.layers) {
        t.macs += l.macs;
        t.vector_ops += l.vector_ops;
        t.cycles += l.total_cycles;
        t.stall += l.stall_cycles;
        t.dram_read += l.dram_read_bytes;
        t.dram_write += l.dram_write_bytes;
    }
    return t;
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    f << text;
    f.close();
    if (!f) throw InputError(fmt::format("{}: cannot write output file", p.string()));
}

// Sibling folders of --out DIR while a run writes it: ".DIR.tmp-<pid>" (the new set) and, where
// the folders cannot be exchanged in one step, ".DIR.old-<pid>" (the previous set).
constexpr const char* kTmpTag = ".tmp-";
constexpr const char* kOldTag = ".old-";

// Removes the sibling folders of runs that died (SIGKILL, power loss) before removing them
// themselves; those of a process still running (a concurrent run) are left alone.
void remove_stray_folders(const fs::path& parent, const std::string& name) {
    std::vector<fs::path> stray;
    std::error_code ec;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string f = it->path().filename().string();
        for (const std::string tag : {kTmpTag, kOldTag}) {
            const std::string prefix = "." + name + tag;
            const std::string pid = f.substr(std::min(f.size(), prefix.size()));
            if (f.compare(0, prefix.size(), prefix) != 0 || pid.empty() || pid.size() > 9 ||
                pid.find_first_not_of("0123456789") != std::string::npos)
                continue;
            const pid_t p = static_cast<pid_t>(std::stol(pid));
            if (p > 0 && p != getpid() && kill(p, 0) != 0 && errno == ESRCH)
                stray.push_back(it->path());
        }
    }
    for (const fs::path& p : stray) fs::remove_all(p, ec);
}

// Puts the folder `tmp` in place of `out`. Earlier results are exchanged with the new ones in one
// step (renameat2), so `out` always holds one complete set; where the file system cannot, they
// are moved aside to `old` first (a kill in between leaves no `out`, never a mixed one).
void replace_folder(const fs::path& tmp, const fs::path& out, const fs::path& old) {
    std::error_code ec;
    if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) == 0) {
        fs::remove_all(tmp, ec);  // now the previous set
        return;
    }
    if (errno != ENOENT && errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        throw fs::filesystem_error("rename", tmp, out,
                                   std::error_code(errno, std::generic_category()));
    if (fs::exists(out)) fs::rename(out, old);
    fs::rename(tmp, out);
    fs::remove_all(old, ec);
}

struct OutputPaths {
    fs::path out, tmp;  // the --out folder, its (new, empty) temporary sibling
    std::string name;   // out's file name
};

// Everything that can refuse --out short of writing the files: the checks, its parent folders,
// leftovers of killed runs, and a fresh empty temporary sibling. Throws InputError.
OutputPaths open_output_folder(const std::string& dir) {
    if (dir.empty()) throw InputError("--out: the folder name is empty; expected a folder name");
    OutputPaths p;
    p.out = fs::absolute(fs::path(dir)).lexically_normal();
    if (p.out.filename().empty()) p.out = p.out.parent_path();  // "out/" or "."
    const fs::path parent = p.out.parent_path();
    std::error_code ec;
    // Only ever replace a folder of earlier results: never a file or someone's project folder.
    if (fs::exists(p.out, ec) && !fs::is_directory(p.out, ec))
        throw InputError(fmt::format("{}: output path exists and is not a folder", dir));
    if (fs::is_directory(p.out, ec) && !fs::is_empty(p.out, ec) &&
        !fs::exists(p.out / "summary.json"))
        throw InputError(fmt::format(
            "{}: output folder is not empty and holds no sasim results (no summary.json); "
            "refusing to replace it: choose an empty or new folder",
            dir));
    fs::create_directories(parent, ec);
    if (ec) throw InputError(fmt::format("{}: cannot create output folder: {}", dir, ec.message()));
    p.name = p.out.filename().string();
    remove_stray_folders(parent, p.name);
    p.tmp = parent / fmt::format(".{}{}{}", p.name, kTmpTag, getpid());
    fs::remove_all(p.tmp, ec);
    if (!fs::create_directory(p.tmp, ec) || ec)
        throw InputError(fmt::format("{}: cannot write output folder: {}", dir,
                                     ec ? ec.message() : std::string(std::strerror(errno))));
    return p;
}

}  // namespace

std::string layers_csv(const RunResult& r) {
    std::string s;
    for (const Column& c : kColumns) s += std::string(s.empty() ? "" : ",") + c.name;
    s += "\n";
    for (const LayerResult& l : r.layers) {
        bool first = true;
        for (const Column& c : kColumns) {
            s += (first ? "" : ",") + csv_cell(c.get(l));
            first = false;
        }
        s += "\n";
    }
    return s;
}

std::vector<SummaryEntry> summary_entries(const RunResult& r) {
    const Totals t = totals(r);
    const double util = overall_util_pct(t.macs, r.pes, t.cycles);
    const auto text = [](const char* k, const std::string& v) {
        return SummaryEntry{k, ValueKind::text, json_string(v)};
    };
    const auto count = [](const char* k, int64_t v) {
        return SummaryEntry{k, ValueKind::count, std::to_string(v)};
    };
    std::vector<SummaryEntry> e = {
        text("tool", "sasim"),
        text("version", SASIM_VERSION),
        text("config", r.config_name),
        text("config_hash", r.config_hash),
        text("workload", r.workload_name),
        text("workload_hash", r.workload_hash),
        {"clock_mhz", ValueKind::number, fmt::format("{:.3f}", r.clock_mhz)},
        {"pes", ValueKind::number, std::to_string(r.pes)},
        count("layers", static_cast<int64_t>(r.layers.size())),
        count("total_macs", t.macs),
        count("total_vector_ops", t.vector_ops),
        count("total_cycles", t.cycles),
        count("total_stall_cycles", t.stall),
        {"overall_util_pct", ValueKind::number, fmt::format("{:.3f}", util)},
        {"runtime_ms", ValueKind::number,
         fmt::format("{:.6f}", static_cast<double>(t.cycles) / r.clock_mhz / 1e3)},
        count("dram_read_bytes", t.dram_read),
        count("dram_write_bytes", t.dram_write),
    };
    for (SummaryEntry& x : energy_summary_entries(r)) e.push_back(std::move(x));
    return e;
}

std::string summary_json(const RunResult& r) {
    const std::vector<SummaryEntry> entries = summary_entries(r);
    std::string s = "{\n";
    for (size_t i = 0; i < entries.size(); ++i)
        s += fmt::format("  \"{}\": {}{}\n", entries[i].name, entries[i].text,
                         i + 1 < entries.size() ? "," : "");
    return s + "}\n";
}

const std::vector<ReportField>& layers_csv_fields() {
    static const std::vector<ReportField> f = [] {
        std::vector<ReportField> out;
        for (const Column& c : kColumns) out.push_back({c.name, c.kind});
        return out;
    }();
    return f;
}

const std::vector<ReportField>& summary_json_fields() {
    static const std::vector<ReportField> f = [] {
        std::vector<ReportField> out;
        RunResult none;  // the names and kinds do not depend on the run
        none.clock_mhz = 1;
        for (const SummaryEntry& e : summary_entries(none)) out.push_back({e.name, e.kind});
        return out;
    }();
    return f;
}

std::string stdout_table(const RunResult& r, const std::map<std::string, std::string>* help) {
    std::string s = fmt::format("sasim {}: design '{}' ({}) at {:.0f} MHz, {} PEs; workload '{}'\n",
                                SASIM_VERSION, r.config_name, r.design, r.clock_mhz, r.pes,
                                r.workload_name);
    const char* row =
        "{:<10} {:>9} {:>14} {:>11} {:>12} {:>12} {:>10} {:>9} {:>10} {:>9} {:>7} {:>7} {:>10} "
        "{:>7}  {:<21}{}\n";
    s += fmt::format(row, "layer", "type", "MACs", "vector_ops", "cycles", "ideal", "map_loss",
                     "load", "fill_drain", "stall", "map", "util", "DRAM", "BW", "bottleneck",
                     help ? "what would help" : "");
    s += fmt::format(row, "", "", "[MACs]", "[ops]", "[cycles]", "[cycles]", "[cycles]",
                     "[cycles]", "[cycles]", "[cycles]", "[%]", "[%]", "[MB]", "[GB/s]", "",
                     help ? "[cause, cycles saved]" : "");
    for (const LayerResult& l : r.layers) {
        const double mb = static_cast<double>(l.dram_read_bytes + l.dram_write_bytes) / 1e6;
        std::string h;
        if (help) {
            auto it = help->find(l.name);
            h = it == help->end() ? "-" : it->second;
        }
        s += fmt::format(
            "{:<10} {:>9} {:>14} {:>11} {:>12} {:>12} {:>10} {:>9} {:>10} {:>9} {:>7.2f} {:>7.2f} "
            "{:>10.3f} {:>7.2f}  {:<21}{}\n",
            l.name, l.type, l.macs, l.vector_ops, l.total_cycles, l.ideal_cycles,
            l.mapping_loss_cycles, l.load_cycles, l.fill_drain_cycles, l.stall_cycles,
            l.mapping_efficiency_pct, l.overall_util_pct, mb, l.dram_bw_achieved_gbps,
            l.bottleneck, h);
    }
    const Totals t = totals(r);
    s += fmt::format(
        "total: {} MACs and {} vector ops in {} cycles ({:.3f} ms), {} stall cycles, DRAM {:.3f} "
        "MB\n",
        t.macs, t.vector_ops, t.cycles, static_cast<double>(t.cycles) / r.clock_mhz / 1e3, t.stall,
        static_cast<double>(t.dram_read + t.dram_write) / 1e6);
    s += energy_stdout_line(r);
    return s;
}

std::string fnv1a_hex(const std::string& bytes) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return fmt::format("{:016x}", h);
}

void check_writable_file(const std::string& path, const std::string& option) {
    const fs::path p = fs::absolute(fs::path(path));
    std::error_code ec;
    if (fs::is_directory(p, ec))
        throw InputError(fmt::format("{} {}: is a folder; expected a file name", option, path));
    const fs::path dir = p.parent_path();
    if (!fs::is_directory(dir, ec) || access(dir.c_str(), W_OK) != 0)
        throw InputError(
            fmt::format("{} {}: cannot create a file in '{}': {}", option, path, dir.string(),
                        fs::is_directory(dir, ec) ? "permission denied" : "no such folder"));
}

void check_output_folder(const std::string& dir) {
    const OutputPaths p = open_output_folder(dir);
    std::error_code ec;
    fs::remove(p.tmp, ec);
}

void write_outputs(const std::string& dir, const std::vector<OutputFile>& files) {
    const OutputPaths p = open_output_folder(dir);
    std::error_code ec;
    try {
        for (const OutputFile& f : files) write_file(p.tmp / f.name, f.text);
        replace_folder(p.tmp, p.out,
                       p.out.parent_path() / fmt::format(".{}{}{}", p.name, kOldTag, getpid()));
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(p.tmp, ec);
        throw InputError(
            fmt::format("{}: cannot write output folder: {}", dir, e.code().message()));
    } catch (...) {
        fs::remove_all(p.tmp, ec);
        throw;
    }
}

}  // namespace sasim
