// Evaluating checks on hand-made run results (no simulation): the exact PASS/FAIL lines per
// layer, run and window, merged windows, undefined ratios, the metric catalogue against the
// report columns, the unique footprint against a brute-force count, and the JUnit XML (parsed
// by python3's xml.etree).
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/checks/checks.hpp"
#include "sim/report/report.hpp"
#include "support/layers.hpp"
#include "support/subprocess.hpp"

using namespace sasim;

namespace {

LayerResult layer(const std::string& name, const std::string& type, int64_t cycles, int64_t stall,
                  int64_t read, int64_t ifmap_unique, int64_t filter_unique) {
    LayerResult l;
    l.name = name;
    l.type = type;
    l.bottleneck = "none";
    l.macs = 1000;
    l.total_cycles = cycles;
    l.stall_cycles = stall;
    l.stall_dram_bandwidth_cycles = stall;
    l.dram_read_bytes = read;
    l.dram_write_bytes = 10;
    l.ifmap_unique_bytes = ifmap_unique;
    l.filter_unique_bytes = filter_unique;
    l.ofmap_unique_bytes = 10;
    l.has_footprint = filter_unique > 0;  // 0: as if set_unique_footprint() was not called
    return l;
}

RunResult run_of(std::vector<LayerResult> layers) {
    RunResult r;
    r.config_name = "edge";
    r.workload_name = "w";
    r.clock_mhz = 1000;
    r.pes = 1024;
    r.layers = std::move(layers);
    return r;
}

// c1: 40 of 1000 cycles stalled, reads exactly its footprint; fc: 300 of 2000, reads 368 more.
RunResult two_layers() {
    return run_of({layer("c1", "conv", 1000, 40, 408, 192, 216),
                   layer("fc", "fc", 2000, 300, 6000, 512, 5120)});
}

const char* kTimeline =
    "window,start_cycle,end_cycle,layer,ifmap_read_bytes,filter_read_bytes,psum_read_bytes,"
    "ofmap_write_bytes,dram_gbps,supply_gbps\n"
    "0,0,1000,c1,8000,0,0,0,8.000,16.000\n"
    "1,1000,2000,fc,16000,500,0,0,16.500,16.000\n"
    "2,2000,3000,fc,4000,0,0,0,4.000,16.000\n"
    "3,3000,4000,fc,0,0,0,10,0.010,16.000\n";

std::string check(const std::string& name, const std::string& body) {
    return "[[check]]\nname = \"" + name + "\"\n" + body;
}

std::string lines(const std::string& checks, const RunResult& r,
                  const std::string& timeline = kTimeline) {
    return evaluate_checks(parse_checks_text(checks, "c.toml"), r, timeline).text();
}

}  // namespace

TEST_CASE("checks eval: per layer, a PASS or FAIL line with the values and the bound", "[checks]") {
    CHECK(lines(check("stalls",
                      "metric = \"stall_dram_bandwidth_cycles / total_cycles\"\n"
                      "op = \"<\"\nvalue = 0.05\n"),
                two_layers()) ==
          "PASS stalls [c1]: 0.04 < 0.05\n"
          "FAIL stalls [fc]: stall_dram_bandwidth_cycles / total_cycles = 300 / 2000 = 0.15, "
          "expected < 0.05\n"
          "checks: 1 passed, 1 failed\n");
    CHECK(lines(check("refetch",
                      "metric = \"dram_read_bytes\"\nop = \"<=\"\n"
                      "value = \"unique_footprint_bytes * 1.0\"\n"),
                two_layers()) ==
          "PASS refetch [c1]: 408 <= 408\n"
          "FAIL refetch [fc]: dram_read_bytes = 6000, expected <= unique_footprint_bytes * 1.0 = "
          "5632 * 1.0 = 5632\n"
          "checks: 1 passed, 1 failed\n");
    CHECK(lines(check("fc only",
                      "layers = { type = \"fc\" }\nmetric = \"macs\"\nop = \"==\"\n"
                      "value = 1000\n"),
                two_layers()) == "PASS fc only [fc]: 1000 == 1000\nchecks: 1 passed, 0 failed\n");
}

TEST_CASE("checks eval: a ratio over zero is undefined and fails", "[checks]") {
    const RunResult c0 = run_of({layer("c0", "conv", 0, 0, 0, 1, 1)});
    CHECK(lines(check("stalls",
                      "metric = \"stall_cycles / total_cycles\"\nop = \"<\"\n"
                      "value = 0.05\n"),
                c0) ==
          "FAIL stalls [c0]: stall_cycles / total_cycles = 0 / 0 = undefined, expected < 0.05\n"
          "checks: 0 passed, 1 failed\n");
    // Undefined fails with every op: `!=` once passed ("undefined != 0" is true of a NaN).
    CHECK(lines(check("ne", "metric = \"macs / 0\"\nop = \"!=\"\nvalue = 0\n"), c0) ==
          "FAIL ne [c0]: macs / 0 = 1000 / 0 = undefined, expected != 0\n"
          "checks: 0 passed, 1 failed\n");
    // Values that print alike but differ are shown in full when == fails: 1/3 vs 0.3333.
    CHECK(lines(check("eq", "metric = \"1 / 3\"\nop = \"==\"\nvalue = 0.3333\n"), c0) ==
          "FAIL eq [c0]: 0.3333, expected == 0.3333 (exactly 0.33333333333333331 and "
          "0.33329999999999999)\n"
          "checks: 0 passed, 1 failed\n");
    // An overflow of finite values is undefined too (1e308 * 10 is past the largest double).
    CHECK(lines(check("big", "metric = \"1e308 * 10\"\nop = \">\"\nvalue = 1\n"), c0) ==
          "FAIL big [c0]: undefined, expected > 1\n"
          "checks: 0 passed, 1 failed\n");
}

TEST_CASE("checks eval: per run, totals of the selected layers and summary fields", "[checks]") {
    CHECK(lines(check("run stalls",
                      "scope = \"run\"\nmetric = \"stall_cycles / total_cycles\"\n"
                      "op = \"<\"\nvalue = 0.1\n") +
                    check("c1 stalls",
                          "scope = \"run\"\nlayers = { names = [\"c1\"] }\n"
                          "metric = \"stall_cycles / total_cycles\"\nop = \"<\"\n"
                          "value = 0.1\n") +
                    check("summary",
                          "scope = \"run\"\nlayers = { type = \"fc\" }\n"
                          "metric = \"runtime_ms + total_macs\"\nop = \">=\"\n"
                          "value = \"dram_bytes - unique_footprint_bytes\"\n"),
                two_layers()) ==
          "FAIL run stalls [run]: stall_cycles / total_cycles = 340 / 3000 = 0.1133, expected < "
          "0.1\n"
          "PASS c1 stalls [run: c1]: 0.04 < 0.1\n"
          "PASS summary [run: fc layers]: 1000.002 >= 378\n"
          "checks: 2 passed, 1 failed\n");
}

TEST_CASE("checks eval: windows fail at the first bad one and pass with the closest", "[checks]") {
    const std::string bw =
        "scope = \"window\"\nmetric = \"dram_gbps\"\nop = \"<=\"\n"
        "value = \"supply_gbps\"\n";
    // window 1: 16500 bytes in 1000 cycles at 1 GHz = 16.5 GB/s.
    CHECK(lines(check("bw", bw), two_layers()) ==
          "FAIL bw [window 1 (cycles 1000-2000), layer fc]: dram_gbps = 16.500, expected <= "
          "supply_gbps = 16; 1 of 4 windows fail\n"
          "checks: 0 passed, 1 failed\n");
    // Merged in pairs: (8000 + 16500) / 2000 = 12.25 GB/s, (4000 + 10) / 2000 = 2.005 GB/s.
    CHECK(lines(check("bw", "window_cycles = 2000\n" + bw), two_layers()) ==
          "PASS bw [2 windows of 2000 cycles]: 12.250 <= 16, closest in window 0 (cycles "
          "0-2000)\n"
          "checks: 1 passed, 0 failed\n");
    // Three rows merge into one window and one of a single row.
    CHECK(lines(check("bytes",
                      "scope = \"window\"\nwindow_cycles = 3000\n"
                      "metric = \"dram_bytes\"\nop = \">\"\nvalue = 20\n"),
                two_layers()) ==
          "FAIL bytes [window 1 (cycles 3000-4000), layer fc]: dram_bytes = 10, expected > 20; 1 "
          "of 2 windows fail\n"
          "checks: 0 passed, 1 failed\n");
    CHECK(lines(check("conv bw", "layers = { type = \"conv\" }\n" + bw), two_layers()) ==
          "PASS conv bw [1 window of 1000 cycles]: 8 <= 16, closest in window 0 (cycles 0-1000)\n"
          "checks: 1 passed, 0 failed\n");
    CHECK(lines(check("bw", bw), two_layers(), "") ==
          "FAIL bw [no windows]: the run has no timeline.csv\n"
          "checks: 0 passed, 1 failed\n");
}

TEST_CASE("checks eval: a run without the unique footprint is a caller's bug", "[checks]") {
    const Checks c = parse_checks_text(check("refetch",
                                             "metric = \"dram_read_bytes\"\nop = \"<=\"\n"
                                             "value = \"unique_footprint_bytes\"\n"),
                                       "c.toml");
    CHECK_THROWS_WITH(evaluate_checks(c, run_of({layer("c1", "conv", 10, 0, 1, 0, 0)}), ""),
                      "check 'refetch': layer 'c1' has no value for 'unique_footprint_bytes' "
                      "(call set_unique_footprint() on the run's layers)");
}

TEST_CASE("checks metrics: every numeric report column is a metric", "[checks]") {
    // (mapping is text: the old probe, formatting an empty run, took its empty cell for a number.)
    const std::string csv = layers_csv(two_layers());
    std::istringstream header(csv.substr(0, csv.find('\n')));
    for (std::string col; std::getline(header, col, ',');) {
        INFO("column " << col);
        const bool text = col == "layer" || col == "type" || col == "bottleneck" || col == "fused" ||
                          col == "mapping";
        CHECK(is_metric(CheckScope::layer, col) == !text);
    }
    for (const char* m : {"total_macs", "total_stall_cycles", "overall_util_pct", "runtime_ms",
                          "dram_read_bytes", "stall_cycles", "unique_footprint_bytes", "layers"})
        CHECK(is_metric(CheckScope::run, m));
    for (const char* m : {"dram_gbps", "supply_gbps", "ifmap_read_bytes", "psum_read_bytes",
                          "ofmap_write_bytes", "dram_bytes", "start_cycle"})
        CHECK(is_metric(CheckScope::window, m));
    CHECK_FALSE(is_metric(CheckScope::run, "compute_util_pct"));  // a rate: not additive
}

namespace {

// Raw input elements some window reads, by visiting every window (as the property test does).
int64_t touched_brute(const Layer& l) {
    std::vector<char> seen(static_cast<size_t>(l.H * l.W), 0);
    for (int64_t p = 0; p < l.P(); ++p)
        for (int64_t q = 0; q < l.Q(); ++q)
            for (int64_t r = 0; r < l.R; ++r)
                for (int64_t s = 0; s < l.S; ++s) {
                    const int64_t h = p * l.stride_h - l.pad_h + r,
                                  w = q * l.stride_w - l.pad_w + s;
                    if (h >= 0 && h < l.H && w >= 0 && w < l.W) seen[h * l.W + w] = 1;
                }
    int64_t n = 0;
    for (char c : seen) n += c;
    return n * l.N * l.C;
}

// Batch 2, W = H + 1 (so rows and columns cannot be swapped unnoticed), square filters.
Layer conv(int64_t C, int64_t K, int64_t H, int64_t R, int64_t stride, int64_t pad, int64_t g) {
    return test::conv("", C, K, H, H + 1, R, R, stride, pad, g, 2);
}

}  // namespace

TEST_CASE("checks: the unique footprint counts the input a window reads, once", "[checks]") {
    // AlexNet conv1: 227x227x3, 11x11 stride 4 reaches every input: 154587 + 34848 bytes.
    Layer c1 = conv(3, 96, 227, 11, 4, 0, 1);
    c1.N = 1;
    c1.W = 227;
    LayerResult r;
    set_unique_footprint(r, c1, 1);
    CHECK(r.ifmap_unique_bytes == 154587);
    CHECK(r.filter_unique_bytes == 34848);
    CHECK(r.ofmap_unique_bytes == 96 * 55 * 55);
    // A 1x1 stride-2 conv on 9 rows reads rows 0, 2, 4, 6, 8 only.
    const Layer skip = conv(4, 8, 9, 1, 2, 0, 1);
    set_unique_footprint(r, skip, 2);
    CHECK(r.ifmap_unique_bytes == 2 * 2 * 4 * 5 * 5);
    CHECK(r.filter_unique_bytes == 2 * 8 * 4);
    for (const Layer& l : {conv(6, 8, 12, 3, 2, 1, 2), conv(3, 3, 10, 2, 3, 0, 1),
                           conv(4, 4, 7, 5, 1, 2, 4), conv(2, 6, 15, 4, 4, 3, 2)}) {
        set_unique_footprint(r, l, 1);
        CHECK(r.ifmap_unique_bytes == touched_brute(l));
        CHECK(r.filter_unique_bytes == l.filter_elems());
    }
}

namespace {

// python3 reads the XML and prints: root tag, tests, failures, then one line per testcase.
std::string parse_with_python(const std::string& xml) {
    test::TempDir d;
    test::write_text(d / "j.xml", xml);
    // Debian's python3 first: a pyenv shim first on PATH may not work in CI.
    const std::string python =
        access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    const test::Result r = test::run_shell(
        d.path(), python +
                      " -c \"import sys, xml.etree.ElementTree as E\n"
                      "r = E.parse(sys.argv[1]).getroot()\n"
                      "s = r.find('testsuite')\n"
                      "print(r.tag, s.get('name'), s.get('tests'), s.get('failures'))\n"
                      "for c in s.findall('testcase'):\n"
                      "    f = c.find('failure')\n"
                      "    print(c.get('name'), '|', '' if f is None else f.get('message'))\" "
                      "j.xml");
    return (r.status == 0 ? "" : "python3 failed: " + r.err) + r.out;
}

}  // namespace

TEST_CASE("checks: the JUnit XML parses, with one testcase per result", "[checks]") {
    Checks c = parse_checks_text(
        check("stalls <5% & \\\"fast\\\"",
              "metric = \"stall_dram_bandwidth_cycles / "
              "total_cycles\"\nop = \"<\"\nvalue = 0.05\n") +
            check("macs", "scope = \"run\"\nmetric = \"total_macs\"\nop = \">\"\nvalue = 0\n"),
        "/some/dir/edge_alexnet.toml");
    RunResult r = two_layers();
    r.layers[0].name = "c<1>\x01";  // a control character XML cannot hold: U+FFFD
    const CheckOutcome o = evaluate_checks(c, r, kTimeline);
    CHECK(parse_with_python(junit_xml(c, o)) ==
          "testsuites edge_alexnet 3 1\n"
          "stalls <5% & \"fast\" [c<1>\xEF\xBF\xBD] | \n"
          "stalls <5% & \"fast\" [fc] | stall_dram_bandwidth_cycles / total_cycles = 300 / 2000 "
          "= 0.15, expected < 0.05\n"
          "macs [run] | \n");
}
