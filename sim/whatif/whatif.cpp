#include "sim/whatif/whatif.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "sim/base/csv.hpp"
#include "sim/base/errors.hpp"
#include "sim/base/files.hpp"
#include "sim/base/process.hpp"

namespace sasim {

namespace fs = std::filesystem;

// A private temporary folder, removed with everything in it when done.
struct TempFolder {
    fs::path path;
    TempFolder() {
        static std::atomic<int> n{0};
        path = fs::temp_directory_path() / fmt::format("sasim-whatif-{}-{}", getpid(), n++);
        fs::create_directories(path);
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

namespace {

int64_t stall_of(const LayerResult& l, const std::string& cause) {
    if (cause == "stall_dram_bandwidth") return l.stall_dram_bandwidth_cycles;
    if (cause == "stall_dram_latency") return l.stall_dram_latency_cycles;
    if (cause == "stall_interconnect") return l.stall_interconnect_cycles;
    return l.stall_bank_conflict_cycles;
}

// The total_cycles column of a run's layers.csv, layer by layer.
std::vector<int64_t> total_cycles(const std::string& layers_csv) {
    const std::vector<CsvRow> rows = parse_csv(layers_csv);
    std::vector<int64_t> out;
    if (rows.empty()) return out;
    size_t col = 0;
    while (col < rows[0].size() && rows[0][col] != "total_cycles") ++col;
    for (size_t i = 1; i < rows.size(); ++i)
        if (col < rows[i].size()) out.push_back(std::stoll(rows[i][col]));
    return out;
}

}  // namespace

std::vector<WhatIfCause> what_if_causes(const Config& c) {
    std::vector<WhatIfCause> out;
    const bool bank_level = is_bank_level(c.dram.model);
    if (c.dram.model == DramModel::bandwidth) {
        out.push_back({"stall_dram_bandwidth", {"dram.bandwidth_gbps=100000"}});
    } else if (bank_level) {
        const DdrParams& p = c.dram.ddr;
        const double ns = static_cast<double>(p.CL + p.burst_length / 2) * p.tck_ns;
        const auto latency = static_cast<int64_t>(std::ceil(ns * c.clock_mhz / 1e3 - 1e-9));
        out.push_back({"stall_dram_bandwidth",
                       {"dram.model=bandwidth", "dram.bandwidth_gbps=100000",
                        fmt::format("dram.latency_cycles={}", latency),
                        fmt::format("dram.burst_bytes={}", p.burst_bytes())}});
    }
    const bool link_latency = c.interconnect.latency_cycles > 0;
    if (c.dram.model == DramModel::bandwidth && (c.dram.latency_cycles > 0 || link_latency))
        out.push_back(
            {"stall_dram_latency", {"dram.latency_cycles=0", "interconnect.latency_cycles=0"}});
    else if (bank_level)
        out.push_back(
            {"stall_dram_latency", {"dram.cl=1", "dram.cwl=1", "interconnect.latency_cycles=0"}});
    else if (link_latency)
        out.push_back({"stall_dram_latency", {"interconnect.latency_cycles=0"}});
    if (c.interconnect.bytes_per_cycle > 0)
        out.push_back({"stall_interconnect", {"interconnect.bytes_per_cycle=0"}});
    if (c.sram.bank_width_bytes > 0)
        out.push_back({"stall_bank_conflict", {"sram.bank_width_bytes=0"}});
    return out;
}

std::vector<std::string> pinned_mapping_sets(const std::string& layers_csv_path) {
    return {"mapping.strategy=auto", "mapping.order=", "mapping.tile=0", "mapping.step=0",
            "mapping.from=" + layers_csv_path};
}

// The mappings of a program as mapping.from reads them: a `layer` and a `mapping` column, and
// which layers keep their outputs on chip.
std::string pinned_csv(const TiledProgram& program) {
    std::string s = "layer,mapping,kept_ofmap_bytes\n";
    for (int64_t i = 0; i < program.num_layers(); ++i)
        s += csv_cell(program.layer(i).name) + "," + csv_cell(program.layer(i).mapping) + "," +
             std::to_string(program.layer(i).kept_out) + "\n";
    return s;
}

WhatIfRuns::WhatIfRuns(const TiledProgram& program, const Config& cfg,
                       const std::string& config_text, const std::string& workload, int jobs)
    : causes_(what_if_causes(cfg)), tmp_(std::make_unique<TempFolder>()) {
    const fs::path& dir = tmp_->path;
    const std::string config = (dir / "config.toml").string();
    write_file_atomically(config, config_text);
    // Every variant keeps each layer's mapping (mapping.from): a row measures the cause alone,
    // not a mapping the mapper would choose for other memory. The mapper fixes the mappings
    // before anything is simulated, so the variants need not wait for the run itself.
    const std::string layers = (dir / "mappings.csv").string();
    write_file_atomically(layers, pinned_csv(program));
    for (const WhatIfCause& c : causes_) {
        Job j;
        j.argv = {self_executable(),
                  "run",
                  "--config",
                  config,
                  "--workload",
                  workload,
                  "--quiet",
                  "--out",
                  (dir / c.cause).string()};
        for (const std::string& s : pinned_mapping_sets(layers))
            j.argv.insert(j.argv.end(), {"--set", s});
        for (const std::string& s : c.sets) j.argv.insert(j.argv.end(), {"--set", s});
        j.stderr_path = (dir / (c.cause + ".err")).string();
        jobs_.push_back(std::move(j));
    }
    // The pool runs beside the caller's own simulation. SIGCHLD may reach the caller's thread
    // instead of the pool's: the pool then notices an ended child at its next tick (20 ms).
    pool_ = std::thread([this, jobs] {
        try {
            run_jobs(
                jobs_, std::max(1, jobs),
                [this](const JobEnd& e) {
                    if (e.exit_code == 0 || !failure_.empty()) return;
                    const std::string err = try_read_file(jobs_[e.job].stderr_path).value_or("");
                    failure_ = fmt::format("--what-if: the run without {} failed ({}): {}",
                                           causes_[e.job].cause, describe_end(e),
                                           err.substr(0, err.find('\n')));
                },
                [this] {
                    if (cancel_) throw std::runtime_error("cancelled");  // kills the children
                },
                20);
        } catch (const std::exception& e) {
            if (!cancel_) failure_ = std::string("--what-if: ") + e.what();
        }
    });
}

WhatIfRuns::~WhatIfRuns() {
    if (pool_.joinable()) {
        cancel_ = true;
        pool_.join();
    }
}

std::vector<WhatIfRow> WhatIfRuns::rows(const RunResult& base) {
    pool_.join();
    if (!failure_.empty()) throw InputError(failure_);
    std::vector<WhatIfRow> rows;
    for (const WhatIfCause& c : causes_) {
        const std::vector<int64_t> without = total_cycles(
            try_read_file((tmp_->path / c.cause / "layers.csv").string()).value_or(""));
        if (without.size() != base.layers.size())
            throw std::logic_error("--what-if: a variant ran a different number of layers");
        for (size_t i = 0; i < without.size(); ++i) {
            const LayerResult& l = base.layers[i];
            WhatIfRow r;
            r.layer = l.name;
            r.cause = c.cause;
            r.total_cycles = l.total_cycles;
            r.cycles_without = without[i];
            r.saved_cycles = l.total_cycles - without[i];
            r.saved_pct = l.total_cycles > 0 ? 100.0 * static_cast<double>(r.saved_cycles) /
                                                   static_cast<double>(l.total_cycles)
                                             : 0.0;
            r.charged_cycles = stall_of(l, c.cause);
            rows.push_back(r);
        }
    }
    return rows;
}

std::string what_if_csv(const std::vector<WhatIfRow>& rows) {
    std::string s =
        "layer,cause,total_cycles,cycles_without,saved_cycles,saved_pct,charged_cycles\n";
    for (const WhatIfRow& r : rows)
        s += fmt::format("{},{},{},{},{},{:.3f},{}\n", csv_cell(r.layer), r.cause, r.total_cycles,
                         r.cycles_without, r.saved_cycles, r.saved_pct, r.charged_cycles);
    return s;
}

std::map<std::string, std::string> what_would_help(const std::vector<WhatIfRow>& rows) {
    std::map<std::string, const WhatIfRow*> best;
    for (const WhatIfRow& r : rows) {
        const WhatIfRow*& b = best[r.layer];
        if (!b || r.saved_cycles > b->saved_cycles) b = &r;
    }
    std::map<std::string, std::string> out;
    for (const auto& [layer, r] : best)
        out[layer] = r->saved_pct >= 1.0
                         ? fmt::format("{} -{:.0f}%", r->cause.substr(6), r->saved_pct)
                         : "-";
    return out;
}

}  // namespace sasim
