#include "sim/app/map_command.hpp"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "sim/app/cli.hpp"
#include "sim/base/errors.hpp"
#include "sim/config/config.hpp"
#include "sim/mapping/program.hpp"
#include "sim/run/system.hpp"
#include "sim/workload/workload.hpp"

namespace sasim {

namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: sasim map [--config FILE.toml] [--workload FILE.csv|MODEL.onnx] [--set key=value]...\n"
    "                 [--max-rows N]\n"
    "  Per layer: the mappings the mapper priced, cheapest estimate first (at most N, default\n"
    "  10, and the chosen one, marked '*'), then the chosen mapping simulated beside its\n"
    "  estimate: cycles and DRAM bytes per operand (ofmap: outputs and partial sums both ways).\n"
    "  A vector-unit layer has no mapping to choose: its tiling, then its simulated cycles.\n";

struct MapArgs : DesignArgs {
    int64_t max_rows = 10;
    bool help = false;
};

MapArgs parse_map_args(int argc, char** argv) {
    MapArgs a;
    po::options_description d("sasim map");
    add_design_options(d, a);
    d.add_options()("max-rows", po::value(&a.max_rows), "candidates listed per layer (default 10)")(
        "help,h", po::bool_switch(&a.help), "print this help");
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(d).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw InputError(fmt::format("sasim map: {}\n{}", e.what(), kUsage));
    }
    if (a.help) {
        std::cout << kUsage << "\n" << d;
        return a;
    }
    if (a.max_rows < 1 || a.max_rows > 1000000)
        throw InputError(
            fmt::format("--max-rows: {} is out of range; allowed 1 to 1000000", a.max_rows));
    default_design(a);
    return a;
}

// Simulated, estimated, and the difference in percent of the estimate.
std::string versus(int64_t simulated, double estimated) {
    if (estimated <= 0) return fmt::format("{:>12} {:>12.0f}", simulated, estimated);
    const double pct = 100.0 * (static_cast<double>(simulated) - estimated) / estimated;
    return fmt::format("{:>12} {:>12.0f} {:>+8.1f} %", simulated, estimated, pct);
}

std::string simulated_vs_estimate(const LayerResult& r, const MapCost& c) {
    const double est[kOperands] = {static_cast<double>(c.read_bytes[0]),
                                   static_cast<double>(c.read_bytes[1]),
                                   static_cast<double>(c.read_bytes[2] + c.write_bytes)};
    std::string s = fmt::format("  chosen, simulated vs estimated:{:>10} {:>12} {:>12} {:>10}\n",
                                "", "simulated", "estimated", "diff");
    s += fmt::format("    {:<38}{}\n", "total_cycles / est_cycles", versus(r.total_cycles,
                                                                          c.est_cycles));
    for (int o = 0; o < kOperands; ++o)
        s += fmt::format("    {:<38}{}\n",
                         fmt::format("{} DRAM bytes", to_string(static_cast<Operand>(o))),
                         versus(r.dram_bytes[o], est[o]));
    return s;
}

}  // namespace

int map_command(int argc, char** argv) {
    const MapArgs a = parse_map_args(argc, argv);
    if (a.help) return 0;
    const Config cfg = load_config(a.config, a.sets);
    const Workload wl = read_workload(a.workload);
    const TiledProgram program(wl.layers, cfg, /*keep_candidates=*/true);
    const RunResult r = simulate(cfg, program);
    if (!r.error.empty()) {
        std::cerr << "sasim: error: " << r.error << "\n";
        return 2;
    }
    std::cout << fmt::format("sasim map: design '{}'; workload '{}'\n", r.design, wl.name);
    for (int64_t i = 0; i < program.num_layers(); ++i) {
        std::cout << layer_candidates(program, i, static_cast<size_t>(a.max_rows));
        const LayerResult& l = r.layers[static_cast<size_t>(i)];
        if (program.plan(i).vector)  // no mapping priced: its tiles are fixed by the layer
            std::cout << fmt::format("  simulated: {} cycles ({} ideal: the lanes' work)\n",
                                     l.total_cycles, l.ideal_cycles);
        else
            std::cout << simulated_vs_estimate(l, program.plan(i).cost);
    }
    return 0;
}

}  // namespace sasim
