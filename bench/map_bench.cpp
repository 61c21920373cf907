// Speed of the mapper (issue 10: "per layer a few ms"): for each workload given, maps every
// layer alone (TiledProgram of one layer: placement, the search, the chosen mapping's cost) and
// then the whole workload, best of 3 each, on a config (default configs/default.toml) with
// --set-style overrides. Prints, per layer, the mappings priced and the search time; then the
// whole workload's. No simulation. Usage:
//   map_bench [--config FILE.toml] [--set key=value]... WORKLOAD.csv...
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/base/errors.hpp"
#include "sim/config/config.hpp"
#include "sim/mapping/program.hpp"
#include "sim/workload/workload.hpp"

namespace {

using sasim::Layer;

// Best wall time of 3 builds of the program of `layers`, in ms; `priced` gets the mappings
// priced (feasible or not) of the last build.
double best_ms(const std::vector<Layer>& layers, const sasim::Config& cfg, int64_t& priced) {
    double best = 1e300;
    for (int rep = 0; rep < 3; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        const sasim::TiledProgram p(layers, cfg);
        const auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
        priced = 0;
        for (int64_t i = 0; i < p.num_layers(); ++i) priced += p.plan(i).considered;
    }
    return best;
}

int run(int argc, char** argv) {
    std::string config = SASIM_SOURCE_DIR "/configs/default.toml";
    std::vector<std::string> sets, workloads;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--config" || a == "--set") && i + 1 < argc)
            (a == "--config" ? config : (sets.emplace_back(), sets.back())) = argv[++i];
        else
            workloads.push_back(a);
    }
    if (workloads.empty()) workloads.push_back(SASIM_SOURCE_DIR "/workloads/alexnet.csv");
    const sasim::Config cfg = sasim::load_config(config, sets);
    fmt::print("mapper search time, {} ({}x{} {}), best of 3\n\n", config, cfg.array.rows,
               cfg.array.cols, sasim::to_string(cfg.array.dataflow));
    fmt::print("| workload | layer | mappings priced | ms |\n|---|---|---:|---:|\n");
    for (const std::string& w : workloads) {
        const sasim::Workload wl = sasim::read_workload(w);
        double worst = 0;
        for (const Layer& l : wl.layers) {
            int64_t priced = 0;
            const double ms = best_ms({l}, cfg, priced);
            worst = std::max(worst, ms);
            fmt::print("| {} | {} | {} | {:.2f} |\n", wl.name, l.name, priced, ms);
        }
        int64_t priced = 0;
        const double ms = best_ms(wl.layers, cfg, priced);
        fmt::print("| {} | all {} layers | {} | {:.2f} |\n", wl.name, wl.layers.size(), priced, ms);
    }
    return 0;
}

}  // namespace

// libsystemc.so defines main() and needs an sc_main(); the mapper never starts the kernel.
extern "C" int sc_main(int, char**) { return 0; }  // as systemc.h declares it

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const sasim::InputError& e) {
        std::fprintf(stderr, "map_bench: error: %s\n", e.what());
        return 2;
    }
}
