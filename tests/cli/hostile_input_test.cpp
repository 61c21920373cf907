// Hostile input end to end: every row runs the built sasim as a subprocess in a fresh folder
// and checks the exit status, the exact message on stderr, and that a refused run wrote nothing.
// Rows cover config files, --set, native and SCALE-Sim workloads, --out and the command line.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/config_fields.hpp"
#include "support/subprocess.hpp"

using namespace sasim;
using namespace sasim::test;
namespace fs = std::filesystem;

namespace {

struct Case {
    std::string what;
    std::vector<std::pair<std::string, std::string>> files;  // written into the run's folder
    std::vector<std::string> args;                           // after `sasim`
    int status;
    std::string err;     // the exact stderr ("sasim: error: " and "\n" added)
    bool usage = false;  // the message is followed by the usage text
};

const std::string kNative = "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n";
const std::string kConv =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
    "Strides,\n";
const std::string kGemm = "Layer, M, N, K,\n";
const std::string kHeaders =
    "expected one of: sasim native 'layer,type,N,C,K,H,W,R,S,stride,pad,groups', SCALE-Sim conv "
    "'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
    "Strides,' or SCALE-Sim GEMM 'Layer, M, N, K,'";

// `sasim run --config <toml> --workload tiny.csv --quiet --out o`.
Case config_case(std::string what, std::string toml, std::string err) {
    return {std::move(what),
            {{"c.toml", std::move(toml)}},
            {"run", "--config", "c.toml", "--workload", "tiny.csv", "--quiet", "--out", "o"},
            2,
            "c.toml:" + std::move(err)};
}

// `sasim run --workload w.csv --quiet --out o`.
Case workload_case(std::string what, std::string csv, std::string err,
                   const std::string& set = "") {
    Case c{std::move(what), {{"w.csv", std::move(csv)}}, {"run", "--workload", "w.csv"}, 2,
           std::move(err)};
    if (!set.empty()) c.args.insert(c.args.end(), {"--set", set});
    c.args.insert(c.args.end(), {"--quiet", "--out", "o"});
    return c;
}

// `sasim run --workload tiny.csv --set ... --quiet --out o`.
Case set_case(std::string what, std::vector<std::string> sets, std::string err) {
    Case c{std::move(what), {}, {"run", "--workload", "tiny.csv"}, 2, std::move(err)};
    for (auto& s : sets) c.args.insert(c.args.end(), {"--set", std::move(s)});
    c.args.insert(c.args.end(), {"--quiet", "--out", "o"});
    return c;
}

std::string allowed(const char* key) { return allowed_text(*find_field(key)); }

std::vector<Case> config_cases() {
    const std::string big(2'000'000, '#');
    return {
        {"missing config file",
         {},
         {"run", "--config", "nope.toml", "--workload", "tiny.csv", "--out", "o"},
         2,
         "nope.toml: cannot open config file: No such file or directory"},
        {"config is a folder",
         {{"d/x", ""}},
         {"run", "--config", "d", "--workload", "tiny.csv", "--out", "o"},
         2,
         "d: cannot open config file: Is a directory"},
        {"endless config (/dev/zero)",
         {},
         {"run", "--config", "/dev/zero", "--workload", "tiny.csv", "--out", "o"},
         2,
         "/dev/zero: config file is larger than the limit of 1048576 bytes"},
        config_case("2 MB config", big, " config file is larger than the limit of 1048576 bytes"),
        config_case("binary config",
                    bytes("\x7f"
                          "ELF\x02\x01\x01\x00\x00"),
                    "1:1: Error while parsing root table: expected keys, tables, whitespace or "
                    "comments, saw '\\u007F'"),
        config_case("config not UTF-8", "name = \"\xff\"\n",
                    "1:8: Encountered invalid utf-8 sequence"),
        config_case("syntax error", "[array\nrows = 1\n",
                    "1:7: Error while parsing table header: expected ']', saw '\\n'"),
        config_case("unknown section", "[arrray]\nrows = 1\n",
                    "1:2: unknown section 'arrray'; did you mean 'array'?"),
        config_case("unknown key", "[array]\nrowz = 32\n",
                    "2:1: unknown key 'array.rowz'; did you mean 'array.rows'?"),
        config_case("nested section", "[array.sub]\nx = 1\n", "1:8: unknown key 'array.sub'"),
        config_case("section given a value", "array = 5\n",
                    "1:1: key 'array' must be a section ([array]), got integer 5"),
        config_case("size as a string", "[array]\nrows = \"32\"\n",
                    "2:8: key 'array.rows': expected an integer, got string \"32\""),
        config_case("non-numeric size", "[array]\nrows = abc\n",
                    "2:8: Error while parsing value: could not determine value type"),
        config_case("negative size", "[array]\nrows = -1\n",
                    "2:8: key 'array.rows': -1 is out of range; allowed 1 to 4096"),
        config_case("zero size", "[array]\ncols = 0\n",
                    "2:8: key 'array.cols': 0 is out of range; allowed 1 to 4096"),
        config_case("fractional size", "[array]\nrows = 1.5\n",
                    "2:8: key 'array.rows': expected an integer, got float 1.5"),
        config_case("size past 64 bits", "[array]\nrows = 99999999999999999999\n",
                    "2:28: Error while parsing decimal integer: '99999999999999999999' is not "
                    "representable in 64 bits"),
        config_case("array 10^6 x 10^6", "[array]\nrows = 1000000\ncols = 1000000\n",
                    "2:8: key 'array.rows': 1000000 is out of range; allowed 1 to 4096"),
        config_case("10^12 KiB scratchpad", "[sram]\nifmap_kb = 1000000000000\n",
                    "2:12: key 'sram.ifmap_kb': 1000000000000 is out of range; allowed 1 to "
                    "4194304"),
        config_case("clock nan", "clock_mhz = nan\n",
                    "1:13: key 'clock_mhz': nan is out of range; allowed 1 to 100000"),
        config_case("clock inf", "clock_mhz = inf\n",
                    "1:13: key 'clock_mhz': inf is out of range; allowed 1 to 100000"),
        config_case("unknown dataflow", "[array]\ndataflow = \"xs\"\n",
                    "2:12: key 'array.dataflow': 'xs' is not allowed; allowed: " +
                        allowed("array.dataflow")),
        config_case("dataflow as a list", "[array]\ndataflow = [\"os\"]\n",
                    "2:12: key 'array.dataflow': expected a string (one of: " +
                        allowed("array.dataflow") + "), got array [ \"os\" ]"),
        config_case(
            "unknown DRAM model", "[dram]\nmodel = \"ddr5\"\n",
            "2:9: key 'dram.model': 'ddr5' is not allowed; allowed: " + allowed("dram.model")),
        config_case("burst not a power of two", "[dram]\nburst_bytes = 48\n",
                    "2:15: key 'dram.burst_bytes': 48 is not a power of two; allowed a power of "
                    "two from 8 to 4096"),
        config_case("packet not a multiple of the burst", "[dma]\npacket_bytes = 1000\n",
                    "2:16: key 'dma.packet_bytes': 1000 is not a multiple of dram.burst_bytes "
                    "(64)"),
        config_case("duplicate key", "[array]\nrows = 8\nrows = 16\n",
                    "3:8: Error while parsing key-value pair: cannot redefine existing integer "
                    "'rows'"),
        config_case("duplicate section", "[array]\nrows = 8\n[array]\ncols = 16\n",
                    "3:1: Error while parsing table header: cannot redefine existing table "
                    "'array'"),
        config_case("dotted key then its section", "array.rows = 8\n[array]\ncols = 16\n",
                    "2:1: Error while parsing table header: cannot redefine existing table "
                    "'array'"),
        config_case("escape sequence in a key", "\"\\u001b[31mrows\" = 1\n",
                    "1:1: unknown key '\\x1B[31mrows'"),
        // Refused by the first layer no mapping fits (tiny.csv line 8), naming the key: c1's
        // os output block is 32 of its 64 pixels x its 8 filters x 8 B = 2048 bytes.
        {"scratchpad too small for one output block",
         {{"c.toml", "[array]\ndataflow = \"os\"\nword_bytes = 8\n[sram]\nofmap_kb = 1\n"}},
         {"run", "--config", "c.toml", "--workload", "tiny.csv", "--quiet", "--out", "o"},
         2,
         "tiny.csv:8: layer 'c1': sram.ofmap_kb = 1 KiB is too small: every mapping holds at "
         "least 2048 bytes of ofmap at once; allowed: at least 2 KiB"}};
}

std::vector<Case> set_cases() {
    return {
        set_case("--set without '='", {"array.rows"},
                 "--set array.rows: expected key=value, e.g. --set array.rows=64"),
        set_case("--set without a key", {"=5"}, "--set =5: unknown key ''"),
        // Once an endless livelock: refreshes owed faster than the controller could issue them.
        set_case("refresh interval shorter than a refresh",
                 {"dram.model=ddr4_3200", "dram.trfc=100000"},
                 "--set dram.trfc=100000: key 'dram.trefi': 12480 tCK is not more than dram.trfc "
                 "+ the longest row cycle = 100000 + 88 = 100088 tCK (the longest row cycle is "
                 "the largest of tRC = 74, tRAS + tRP = 74, tRCD + tRTP + tRP = 56 and tRCD + CWL "
                 "+ BL/2 + tWR + tRP = 88); between two refreshes a rank must have time for one "
                 "access"),
        set_case("--set without a value", {"array.rows="},
                 "--set array.rows=: key 'array.rows': expected an integer, got string \"\""),
        set_case("--set two numbers", {"array.rows=1 2"},
                 "--set array.rows=1 2: key 'array.rows': expected an integer, got string \"1 "
                 "2\""),
        set_case("--set unknown key", {"array.rowz=4"},
                 "--set array.rowz=4: unknown key 'array.rowz'; did you mean 'array.rows'?"),
        set_case("--set negative", {"dram.latency_cycles=-5"},
                 "--set dram.latency_cycles=-5: key 'dram.latency_cycles': -5 is out of range; "
                 "allowed 0 to 1000000"),
        set_case("--set zero clock", {"clock_mhz=0"},
                 "--set clock_mhz=0: key 'clock_mhz': 0 is out of range; allowed 1 to 100000"),
        set_case("--set array 10^6", {"array.rows=1000000"},
                 "--set array.rows=1000000: key 'array.rows': 1000000 is out of range; allowed "
                 "1 to 4096"),
        set_case("--set 10^12 KiB", {"sram.ifmap_kb=1000000000000"},
                 "--set sram.ifmap_kb=1000000000000: key 'sram.ifmap_kb': 1000000000000 is out "
                 "of range; allowed 1 to 4194304"),
        set_case("--set size past 64 bits", {"sram.ifmap_kb=100000000000000000000000"},
                 "--set sram.ifmap_kb=100000000000000000000000: key 'sram.ifmap_kb': expected "
                 "an integer, got string \"100000000000000000000000\""),
        set_case("--set boolean as a word", {"array.preload=yes"},
                 "--set array.preload=yes: key 'array.preload': expected a boolean, got string "
                 "\"yes\""),
        set_case("--set unknown dataflow", {"array.dataflow=xs"},
                 "--set array.dataflow=xs: key 'array.dataflow': 'xs' is not allowed; allowed: " +
                     allowed("array.dataflow")),
        set_case("--set unknown DRAM model", {"dram.model=ddr5"},
                 "--set dram.model=ddr5: key 'dram.model': 'ddr5' is not allowed; allowed: " +
                     allowed("dram.model")),
        set_case("--set name not UTF-8", {"name=x\xff"},
                 "--set name=x\xff: key 'name': the value is not valid UTF-8 text"),
        set_case(
            "--set very long key", {std::string(100000, 'k') + "=1"},
            "--set " + std::string(60, 'k') + "...: unknown key '" + std::string(60, 'k') + "...'"),
        // c1's whole weight block: 27 window rows x 8 filters x 8 B = 1728 bytes.
        set_case("weight block larger than the filter scratchpad",
                 {"array.rows=64", "array.cols=64", "array.word_bytes=8", "sram.filter_kb=1"},
                 "tiny.csv:8: layer 'c1': sram.filter_kb = 1 KiB is too small: every mapping holds "
                 "at least 1728 bytes of filter at once; allowed: at least 2 KiB"),
    };
}

// The two-level DRAM controller's keys and memtest's options and traces.
std::vector<Case> dram_cases() {
    const std::string line = "'<hex address> <READ|WRITE> <cycle>'";
    auto memtest = [](std::string what, std::vector<std::string> args, std::string err,
                      std::vector<std::pair<std::string, std::string>> files = {}) {
        std::vector<std::string> all = {"memtest", "--dram", "ddr4_3200"};
        all.insert(all.end(), args.begin(), args.end());
        return Case{std::move(what), std::move(files), std::move(all), 2, std::move(err)};
    };
    return {
        set_case("round robin without command queues",
                 {"dram.model=ddr4_3200", "dram.scheduler=round_robin"},
                 "--set dram.scheduler=round_robin: key 'dram.scheduler': round_robin takes turns "
                 "over command queues; set dram.command_queue >= 1"),
        set_case("per-bank refresh without tRFCpb",
                 {"dram.model=ddr4_3200", "dram.refresh_policy=per_bank"},
                 "--set dram.refresh_policy=per_bank: key 'dram.refresh_policy': per_bank needs "
                 "dram.trfc_pb >= 1 (the device's per-bank refresh time)"),
        set_case("per-bank refresh longer than the interval",
                 {"dram.model=ddr4_3200", "dram.refresh_policy=per_bank", "dram.trfc_pb=20000"},
                 "--set dram.trfc_pb=20000: key 'dram.trefi': 12480 tCK is not more than "
                 "dram.trfc_pb + the longest row cycle = 20000 + 88 tCK; between two refreshes a "
                 "bank must have time for one access"),
        set_case("drain when full without posted writes",
                 {"dram.model=ddr4_3200", "dram.write_drain=when_full"},
                 "--set dram.write_drain=when_full: key 'dram.write_drain': when_full needs "
                 "dram.posted_writes = true (a write that waits for the queue to fill must still "
                 "complete)"),
        set_case("unknown refresh policy", {"dram.refresh_policy=every_bank"},
                 "--set dram.refresh_policy=every_bank: key 'dram.refresh_policy': 'every_bank' "
                 "is not allowed; allowed: " +
                     allowed("dram.refresh_policy")),
        set_case("no queue moves", {"dram.queue_moves_per_clk=0"},
                 "--set dram.queue_moves_per_clk=0: key 'dram.queue_moves_per_clk': 0 is out of "
                 "range; allowed 1 to 64"),
        set_case("dual issue as a number", {"dram.dual_issue=1"},
                 "--set dram.dual_issue=1: key 'dram.dual_issue': expected a boolean, got "
                 "integer 1"),
        memtest("memtest unknown front end", {"--frontend", "fast"},
                "sasim memtest: --frontend 'fast': allowed: unbounded, per_cycle"),
        memtest("memtest --cycles without a trace", {"--cycles", "10"},
                "sasim memtest: --cycles applies only to --trace"),
        memtest("memtest --cycles 0", {"--trace", "t.trc", "--cycles", "0"},
                "sasim memtest: --cycles '0': expected an integer from 1 to "
                "18446744073709551615",
                {{"t.trc", "0x0 READ 0\n"}}),
        memtest("memtest endless trace (/dev/zero)", {"--trace", "/dev/zero"},
                "/dev/zero:1: line longer than 4096 bytes (expected lines " + line + ")"),
        memtest("memtest trace without requests", {"--trace", "e.trc"},
                "e.trc: the trace holds no requests (expected lines " + line + ")",
                {{"e.trc", "# nothing\n\n"}}),
        memtest("memtest trace is a folder", {"--trace", "d"},
                "d: cannot open trace file: Is a directory", {{"d/x", ""}}),
        memtest("memtest trace cycle past 64 bits", {"--trace", "t.trc"},
                "t.trc:2: bad cycle '18446744073709551616': expected a decimal integer from 0 "
                "to 18446744073709551615 (DRAM clocks)",
                {{"t.trc", "0x0 READ 0\n0x40 WRITE 18446744073709551616\n"}}),
    };
}

// The energy keys: the technology table, its presets, the DRAM currents and the design keys.
std::vector<Case> energy_cases() {
    const std::vector<std::string> run = {"run",      "--config", "c.toml", "--workload",
                                          "tiny.csv", "--quiet",  "--out",  "o"};
    const std::string use_7nm = "[tech]\nnode = \"7nm\"\n";
    return {
        config_case("unknown technology node", "[tech]\nnode = \"3nm\"\n",
                    "2:8: key 'tech.node': '3nm' is not allowed; allowed: 45nm, 7nm"),
        config_case("technology node as a number", "[tech]\nnode = 45\n",
                    "2:8: key 'tech.node': expected a string (one of: 45nm, 7nm), got integer 45"),
        set_case("negative energy", {"tech.mult_pj=-1"},
                 "--set tech.mult_pj=-1: key 'tech.mult_pj': -1 is out of range; allowed 0 to "
                 "1000000000"),
        set_case("energy not a number", {"tech.add_pj=cheap"},
                 "--set tech.add_pj=cheap: key 'tech.add_pj': expected a number, got string "
                 "\"cheap\""),
        set_case("SRAM energy of zero", {"tech.sram_8kib_pj=0"},
                 "--set tech.sram_8kib_pj=0: key 'tech.sram_8kib_pj': 0 is out of range; "
                 "allowed 1e-06 to 1000000000"),
        set_case("SRAM energy falling with capacity", {"tech.sram_1mib_pj=5"},
                 "--set tech.sram_1mib_pj=5: key 'tech.sram_32kib_pj': the SRAM access energies "
                 "10 / 20 / 5 pJ (8 KiB / 32 KiB / 1 MiB) must not fall as the array grows"),
        set_case("array efficiency above 1", {"tech.sram_array_efficiency=1.5"},
                 "--set tech.sram_array_efficiency=1.5: key 'tech.sram_array_efficiency': 1.5 is "
                 "out of range; allowed 0.01 to 1"),
        set_case("NaN leakage", {"tech.sram_leak_uw_per_kib=nan"},
                 "--set tech.sram_leak_uw_per_kib=nan: key 'tech.sram_leak_uw_per_kib': nan is "
                 "out of range; allowed 0 to 1000000000"),
        set_case("negative link length", {"interconnect.length_mm=-1"},
                 "--set interconnect.length_mm=-1: key 'interconnect.length_mm': -1 is out of "
                 "range; allowed 0 to 1000"),
        set_case("clock gating as a word", {"array.clock_gating=yes"},
                 "--set array.clock_gating=yes: key 'array.clock_gating': expected a boolean, "
                 "got string \"yes\""),
        set_case("DRAM current below standby", {"dram.model=ddr4_3200", "dram.idd4r=10"},
                 "--set dram.idd4r=10: key 'dram.idd4r': 10 mA is below dram.idd3n (52 mA); the "
                 "current of a command must exceed the standby current it is priced above"),
        set_case("ACT current too low", {"dram.model=hbm2", "dram.idd0=1"},
                 "--set dram.idd0=1: key 'dram.idd0': 1 mA x tRC is below dram.idd3n x tRAS + "
                 "dram.idd2n x tRP (55 x 34 + 40 x 14 clocks against 48 clocks); an ACT-PRE pair "
                 "would have negative energy"),
        set_case("device wider than the bus", {"dram.model=lpddr4_2400", "dram.device_bits=32"},
                 "--set dram.device_bits=32: key 'dram.device_bits': 32 is wider than "
                 "dram.bus_bits (16); a rank needs at least one device"),
        set_case("device width not a power of two", {"dram.device_bits=12"},
                 "--set dram.device_bits=12: key 'dram.device_bits': 12 is not a power of two; "
                 "allowed a power of two from 1 to 1024"),
        set_case("negative supply", {"dram.vdd=-1.2"},
                 "--set dram.vdd=-1.2: key 'dram.vdd': -1.2 is out of range; allowed 0.1 to 10"),
        {"technology preset lacking a key",
         {{"c.toml", use_7nm}, {"tech/7nm.toml", "[tech]\nmult_pj = 1.0\n"}},
         run,
         2,
         "./tech/7nm.toml: technology preset lacks key 'tech.add_pj' (a preset sets every "
         "technology key)"},
        {"technology preset setting its own node",
         {{"c.toml", use_7nm}, {"tech/7nm.toml", "[tech]\nnode = \"45nm\"\n"}},
         run,
         2,
         "./tech/7nm.toml:2:1: key 'tech.node' cannot be set in a technology preset; allowed: "
         "the technology keys (tech.mult_pj to tech.dram_phy_mm2_per_bit)"},
        {"technology preset setting a DRAM key",
         {{"c.toml", use_7nm}, {"tech/7nm.toml", "[dram]\nidd0 = 50\n"}},
         run,
         2,
         "./tech/7nm.toml:2:1: key 'dram.idd0' cannot be set in a technology preset; allowed: "
         "the technology keys (tech.mult_pj to tech.dram_phy_mm2_per_bit)"},
        {"technology preset with a bad value",
         {{"c.toml", use_7nm}, {"tech/7nm.toml", "[tech]\nmult_pj = -0.5\n"}},
         run,
         2,
         "./tech/7nm.toml:2:11: key 'tech.mult_pj': -0.5 is out of range; allowed 0 to "
         "1000000000"},
        {"technology preset that is not TOML",
         {{"c.toml", use_7nm}, {"tech/7nm.toml", "[tech\n"}},
         run,
         2,
         "./tech/7nm.toml:1:6: Error while parsing table header: expected ']', saw '\\n'"},
        {"DRAM preset next to the config lacking keys",
         {{"c.toml", "[dram]\nmodel = \"hbm2\"\n"}, {"dram/hbm2.toml", "[dram]\nchannels = 1\n"}},
         run,
         2,
         "./dram/hbm2.toml: DRAM preset lacks key 'dram.ranks' (a preset sets every bank-level "
         "dram key)"},
    };
}

std::vector<Case> workload_cases() {
    const std::string row = "c1,conv,1,3,8,8,8,3,3,1,1,1\n";
    return {
        {"missing workload file",
         {},
         {"run", "--workload", "nope.csv", "--out", "o"},
         2,
         "nope.csv: cannot open workload file: No such file or directory"},
        {"workload is a folder",
         {{"d/x", ""}},
         {"run", "--workload", "d", "--out", "o"},
         2,
         "d: cannot open workload file: Is a directory"},
        {"endless workload (/dev/zero)",
         {},
         {"run", "--workload", "/dev/zero", "--out", "o"},
         2,
         "/dev/zero: workload file is larger than the limit of 67108864 bytes"},
        workload_case(
            "empty workload", "",
            "w.csv: no header: the file is empty or has only blank and comment lines; " + kHeaders),
        workload_case(
            "only comments", "# nothing\n\n   \n",
            "w.csv: no header: the file is empty or has only blank and comment lines; " + kHeaders),
        workload_case("unknown header", "name,kind,batch\nc1,conv,1\n",
                      "w.csv:1: unknown header 'name,kind,batch'; " + kHeaders),
        workload_case("header in the wrong case",
                      "Layer,Type,N,C,K,H,W,R,S,Stride,Pad,Groups\n" + row,
                      "w.csv:1: unknown header 'Layer,Type,N,C,K,H,W,R,S,Stride,Pad,Groups'; " +
                          kHeaders + " (native column names are case-sensitive)"),
        workload_case(
            "binary file",
            bytes("\x7f"
                  "ELF\x02\x01\x01\x00\x00\x1b[2J"),
            "w.csv:1: unknown header '\\x7FELF\\x02\\x01\\x01\\x00\\x00\\x1B[2J'; " + kHeaders),
        workload_case("header only", kNative,
                      "w.csv: no layers: line 1 is the header and no layer lines follow; "
                      "expected at least one layer"),
        workload_case("11 columns", kNative + "c1,conv,1,3,8,8,8,3,3,1,1\n",
                      "w.csv:2: expected 12 columns (layer,type,N,C,K,H,W,R,S,stride,pad,groups), "
                      "found 11"),
        workload_case("trailing comma", kNative + "c1,conv,1,3,8,8,8,3,3,1,1,1,\n",
                      "w.csv:2: expected 12 columns (layer,type,N,C,K,H,W,R,S,stride,pad,groups), "
                      "found 13; remove the trailing comma"),
        workload_case("non-numeric size", kNative + "c1,conv,1,3,8,abc,8,3,3,1,1,1\n",
                      "w.csv:2: column 'H': 'abc' is not an integer; expected an integer from 1 "
                      "to 1048576"),
        workload_case("fractional size", kNative + "c1,conv,1,3.5,8,8,8,3,3,1,1,1\n",
                      "w.csv:2: column 'C': '3.5' is not an integer; expected an integer from 1 "
                      "to 1048576"),
        workload_case("negative size", kNative + "c1,conv,1,3,-8,8,8,3,3,1,1,1\n",
                      "w.csv:2: column 'K': '-8' is not a positive integer; expected an integer "
                      "from 1 to 1048576"),
        workload_case("zero size", kNative + "c1,conv,1,0,8,8,8,3,3,1,1,1\n",
                      "w.csv:2: column 'C': '0' is not a positive integer; expected an integer "
                      "from 1 to 1048576"),
        workload_case("zero stride", kNative + "c1,conv,1,3,8,8,8,3,3,0,1,1\n",
                      "w.csv:2: column 'stride': '0' is not a positive integer; expected an "
                      "integer from 1 to 1024"),
        workload_case("size 10^12", kNative + "c1,conv,1,3,8,1000000000000,8,3,3,1,1,1\n",
                      "w.csv:2: column 'H': '1000000000000' is above the limit; expected an "
                      "integer from 1 to 1048576"),
        workload_case("size past 64 bits",
                      kNative + "c1,conv,1,3,8,8,99999999999999999999999,3,3,1,1,1\n",
                      "w.csv:2: column 'W': '99999999999999999999999' is above the limit; "
                      "expected an integer from 1 to 1048576"),
        workload_case("tensor of 2^41 elements",
                      kNative + "big,conv,1024,1024,1,1024,2048,1,1,1,0,1\n",
                      "w.csv:2: layer 'big': ifmap elements N*C*H*W = 1024*1024*1024*2048 = "
                      "2199023255552, more than the limit of 1099511627776 (2^40) elements per "
                      "tensor"),
        workload_case("10^15 MACs", kNative + "big,conv,1,1048576,1048576,1024,1,1,1,1,0,1\n",
                      "w.csv:2: layer 'big': MACs N*P*Q*K*R*S*(C/groups) = "
                      "1*1024*1*1048576*1*1*1048576 = 1125899906842624, more than the limit of "
                      "1000000000000000 (10^15) MACs per layer"),
        // Within every workload limit, but more than the mapper and the simulator walk one by
        // one: refused before anything is allocated (the first once ended in std::bad_alloc).
        // is on 1 PE: Sr = K = 2^20 window rows, Sc = M = 2^20 pixels: 2^40 folds.
        {"2^40 fold executions",
         {{"w.csv", kNative + "big,conv,1,1048576,1,1024,1024,1,1,1,0,1\n"}},
         {"run", "--workload", "w.csv", "--set", "array.rows=1", "--set", "array.cols=1", "--set",
          "array.dataflow=is", "--set", "sram.ifmap_kb=4194304", "--quiet", "--out", "o"},
         2,
         "w.csv:2: layer 'big': the array runs the layer in groups * row folds * column folds = "
         "1*1048576*1048576 = 1099511627776 fold executions, more than the limit of 67108864 "
         "(2^26) the simulator walks one by one; use a larger array or split the layer"},
        // ws on 1 PE: 9216 row folds of 2^20 pixels; 1 KiB scratchpads allow steps of at most
        // 128 pixels (512 B of 4-byte partial sums, double-buffered): 9216 * 8192 = 7.5 * 10^7
        // steps, and a t tile only adds fold executions.
        {"7.5*10^7 steps",
         {{"w.csv", kNative + "big,conv,1,1024,1,1024,1024,3,3,1,1,1\n"}},
         {"run", "--workload", "w.csv", "--set", "array.rows=1", "--set", "array.cols=1", "--set",
          "sram.ifmap_kb=1", "--set", "sram.ofmap_kb=1", "--quiet", "--out", "o"},
         2,
         "w.csv:2: layer 'big': every mapping of the layer has more steps (75497472 at least) "
         "than the limit of 67108864 (2^26) the simulator walks one by one; use a larger array "
         "or larger scratchpads, or split the layer"},
        // Simulated time is capped at 2^62 fs (64-bit femtoseconds would wrap at 2^64 and
        // once gave a silently wrong cycle count). One PE under SCALE-Sim's mapping: 512 x 10 =
        // 5120 folds, each waiting for its weight, a transfer of over 2 * 10^6 cycles (DRAM +
        // link latency, one packet in flight): more than 10^10 cycles, past 2^62 fs =
        // 4611686019 cycles at 1 MHz. (The mapper's own choice reads each filter column in one
        // packet: 10 transfers, 2 * 10^7 cycles.)
        {"simulated time past 2^62 fs",
         {{"w.csv", kNative + "fc,fc,1,512,10,1,1,1,1,1,0,1\n"}},
         {"run",
          "--workload",
          "w.csv",
          "--set",
          "clock_mhz=1",
          "--set",
          "dram.model=bandwidth",
          "--set",
          "dram.latency_cycles=1000000",
          "--set",
          "interconnect.latency_cycles=1000000",
          "--set",
          "dma.max_outstanding=1",
          "--set",
          "array.rows=1",
          "--set",
          "array.cols=1",
          "--set",
          "mapping.strategy=scalesim",
          "--quiet",
          "--out",
          "o"},
         2,
         "config: the run passed the simulator's time limit of 4611.686 s of simulated time "
         "(2^62 fs at its 1 fs resolution; 4611686019 cycles at clock_mhz = 1) in layer 'fc'; "
         "shorten it (a higher clock, shorter latencies, more bandwidth or a smaller workload)"},
        // timeline.csv is capped at 10^7 windows. fc 4096 -> 4096 on one PE: ideal 4096^2 =
        // 16777216 cycles, refused before simulating; ceil(16777216 / 10^7) = 2.
        {"timeline of 1.7*10^7 windows, known up front",
         {{"w.csv", kNative + "fc,fc,1,4096,4096,1,1,1,1,1,0,1\n"}},
         {"run", "--workload", "w.csv", "--set", "array.rows=1", "--set", "array.cols=1", "--set",
          "report.timeline_window_cycles=1", "--quiet", "--out", "o"},
         2,
         "config: report.timeline_window_cycles = 1: even with ideal memory the run lasts at "
         "least 16777216 cycles (MACs / PEs, layer by layer), more than the limit of 10000000 "
         "timeline.csv windows (10000000 cycles); set it to at least 2, or to 0 for no "
         "timeline.csv"},
        // On the default 32x32 the ideal run is 16384 cycles, but 16 MiB of weights at 1 GB/s
        // (1 byte per cycle at 1 GHz) take ~1.7*10^7: found while running, the run goes on
        // unrecorded to say its length (16789608 cycles with this model's timing: the 16777216
        // cycles of weights, then the pipeline and the last store).
        {"timeline of 1.7*10^7 windows, found while running",
         {{"w.csv", kNative + "fc,fc,1,4096,4096,1,1,1,1,1,0,1\n"}},
         {"run", "--workload", "w.csv", "--set", "dram.model=bandwidth", "--set",
          "dram.bandwidth_gbps=1", "--set", "report.timeline_window_cycles=1", "--quiet", "--out",
          "o"},
         2,
         "config: report.timeline_window_cycles = 1: the run lasts 16789608 cycles, more than the "
         "limit of 10000000 timeline.csv windows (10000000 cycles); set it to at least 2, or to 0 "
         "for no timeline.csv"},
        workload_case("filter larger than the padded input",
                      kNative + "c1,conv,1,3,8,8,8,11,3,1,1,1\n",
                      "w.csv:2: layer 'c1': filter height R = 11 is larger than the padded input "
                      "H + 2*pad = 8 + 2*1 = 10, so the output height P = floor((8 + 2*1 - 11) / "
                      "1) + 1 = 0 is not positive; expected R <= 10"),
        workload_case("groups not dividing channels", kNative + "c1,conv,1,3,8,8,8,3,3,1,1,2\n",
                      "w.csv:2: layer 'c1': column 'groups': '2' is not a divisor of C = 3; "
                      "groups must divide both C and K"),
        workload_case("groups not dividing filters", kNative + "c1,conv,1,4,6,8,8,3,3,1,1,4\n",
                      "w.csv:2: layer 'c1': column 'groups': '4' is not a divisor of K = 6; "
                      "groups must divide both C and K"),
        workload_case("unknown layer type", kNative + "p1,pool,1,3,8,8,8,3,3,1,1,1\n",
                      "w.csv:2: column 'type': 'pool' is not a layer type; expected one of: conv, "
                      "fc, matmul, relu, clip, sigmoid, tanh, add, mul, affine, maxpool, avgpool, "
                      "gap, lrn, softmax, layernorm, transpose"),
        workload_case("fc with a spatial input", kNative + "f,fc,1,512,10,2,1,1,1,1,0,1\n",
                      "w.csv:2: layer 'f': column 'H': '2' is not 1; an fc layer needs "
                      "H=W=R=S=1, stride=1, pad=0, groups=1 (C = input features, K = output "
                      "features)"),
        workload_case("empty layer name", kNative + ",conv,1,3,8,8,8,3,3,1,1,1\n",
                      "w.csv:2: column 'layer': '' is not a layer name; expected a non-empty "
                      "name"),
        workload_case("duplicate layer name with a terminal escape",
                      kNative + "c\x1b[31m,conv,1,3,8,8,8,3,3,1,1,1\n" +
                          "c\x1b[31m,conv,1,8,8,8,8,3,3,1,1,1\n",
                      "w.csv:3: column 'layer': 'c\\x1B[31m' is not a unique layer name; line 2 "
                      "already has a layer of that name"),
        workload_case("SCALE-Sim row without the trailing comma",
                      kConv + "Conv1,224,224,11,11,3,96,4\n",
                      "w.csv:2: the line does not end with a comma; SCALE-Sim drops the last "
                      "cell of every row, so '4' would be ignored; end the line with ','"),
        workload_case("SCALE-Sim row with 7 values", kConv + "Conv1,224,224,11,11,3,96,\n",
                      "w.csv:2: expected 8 or 9 values before the trailing comma (Layer name, "
                      "IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num "
                      "Filter, Strides, optional Stride width), found 7"),
        workload_case("SCALE-Sim filter larger than the input", kConv + "Conv1,5,5,11,11,3,96,4,\n",
                      "w.csv:2: layer 'Conv1': column 'Filter Height': '11' is larger than IFMAP "
                      "Height = 5; SCALE-Sim requires Filter Height <= IFMAP Height (its files "
                      "have no padding: pre-pad the input size)"),
        workload_case("SCALE-Sim depthwise layer of 2^20 channels",
                      kConv + "DP1,8,8,3,3,1048576,1,1,\n",
                      "w.csv:2: layer 'DP1' would make 1048576 layers; a workload may have at "
                      "most 100000 layers"),
        workload_case("SCALE-Sim GEMM with M = 0", kGemm + "G1,0,64,256,\n",
                      "w.csv:2: column 'M': '0' is not a positive integer; expected an integer "
                      "from 1 to 1048576"),
        workload_case("SCALE-Sim GEMM with 3 values", kGemm + "G1,128,64,\n",
                      "w.csv:2: expected 4 values before the trailing comma (Layer, M, N, K), "
                      "found 3"),
    };
}

// mapping.from: a run's layers.csv pinning each layer's mapping (tiny.csv's layers on the
// default 32x32 ws array).
Case from_case(std::string what, std::string csv, std::string err) {
    return {std::move(what),
            {{"m.csv", std::move(csv)}},
            {"run", "--workload", "tiny.csv", "--set", "mapping.from=m.csv", "--quiet", "--out",
             "o"},
            2,
            std::move(err)};
}

std::vector<Case> mapping_from_cases() {
    const std::string head = "layer,mapping\n";
    const std::string ok = "c2,M>K>N tile=16 step=16 ifmap=whole filter=whole psum=chip\n"
                           "c3,M>K>N tile=16 step=16 ifmap=whole filter=whole psum=chip\n"
                           "fc,M>K>N tile=1 step=1 ifmap=whole filter=whole psum=chip\n";
    return {
        {"mapping.from: missing file",
         {},
         {"run", "--workload", "tiny.csv", "--set", "mapping.from=nope.csv", "--quiet", "--out",
          "o"},
         2,
         "nope.csv: cannot open layers.csv (mapping.from): No such file or directory"},
        {"mapping.from: /dev/zero",
         {},
         {"run", "--workload", "tiny.csv", "--set", "mapping.from=/dev/zero", "--quiet", "--out",
          "o"},
         2,
         "/dev/zero: layers.csv (mapping.from) is larger than the limit of 67108864 bytes"},
        {"mapping.from with mapping.order",
         {},
         {"run", "--workload", "tiny.csv", "--set", "mapping.from=m.csv", "--set",
          "mapping.order=NKM", "--quiet", "--out", "o"},
         2,
         "--set mapping.order=NKM: key 'mapping.order': mapping.from pins every layer's mapping, "
         "so 'mapping.order' cannot also choose one; leave it at its default or mapping.from at "
         "\"\""},
        from_case("mapping.from: a workload, not a layers.csv",
                  "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n",
                  "m.csv: mapping.from: no 'layer' and 'mapping' columns (it takes the layers.csv "
                  "of a sasim run)"),
        from_case("mapping.from: a layer missing", head + ok,
                  "m.csv: mapping.from: no row for layer 'c1'"),
        from_case("mapping.from: a mapping of another dataflow (os: no psum)",
                  head + "c1,M>N>K tile=27 step=27 ifmap=per-step filter=whole\n" + ok,
                  "m.csv:2: column 'mapping': 'M>N>K tile=27 step=27 ifmap=per-step "
                  "filter=whole' is not a mapping of layer 'c1' on this array (no psum= field); "
                  "mapping.from takes a layers.csv of a run of the same workload and array"),
        from_case("mapping.from: garbage in the cell",
                  head + "c1,\"rm -rf /; tile=1\"\n" + ok,
                  "m.csv:2: column 'mapping': 'rm -rf /; tile=1' is not a mapping of layer 'c1' on "
                  "this array ('rm' is not a loop order like N>K>M); mapping.from takes a "
                  "layers.csv of a run of the same workload and array"),
        from_case("mapping.from: a step larger than the tile",
                  head + "c1,M>K>N tile=64 step=65 ifmap=whole filter=whole psum=chip\n" + ok,
                  "m.csv:2: column 'mapping': 'M>K>N tile=64 step=65 ifmap=whole filter=whole "
                  "psum=chip' is not a mapping of layer 'c1' on this array (step=65 is larger "
                  "than the tile 64); mapping.from takes a layers.csv of a run of the same "
                  "workload and array"),
        from_case("mapping.from: kept_ofmap_bytes not a byte count",
                  "layer,mapping,kept_ofmap_bytes\n"
                  "c1,M>K>N tile=16 step=16 ifmap=whole filter=whole psum=chip,-5\n",
                  "m.csv:2: mapping.from: column 'kept_ofmap_bytes' is '-5' (a byte count, 0 or "
                  "more)"),
    };
}

// ONNX models (run --workload, import), vector layers, workload.batch and vector.* keys.
std::vector<Case> network_cases() {
    const std::string model_tail =
        "; the file is not a valid ONNX model (a protocol-buffers ModelProto)";
    const std::string unsupported =
        read_bytes(source_path("tests/data/onnx/unsupported_torch_lrn.onnx"));
    const std::vector<std::string> run_m = {"run", "--workload", "m.onnx", "--quiet", "--out", "o"};
    return {
        {"ONNX file truncated",
         {{"m.onnx",
           "\x3a\x10"
           "abc"}},
         run_m,
         2,
         "m.onnx: byte 0: field 7 claims 16 bytes, 3 remain" + model_tail},
        {"ONNX varint of 11 bytes",
         {{"m.onnx", bytes("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")}},
         run_m,
         2,
         "m.onnx: byte 1: varint longer than 64 bits" + model_tail},
        {"ONNX file empty", {{"m.onnx", ""}}, run_m, 2, "m.onnx: ONNX file is empty"},
        {"ONNX file is a folder",
         {{"m.onnx/x", ""}},
         run_m,
         2,
         "m.onnx: cannot read ONNX file: not a regular file"},
        {"ONNX file missing",
         {},
         run_m,
         2,
         "m.onnx: cannot open ONNX file: No such file or directory"},
        {"ONNX ops sasim cannot map",
         {{"m.onnx", unsupported}},
         {"import", "m.onnx"},
         2,
         "m.onnx: 11 node(s) have ops sasim cannot map to layers: node 8 '/ConstantOfShape' (op "
         "ConstantOfShape), node 9 '/Concat' (op Concat), node 16 '/Slice' (op Slice), node 20 "
         "'/Cast' (op Cast), node 21 '/Pad' (op Pad), node 23 '/Pad_1' (op Pad), node 26 "
         "'/Shape' (op Shape), node 27 '/Gather' (op Gather), node 29 '/Equal' (op Equal), node "
         "30 '/If' (op If), ...; supported ops: Add, AveragePool, BatchNormalization, Clip, "
         "Constant, Conv, Div, Dropout, Flatten, Gemm, GlobalAveragePool, GlobalMaxPool, "
         "Identity, LRN, LayerNormalization, MatMul, MaxPool, Mul, ReduceMean, Relu, Reshape, "
         "Sigmoid, Softmax, Squeeze, Sub, Tanh, Transpose, Unsqueeze"},
        {"import without a model", {}, {"import"}, 2, "sasim import: no MODEL.onnx given", true},
        {"import --out a folder",
         {{"m.onnx", unsupported}, {"d/x", ""}},
         {"import", "m.onnx", "--out", "d"},
         2,
         "--out d: is a folder; expected a file name"},
        workload_case("vector layer with K != C", kNative + "r,relu,1,4,5,8,8,1,1,1,0,1\n",
                      "w.csv:2: layer 'r': column 'K': '5' is not 4; a relu layer needs K=C, "
                      "R=S=1, stride=1, pad=0, groups=1"),
        workload_case("pooling pad as large as the window",
                      kNative + "p,maxpool,1,4,4,8,8,2,2,2,2,1\n",
                      "w.csv:2: layer 'p': column 'pad': '2' is not less than the window 2x2; a "
                      "pooling window must overlap the input"),
        workload_case("softmax row larger than half the scratchpad",
                      kNative + "s,softmax,1,1000,1000,1,1,1,1,1,0,1\n",
                      "w.csv:2: layer 's': sram.ifmap_kb = 1 KiB is too small: one row of C "
                      "elements needs 1000 bytes per buffer, so the double-buffered scratchpad "
                      "needs at least 2 KiB",
                      "sram.ifmap_kb=1"),
        workload_case("gap outputs of an image larger than half the scratchpad",
                      kNative + "g,gap,1,1000,1000,2,2,1,1,1,0,1\n",
                      "w.csv:2: layer 'g': sram.ofmap_kb = 1 KiB is too small: one row of C "
                      "outputs needs 1000 bytes per buffer, so the double-buffered scratchpad "
                      "needs at least 2 KiB",
                      "sram.ofmap_kb=1"),
        workload_case("pooling band wider than half the scratchpad",
                      kNative + "p,maxpool,1,1,1,8,1000,3,3,2,0,1\n",
                      "w.csv:2: layer 'p': sram.ifmap_kb = 1 KiB is too small: one band of R "
                      "input rows of one channel needs 2997 bytes per buffer, so the "
                      "double-buffered scratchpad needs at least 6 KiB",
                      "sram.ifmap_kb=1"),
        workload_case("batch past the N limit", kNative + "c1,conv,2,3,8,8,8,3,3,1,1,1\n",
                      "config: workload.batch = 40000: layer 'c1' (w.csv:2) would have N = "
                      "2*40000 = 80000, more than the limit of 65536",
                      "workload.batch=40000"),
        set_case("--set vector.lanes=0", {"vector.lanes=0"},
                 "--set vector.lanes=0: key 'vector.lanes': 0 is out of range; allowed 1 to "
                 "65536"),
        set_case("--set workload.batch=0", {"workload.batch=0"},
                 "--set workload.batch=0: key 'workload.batch': 0 is out of range; allowed 1 to "
                 "65536"),
    };
}

std::vector<Case> output_and_command_cases() {
    const std::vector<std::string> run = {"run", "--workload", "tiny.csv", "--quiet", "--out"};
    auto out = [&run](std::string dir) {
        std::vector<std::string> a = run;
        a.push_back(std::move(dir));
        return a;
    };
    const std::string refuse =
        ": output folder is not empty and holds no sasim results (no summary.json); refusing to "
        "replace it: choose an empty or new folder";
    return {
        {"--out is a file",
         {{"notes.txt", "mine\n"}},
         out("notes.txt"),
         2,
         "notes.txt: output path exists and is not a folder"},
        {"--out under a file",
         {{"f", "mine\n"}},
         out("f/o"),
         2,
         "f/o: cannot create output folder: Not a directory"},
        {"--out under /dev/null",
         {},
         out("/dev/null/o"),
         2,
         "/dev/null/o: cannot create output folder: Not a directory"},
        {"--out in /proc",
         {},
         out("/proc/sasim-o"),
         2,
         "/proc/sasim-o: cannot write output folder: No such file or directory"},
        {"--out a folder of other files",
         {{"proj/src/main.c", "mine\n"}},
         out("proj"),
         2,
         "proj" + refuse},
        {"--out the working folder", {}, out("."), 2, "." + refuse},
        {"--out empty", {}, out(""), 2, "--out: the folder name is empty; expected a folder name"},
        {"unknown option",
         {},
         {"run", "--frobnicate"},
         2,
         "sasim run: unrecognised option '--frobnicate'",
         true},
        {"option without its value",
         {},
         {"run", "--config"},
         2,
         "sasim run: the required argument for option '--config' is missing",
         true},
        {"unknown command", {}, {"frobnicate"}, 2, "unknown command 'frobnicate'", true},
    };
}

void check_case(const Case& c, const std::string& tiny) {
    TempDir dir;
    write_text(dir / "tiny.csv", tiny);
    for (const auto& [name, text] : c.files) write_text(dir / name, text);
    const std::set<std::string> before = entries(dir.path(), true);
    const Result r = run_sasim(dir.path(), c.args);
    CHECK(r.status == c.status);
    if (c.usage) {
        const std::string first = "sasim: error: " + c.err + "\n";
        CHECK(r.err.substr(0, first.size()) == first);
        CHECK(r.err.substr(first.size(), 16) == "usage: sasim run");
    } else {
        CHECK(r.err == (c.err.empty() ? "" : "sasim: error: " + c.err + "\n"));
    }
    if (c.status != 0) {
        CHECK(r.out.empty());
        CHECK(entries(dir.path(), true) == before);  // nothing written: no --out, no temp folders
    }
}

}  // namespace

TEST_CASE("hostile input: every row exits with its status and exact message", "[cli]") {
    const std::string tiny = read_bytes(source_path("workloads/tiny.csv"));
    std::vector<Case> cases;
    for (auto part : {config_cases(), set_cases(), dram_cases(), energy_cases(), workload_cases(),
                      mapping_from_cases(), network_cases(), output_and_command_cases()})
        cases.insert(cases.end(), part.begin(), part.end());
    REQUIRE(cases.size() >= 60);
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.what) { check_case(c, tiny); }
    }
}

TEST_CASE("hostile input: an empty config is every default; a run needs no config keys", "[cli]") {
    TempDir dir;
    write_text(dir / "empty.toml", "");
    write_text(dir / "tiny.csv", read_bytes(source_path("workloads/tiny.csv")));
    const Result r = run_sasim(dir.path(), {"run", "--config", "empty.toml", "--workload",
                                            "tiny.csv", "--quiet", "--out", "o"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(read_bytes(dir / "o" / "config.toml").find("name = \"edge\"") != std::string::npos);
}

TEST_CASE("hostile input: an unreadable config or workload names the reason", "[cli]") {
    if (geteuid() == 0) {
        WARN("running as root: permissions do not stop reading; skipped");
        return;
    }
    TempDir dir;
    write_text(dir / "c.toml", "");
    write_text(dir / "w.csv", kNative + "c1,conv,1,3,8,8,8,3,3,1,1,1\n");
    fs::permissions(dir / "c.toml", fs::perms::none);
    fs::permissions(dir / "w.csv", fs::perms::none);
    const Result c = run_sasim(dir.path(), {"run", "--config", "c.toml", "--out", "o"});
    CHECK(c.status == 2);
    CHECK(c.err == "sasim: error: c.toml: cannot open config file: Permission denied\n");
    const Result w = run_sasim(dir.path(), {"run", "--workload", "w.csv", "--out", "o"});
    CHECK(w.status == 2);
    CHECK(w.err == "sasim: error: w.csv: cannot open workload file: Permission denied\n");
}
