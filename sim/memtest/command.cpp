// `sasim memtest`: command-line options, the DRAM config (a preset name, or a TOML file, plus
// --set items, all through the config reader), the run, and the JSON on stdout. Exit status 1
// when the timing checker finds a violation (listed on stderr).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "sim/base/errors.hpp"
#include "sim/config/config.hpp"
#include "sim/config/config_fields.hpp"
#include "sim/memtest/memtest.hpp"

namespace sasim {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: sasim memtest --dram PRESET|FILE.toml [--pattern stream|random|strided]\n"
    "                     [--bytes N] [--stride B] [--read-fraction F] [--seed S]\n"
    "                     [--set dram.key=value]... [--trace FILE [--cycles N]]\n"
    "                     [--frontend unbounded|per_cycle]\n"
    "  PRESET: ddr4_3200, lpddr4_2400, hbm2. Defaults: --pattern stream, --bytes 16777216,\n"
    "  --stride 4096, --read-fraction 1, --seed 1, --frontend unbounded. --trace replays a\n"
    "  DRAMsim3 trace ('<hex address> <READ|WRITE> <cycle>' per line, cycles in DRAM clocks);\n"
    "  lines from the first at cycle N (--cycles; default: where simulated time passes\n"
    "  2^62 fs) on are not issued. per_cycle: at most one request enters per DRAM clock\n";

constexpr uint64_t kMaxBytes = uint64_t{1} << 40;

struct Args {
    std::string dram, pattern, trace, bytes, stride, read_fraction, seed, frontend, cycles;
    std::vector<std::string> sets;
    bool help = false;
};

[[noreturn]] void fail(const std::string& what) {
    throw InputError(fmt::format("sasim memtest: {}", what));
}

Args parse_args(int argc, char** argv) {
    Args a;
    po::options_description d("sasim memtest");
    d.add_options()("dram", po::value(&a.dram))("pattern", po::value(&a.pattern))(
        "trace", po::value(&a.trace))("bytes", po::value(&a.bytes))("stride", po::value(&a.stride))(
        "read-fraction", po::value(&a.read_fraction))("seed", po::value(&a.seed))(
        "frontend", po::value(&a.frontend))("cycles", po::value(&a.cycles))(
        "set", po::value(&a.sets)->composing())("help", po::bool_switch(&a.help));
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(d).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        fail(fmt::format("{}\n{}", e.what(), kUsage));
    }
    if (a.dram.empty() && !a.help) fail(std::string("--dram is required\n") + kUsage);
    return a;
}

// An unsigned integer option from `lo` to `hi`, or its default when not given.
uint64_t integer(const std::string& opt, const std::string& text, uint64_t lo, uint64_t hi,
                 uint64_t def) {
    if (text.empty()) return def;
    const bool digits =
        text.size() <= 20 && text.find_first_not_of("0123456789") == std::string::npos;
    errno = 0;
    const unsigned long long v = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
    if (!digits || errno == ERANGE || v < lo || v > hi) {
        fail(fmt::format("{} '{}': expected an integer from {} to {}", opt, shown_text(text), lo,
                         hi));
    }
    return v;
}

double fraction(const std::string& text) {
    if (text.empty()) return 1.0;
    size_t used = 0;
    double v = -1;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
    }
    if (used != text.size() || !(v >= 0.0 && v <= 1.0)) {
        fail(fmt::format("--read-fraction '{}': expected a number from 0 to 1", shown_text(text)));
    }
    return v;
}

MemtestSpec make_spec(const Args& a) {
    MemtestSpec s;
    if (!a.frontend.empty() && a.frontend != "unbounded" && a.frontend != "per_cycle") {
        fail(fmt::format("--frontend '{}': allowed: unbounded, per_cycle", shown_text(a.frontend)));
    }
    s.per_cycle = a.frontend == "per_cycle";
    if (!a.cycles.empty() && a.trace.empty()) fail("--cycles applies only to --trace");
    s.cycles = integer("--cycles", a.cycles, 1, UINT64_MAX, 0);
    if (!a.trace.empty()) {
        if (!a.pattern.empty()) fail("--pattern and --trace exclude each other");
        if (!(a.bytes + a.stride + a.read_fraction + a.seed).empty()) {
            fail("--bytes, --stride, --read-fraction and --seed do not apply to --trace");
        }
        s.pattern = MemPattern::trace;
        s.trace_file = a.trace;
        open_trace(a.trace);  // an unreadable file is refused before the DRAM is set up
        return s;
    }
    const std::string p = a.pattern.empty() ? "stream" : a.pattern;
    if (p == "stream") {
        s.pattern = MemPattern::stream;
    } else if (p == "random") {
        s.pattern = MemPattern::random;
    } else if (p == "strided") {
        s.pattern = MemPattern::strided;
    } else {
        fail(fmt::format("--pattern '{}': allowed: stream, random, strided", shown_text(p)));
    }
    if (!a.stride.empty() && s.pattern != MemPattern::strided) {
        fail("--stride applies only to --pattern strided");
    }
    s.bytes = integer("--bytes", a.bytes, 1, kMaxBytes, s.bytes);
    s.stride = integer("--stride", a.stride, 1, kMaxBytes, s.stride);
    s.read_fraction = fraction(a.read_fraction);
    s.seed = integer("--seed", a.seed, 0, UINT64_MAX, s.seed);
    return s;
}

// The dram.model words that name a bank-level preset.
std::vector<std::string> preset_names() {
    const ConfigField& model = *find_field("dram.model");
    std::vector<std::string> out;
    for (const std::string& w : model.words) {
        Config c = default_config();
        model.set(c, w);
        if (is_bank_level(c.dram.model)) out.push_back(w);
    }
    return out;
}

// A preset name goes through `dram.model`; anything else must be a config (or preset) file.
Config dram_config(const Args& a) {
    const std::vector<std::string> names = preset_names();
    if (std::find(names.begin(), names.end(), a.dram) != names.end()) {
        std::vector<std::string> sets = {"dram.model=" + a.dram};
        sets.insert(sets.end(), a.sets.begin(), a.sets.end());
        return apply_overrides(default_config(), sets);
    }
    std::error_code ec;
    if (!std::filesystem::exists(a.dram, ec)) {
        fail(fmt::format("--dram '{}': neither a preset ({}) nor an existing TOML file",
                         shown_text(a.dram), fmt::join(names, ", ")));
    }
    return load_config(a.dram, a.sets);
}

const char* pattern_name(MemPattern p) {
    switch (p) {
        case MemPattern::stream:
            return "stream";
        case MemPattern::random:
            return "random";
        case MemPattern::strided:
            return "strided";
        case MemPattern::trace:
            return "trace";
    }
    return "?";
}

}  // namespace

int memtest_command(int argc, char** argv) {
    const Args a = parse_args(argc, argv);
    if (a.help) {
        std::cout << kUsage;
        return 0;
    }
    const Config cfg = dram_config(a);
    const MemtestSpec spec = make_spec(a);
    MemtestResult r;
    try {
        r = run_memtest(cfg.dram.ddr, spec);
    } catch (const std::invalid_argument& e) {  // a rule of DdrDram the config does not check
        fail(e.what());
    }
    std::cout << memtest_json(r, a.dram, pattern_name(spec.pattern), cfg.dram.ddr,
                              spec.per_cycle ? "per_cycle" : "unbounded", cfg.energy.dram);
    constexpr size_t kShown = 20;
    for (size_t i = 0; i < r.violations.size() && i < kShown; ++i) {
        std::cerr << "sasim memtest: timing violation: " << r.violations[i] << "\n";
    }
    if (r.violations.size() > kShown) {
        std::cerr << "sasim memtest: ... and " << r.violations.size() - kShown
                  << " more timing violations\n";
    }
    return r.violations.empty() ? 0 : 1;
}

}  // namespace sasim
