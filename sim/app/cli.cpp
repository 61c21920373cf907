#include "sim/app/cli.hpp"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "sim/app/map_command.hpp"
#include "sim/base/errors.hpp"
#include "sim/checks/checks.hpp"
#include "sim/config/config.hpp"
#include "sim/memtest/memtest.hpp"
#include "sim/report/report.hpp"
#include "sim/sweep/command.hpp"
#include "sim/run/system.hpp"
#include "sim/mapping/program.hpp"
#include "sim/whatif/whatif.hpp"
#include "sim/workload/onnx_import.hpp"
#include "sim/workload/workload.hpp"
#include "sim/base/process.hpp"

namespace sasim {

namespace po = boost::program_options;

std::string shipped(const std::string& rel) {
    if (std::filesystem::exists(rel)) return rel;
    return std::string(SASIM_SOURCE_DIR) + "/" + rel;
}

void add_design_options(po::options_description& d, DesignArgs& a) {
    d.add_options()("config", po::value(&a.config), "accelerator config (TOML)")(
        "workload", po::value(&a.workload), "layer trace (CSV) or ONNX model")(
        "set", po::value(&a.sets)->composing(), "override a config key: key=value");
}

void default_design(DesignArgs& a) {
    if (a.config.empty()) a.config = shipped("configs/default.toml");
    if (a.workload.empty()) a.workload = shipped("workloads/alexnet.csv");
}

namespace {

constexpr const char* kUsage =
    "usage: sasim run [--config FILE.toml] [--workload FILE.csv|MODEL.onnx] [--set key=value]...\n"
    "                 [--out DIR] [--dump-program] [--quiet]\n"
    "                 [--trace FILE.json [--trace-max-spans N]] [--vcd FILE.vcd]\n"
    "                 [--checks FILE.toml [--junit FILE.xml]] [--what-if [--jobs N]]\n"
    "       sasim map [--config FILE.toml] [--workload FILE.csv|MODEL.onnx] [--set key=value]...\n"
    "                 [--max-rows N]\n"
    "       sasim sweep SPEC.toml [--out DIR] [--jobs N] [--shard I/N] [--list] [--quiet]\n"
    "       sasim merge --out DIR SHARD_DIR...\n"
    "       sasim memtest --dram PRESET --pattern stream|random|strided [--bytes N] ...\n"
    "       sasim import MODEL.onnx [--out FILE.csv]   the model's layers as native CSV\n"
    "       sasim config-keys      print every config key with its default, range and unit\n";


struct RunArgs : DesignArgs {
    std::string out = "out";
    bool dump = false, quiet = false, what_if = false, help = false;
    int jobs = 0;
    std::string trace, vcd;
    int64_t trace_max_spans = 20000;
    std::string checks, junit;
};

RunArgs parse_run_args(int argc, char** argv) {
    RunArgs a;
    po::options_description d("sasim run");
    add_design_options(d, a);
    d.add_options()("out", po::value(&a.out), "output folder")("dump-program", po::bool_switch(&a.dump),
                                                   "print the command program")(
        "quiet", po::bool_switch(&a.quiet), "do not print the table")(
        "trace", po::value(&a.trace), "write a Chrome/Perfetto trace-event JSON file")(
        "trace-max-spans", po::value(&a.trace_max_spans), "spans per trace track before merging")(
        "vcd", po::value(&a.vcd), "write a SystemC VCD waveform (small runs)")(
        "checks", po::value(&a.checks), "check the run against FILE.toml (exit 1 if one fails)")(
        "junit", po::value(&a.junit), "write the check results as JUnit XML")(
        "what-if", po::bool_switch(&a.what_if),
        "rerun without each stall cause and write what_if.csv (README, \"What would help\")")(
        "jobs", po::value(&a.jobs), "--what-if runs at once (default: the CPUs)")(
        "help,h", po::bool_switch(&a.help), "print this help");
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(d).run(), vm);
        po::notify(vm);
        if (a.help) {
            std::cout << kUsage << "\n" << d;
            return a;
        }
    } catch (const po::error& e) {
        throw InputError(fmt::format("sasim run: {}\n{}", e.what(), kUsage));
    }
    if (a.trace_max_spans < 1 || a.trace_max_spans > 10000000)
        throw InputError(fmt::format("--trace-max-spans: {} is out of range; allowed 1 to 10000000",
                                     a.trace_max_spans));
    if (a.jobs < 0 || a.jobs > 4096)
        throw InputError(fmt::format("--jobs {}: out of range; allowed 1 to 4096 (0: the CPUs)",
                                     a.jobs));
    if (a.jobs != 0 && !a.what_if)
        throw InputError(fmt::format("--jobs {}: needs --what-if (the runs it sets the number of)",
                                     a.jobs));
    if (a.jobs == 0) a.jobs = available_cpus();
    if (!a.junit.empty() && a.checks.empty())
        throw InputError("--junit " + a.junit + ": needs --checks FILE.toml (what to report)");
    default_design(a);
    return a;
}

int run(int argc, char** argv) {
    const RunArgs a = parse_run_args(argc, argv);
    if (a.help) return 0;
    const Config cfg = load_config(a.config, a.sets);
    const Workload wl = read_workload(a.workload);
    const Checks checks = a.checks.empty() ? Checks{} : read_checks(a.checks);
    validate_checks(checks, wl, cfg);
    if (!a.junit.empty()) check_writable_file(a.junit, "--junit");
    const TiledProgram program(wl.layers, cfg);
    if (a.dump) std::cout << dump_program(program);
    const std::string config_text = to_toml(cfg);
    check_output_folder(a.out);  // a bad --out fails now, not after the simulation
    if (!a.trace.empty()) check_writable_file(a.trace, "--trace");
    if (!a.vcd.empty()) check_writable_file(a.vcd, "--vcd");
    SimOptions opt;
    opt.trace = !a.trace.empty();
    opt.trace_max_spans = a.trace_max_spans;
    // SystemC writes the VCD while simulating: into a temporary name, renamed when complete.
    const std::string vcd_tmp = a.vcd.empty() ? "" : temp_name_for(a.vcd + ".vcd");
    opt.vcd_path = vcd_tmp;
    // The what-if variants run beside this run's own simulation: they need only its mappings.
    std::unique_ptr<WhatIfRuns> what_if_runs;
    if (a.what_if)
        what_if_runs = std::make_unique<WhatIfRuns>(program, cfg, config_text, a.workload, a.jobs);
    RunResult r = simulate(cfg, program, opt);
    if (!r.error.empty()) {  // nothing is written: not even the VCD's temporary file stays
        std::error_code ec;
        if (!vcd_tmp.empty()) std::filesystem::remove(vcd_tmp, ec);
        std::cerr << "sasim: error: " << r.error << "\n";
        return 2;
    }
    r.workload_name = wl.name;
    r.config_hash = fnv1a_hex(config_text);
    // An ONNX model is hashed as the layers it imports to: its weights do not change the run.
    r.workload_hash = fnv1a_hex(wl.format == "onnx" ? native_csv(wl, "")
                                                    : try_read_file(a.workload).value_or(""));
    const std::string layers = layers_csv(r);
    std::vector<WhatIfRow> what_if;
    if (a.what_if) what_if = what_if_runs->rows(r);
    std::vector<OutputFile> files = {{"layers.csv", layers},
                                     {"summary.json", summary_json(r)},
                                     {"config.toml", config_text},
                                     {"stats.txt", r.stats_text}};
    if (!r.timeline_csv.empty()) files.push_back({"timeline.csv", r.timeline_csv});
    if (a.what_if) files.push_back({"what_if.csv", what_if_csv(what_if)});
    // The check results join the outputs (checks.txt), so sweeps can collect them.
    const CheckOutcome outcome =
        a.checks.empty() ? CheckOutcome{} : evaluate_checks(checks, r, r.timeline_csv);
    if (!a.checks.empty()) files.push_back({"checks.txt", outcome.text()});
    write_outputs(a.out, files);
    if (!a.trace.empty()) write_file_atomically(a.trace, r.trace_json);
    if (!a.vcd.empty()) std::filesystem::rename(vcd_tmp, a.vcd);
    const std::map<std::string, std::string> help = what_would_help(what_if);
    if (!a.quiet) std::cout << stdout_table(r, a.what_if ? &help : nullptr);
    if (a.checks.empty()) return 0;
    std::cout << outcome.text();
    if (!a.junit.empty()) write_file_atomically(a.junit, junit_xml(checks, outcome));
    return outcome.passed() ? 0 : 1;
}

// sasim import MODEL.onnx [--out FILE.csv]: the layers the model maps to, as native CSV (on
// stdout without --out), with a comment saying what became no layer.
int import_command(int argc, char** argv) {
    std::string model, out;
    po::options_description d("sasim import");
    d.add_options()("model", po::value(&model), "ONNX model")("out", po::value(&out),
                                                              "native CSV to write");
    po::positional_options_description pos;
    pos.add("model", 1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(d).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw InputError(fmt::format("sasim import: {}\n{}", e.what(), kUsage));
    }
    if (model.empty())
        throw InputError(fmt::format("sasim import: no MODEL.onnx given\n{}", kUsage));
    if (!out.empty()) check_writable_file(out, "--out");
    const OnnxImport im = read_onnx(model);
    std::string noops;
    for (const auto& [op, n] : im.noops) noops += fmt::format(" {} x{}", op, n);
    const std::string comment = fmt::format(
        "# Imported by `sasim import` from {} (ONNX opset {}): {} nodes -> {} layers.\n"
        "# No layer (layout no-ops, constants):{}{}\n",
        std::filesystem::path(model).filename().string(), im.opset, im.nodes,
        im.workload.layers.size(), noops.empty() ? " none" : noops,
        im.biases > 0 ? fmt::format("; {} bias Adds folded into their GEMMs", im.biases) : "");
    const std::string csv = native_csv(im.workload, comment);
    if (out.empty())
        std::cout << csv;
    else
        write_file_atomically(out, csv);
    return 0;
}

}  // namespace

int cli_main(int argc, char** argv) {
    try {
        const std::string cmd = argc > 1 ? argv[1] : "run";
        if (cmd == "run") return run(argc > 1 ? argc - 1 : argc, argc > 1 ? argv + 1 : argv);
        // Further subcommands live in their own files (sim/<name>_command.cpp) and are listed
        // here, each given argv starting at its own name.
        if (cmd == "map") return map_command(argc - 1, argv + 1);
        if (cmd == "sweep") return sweep_command(argc - 1, argv + 1);
        if (cmd == "merge") return merge_command(argc - 1, argv + 1);
        if (cmd == "memtest") return memtest_command(argc - 1, argv + 1);
        if (cmd == "import") return import_command(argc - 1, argv + 1);
        if (cmd == "config-keys") {
            std::cout << describe_config_keys();
            return 0;
        }
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            std::cout << kUsage;
            return 0;
        }
        throw InputError(fmt::format("unknown command '{}'\n{}", cmd, kUsage));
    } catch (const InputError& e) {
        std::cerr << "sasim: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {  // a bug in sasim, not in the input
        std::cerr << "sasim: internal error: " << e.what() << "\n";
        return 3;
    }
}

}  // namespace sasim
