// `sasim run --checks FILE [--junit FILE.xml]` as users see it: the built sasim runs as a
// subprocess on tiny.csv and AlexNet; each test checks the exit status (0 all pass, 1 a check
// failed, 2 bad input), the exact PASS/FAIL lines or error text, and what was written.
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/subprocess.hpp"

using namespace sasim;
using namespace sasim::test;
namespace fs = std::filesystem;

namespace {

const std::string kTiny = source_path("workloads/tiny.csv");

// Reads `xml` in `dir` with python3's xml.etree and prints the suite's name, tests and failures,
// then "name | failure message" per testcase. Debian's python3 first (a pyenv shim on PATH may
// not work in CI).
Result junit_summary(const fs::path& dir, const std::string& xml) {
    const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const std::string script =
        "import sys, xml.etree.ElementTree as E\n"
        "s = E.parse(sys.argv[1]).getroot().find('testsuite')\n"
        "print(s.get('name'), s.get('tests'), s.get('failures'))\n"
        "for c in s.iter('testcase'):\n"
        "    f = c.find('failure')\n"
        "    print(c.get('name'), '|', '' if f is None else f.get('message'))\n";
    return run_shell(dir, python + " -c " + quote(script) + " " + quote(xml));
}

const char* kRefetch =
    "[[check]]\nname = \"no DRAM refetch\"\nmetric = \"dram_read_bytes\"\nop = \"<=\"\n"
    "value = \"unique_footprint_bytes * 1.0\"\n";

}  // namespace

TEST_CASE("checks cli: checks that pass exit 0 with a PASS line each", "[checks][cli]") {
    TempDir dir;
    write_text(dir / "c.toml", std::string(kRefetch) +
                                   "[[check]]\nname = \"tiny is 36352 MACs\"\nscope = \"run\"\n"
                                   "metric = \"total_macs\"\nop = \"==\"\nvalue = 36352\n");
    const Result r = run_sasim(
        dir.path(), {"run", "--workload", kTiny, "--quiet", "--out", "o", "--checks", "c.toml"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    // Every tiny layer fits its scratchpads: DRAM reads are exactly the unique footprint
    // (c1: 8x8x3 ifmap + 8x3x3x3 filter = 192 + 216 bytes; c2, stride 2, still reads all rows).
    CHECK(r.out ==
          "PASS no DRAM refetch [c1]: 408 <= 408\n"
          "PASS no DRAM refetch [c2]: 1088 <= 1088\n"
          "PASS no DRAM refetch [c3]: 768 <= 768\n"
          "PASS no DRAM refetch [fc]: 5632 <= 5632\n"
          "PASS tiny is 36352 MACs [run]: 36352 == 36352\n"
          "checks: 5 passed, 0 failed\n");
}

TEST_CASE("checks cli: a failed check exits 1 after writing the outputs and the JUnit file",
          "[checks][cli]") {
    TempDir dir;
    write_text(dir / "c.toml",
               "[[check]]\nname = \"conv layers are big\"\nlayers = { type = \"conv\" }\n"
               "metric = \"macs\"\nop = \">=\"\nvalue = 10000\n");
    const Result r = run_sasim(dir.path(), {"run", "--workload", kTiny, "--quiet", "--out", "o",
                                            "--checks", "c.toml", "--junit", "j.xml"});
    CHECK(r.status == 1);
    CHECK(r.err.empty());
    CHECK(r.out ==
          "PASS conv layers are big [c1]: 13824 >= 10000\n"
          "FAIL conv layers are big [c2]: macs = 9216, expected >= 10000\n"
          "FAIL conv layers are big [c3]: macs = 8192, expected >= 10000\n"
          "checks: 1 passed, 2 failed\n");
    CHECK(read_bytes(dir / "o" / "layers.csv").rfind("layer,type,macs,", 0) == 0);
    CHECK(entries(dir.path()) == std::set<std::string>{"c.toml", "j.xml", "o"});
    const Result py = junit_summary(dir.path(), "j.xml");
    CHECK(py.status == 0);
    CHECK(py.err.empty());
    CHECK(py.out ==
          "c 3 2\n"
          "conv layers are big [c1] | \n"
          "conv layers are big [c2] | macs = 9216, expected >= 10000\n"
          "conv layers are big [c3] | macs = 8192, expected >= 10000\n");
}

TEST_CASE("checks cli: a streamed AlexNet ifmap is refetched, and the check says by how much",
          "[checks][cli]") {
    TempDir dir;
    write_text(dir / "c.toml", kRefetch);
    // conv1's 227x227x3 ifmap does not fit 64 KiB: under SCALE-Sim's mapping every row fold of
    // each of its 3 column folds re-reads the input rows its step needs (3,329,073 bytes, as
    // the mapper's cost model counts them too). The conv and fc layers only (alexnet_gemm.csv).
    const Result r = run_sasim(dir.path(), {"run", "--set", "sram.ifmap_kb=64", "--set",
                                            "mapping.strategy=scalesim", "--workload",
                                            source_path("workloads/alexnet_gemm.csv"), "--quiet",
                                            "--out", "o", "--checks", "c.toml"});
    CHECK(r.status == 1);
    CHECK(r.out.rfind("FAIL no DRAM refetch [conv1]: dram_read_bytes = 3329073, expected <= "
                      "unique_footprint_bytes * 1.0 = 189435 * 1.0 = 189435\n"
                      "PASS no DRAM refetch [conv2]: 377184 <= 377184\n",
                      0) == 0);
    CHECK(r.out.find("PASS no DRAM refetch [fc6]: 37757952 <= 37757952\n") != std::string::npos);
    CHECK(r.out.substr(r.out.rfind("checks:")) == "checks: 7 passed, 1 failed\n");
    // The mapper's choice keeps bands of input rows on chip: under 1.2 x the footprint.
    const Result a = run_sasim(dir.path(), {"run", "--set", "sram.ifmap_kb=64", "--workload",
                                            source_path("workloads/alexnet_gemm.csv"), "--quiet",
                                            "--out", "o2", "--checks", "c.toml"});
    const std::string head = "FAIL no DRAM refetch [conv1]: dram_read_bytes = ";
    REQUIRE(a.out.rfind(head, 0) == 0);
    CHECK(std::stoll(a.out.substr(head.size())) < 189435 * 12 / 10);
}

TEST_CASE("checks cli: the shipped AlexNet example checks", "[checks][cli]") {
    TempDir dir;
    const Result r = run_sasim(dir.path(), {"run", "--quiet", "--out", "o", "--checks",
                                            source_path("configs/checks/edge_alexnet.toml")});
    // 5 conv layers + 1 (windows) + 14 layers (7 activations fused) + 5 conv layers + 1 (run).
    std::istringstream lines(r.out);
    std::vector<std::string> results;
    for (std::string l; std::getline(lines, l);)
        if (l.rfind("checks: ", 0) != 0) results.push_back(l);
    REQUIRE(results.size() == 26);
    size_t failed = 0;
    for (const std::string& l : results) {
        INFO(l);
        CHECK((l.rfind("PASS ", 0) == 0 || l.rfind("FAIL ", 0) == 0));
        failed += l.rfind("FAIL ", 0) == 0;
    }
    CHECK(r.status == (failed > 0 ? 1 : 0));
    CHECK(results[0].rfind("conv layers rarely stall on DRAM [conv1]: ", 5) == 5);
    CHECK(results[5].rfind("DRAM bandwidth used stays within supply [", 5) == 5);
    CHECK(results[6] == "PASS no DRAM refetch [conv1]: 189435 <= 189435");
    CHECK(results[7] == "PASS no DRAM refetch [norm1]: 290400 <= 290400");
    CHECK(results[19] == "PASS no DRAM refetch [prob]: 1000 <= 1000");
    CHECK(results[25].rfind("whole run stalls under 1% of its cycles [run]: ", 5) == 5);
    CHECK(r.out.substr(r.out.rfind("checks: ")) == "checks: " + std::to_string(26 - failed) +
                                                       " passed, " + std::to_string(failed) +
                                                       " failed\n");
}

TEST_CASE("checks cli: a bad checks file exits 2 before simulating", "[checks][cli]") {
    TempDir dir;
    write_text(dir / "c.toml",
               "[[check]]\nname = \"stalls\"\nmetric = \"stall_dram_bandwith_cycles / "
               "total_cycles\"\nop = \"<\"\nvalue = 0.05\n");
    Result r = run_sasim(dir.path(), {"run", "--workload", kTiny, "--out", "o", "--checks",
                                      "c.toml", "--junit", "j.xml"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "sasim: error: c.toml:3:11: check 'stalls': key 'metric': unknown metric "
          "'stall_dram_bandwith_cycles' at scope = \"layer\"; did you mean "
          "'stall_dram_bandwidth_cycles'?\n");
    CHECK(r.out.empty());
    CHECK(entries(dir.path()) == std::set<std::string>{"c.toml"});  // no outputs, no JUnit

    write_text(dir / "c.toml",
               std::string(kRefetch) + "layers = { names = [\"c1\", \"conv1\"] }\n");
    r = run_sasim(dir.path(), {"run", "--workload", kTiny, "--out", "o", "--checks", "c.toml"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "sasim: error: c.toml:6:27: check 'no DRAM refetch': key 'layers.names': no layer "
          "'conv1' in workload 'tiny'; its layers: c1, c2, c3, fc\n");
    CHECK(entries(dir.path()) == std::set<std::string>{"c.toml"});

    write_text(dir / "c.toml",
               "[[check]]\nname = \"bw\"\nscope = \"window\"\n"
               "metric = \"dram_gbps\"\nop = \"<=\"\nvalue = \"supply_gbps\"\n");
    r = run_sasim(dir.path(), {"run", "--workload", kTiny, "--out", "o", "--checks", "c.toml",
                               "--set", "report.timeline_window_cycles=0"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "sasim: error: c.toml:3:9: check 'bw': scope = \"window\" needs timeline.csv, but "
          "report.timeline_window_cycles is 0; set it (e.g. --set "
          "report.timeline_window_cycles=10000)\n");
    CHECK(entries(dir.path()) == std::set<std::string>{"c.toml"});
}

TEST_CASE("checks cli: --junit needs --checks and a folder to write into", "[checks][cli]") {
    TempDir dir;
    Result r =
        run_sasim(dir.path(), {"run", "--workload", kTiny, "--out", "o", "--junit", "j.xml"});
    CHECK(r.status == 2);
    CHECK(r.err == "sasim: error: --junit j.xml: needs --checks FILE.toml (what to report)\n");
    write_text(dir / "c.toml", kRefetch);
    r = run_sasim(dir.path(), {"run", "--workload", kTiny, "--out", "o", "--checks", "c.toml",
                               "--junit", "nodir/j.xml"});
    CHECK(r.status == 2);
    CHECK(r.err == "sasim: error: --junit nodir/j.xml: cannot create a file in '" +
                       (fs::canonical(dir.path()) / "nodir").string() + "': no such folder\n");
    r = run_sasim(dir.path(), {"run", "--workload", kTiny, "--out", "o", "--checks", "none.toml"});
    CHECK(r.status == 2);
    CHECK(r.err == "sasim: error: none.toml: cannot open checks file: No such file or directory\n");
    CHECK(entries(dir.path()) == std::set<std::string>{"c.toml"});
}
