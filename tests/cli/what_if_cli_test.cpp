// `sasim run --what-if`: what_if.csv's rows are reproducible by hand with the --set items the
// README documents for each cause (plus mapping.from = the run's layers.csv), the stdout table gains its "what would help" column, and bad
// --jobs values are refused before anything runs.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/base/csv.hpp"
#include "support/subprocess.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

const std::string kTiny = source_path("workloads/tiny.csv");

// column -> cells of a CSV text, in row order
std::map<std::string, std::vector<std::string>> columns(const std::string& text) {
    const std::vector<CsvRow> rows = parse_csv(text);
    std::map<std::string, std::vector<std::string>> out;
    for (size_t i = 1; i < rows.size(); ++i)
        for (size_t c = 0; c < rows[0].size() && c < rows[i].size(); ++c)
            out[rows[0][c]].push_back(rows[i][c]);
    return out;
}

}  // namespace

TEST_CASE("what-if: every row is the run with the documented --set items", "[cli]") {
    TempDir dir;
    // A memory-bound design: 1 GB/s, 200-cycle latency, a 4 B/cycle link, 2-byte bank ports, so
    // every cause has its run.
    const std::vector<std::string> design = {
        "--set", "dram.model=bandwidth",         "--set", "dram.bandwidth_gbps=1",
        "--set", "dram.latency_cycles=200",      "--set", "interconnect.bytes_per_cycle=4",
        "--set", "interconnect.latency_cycles=10", "--set", "sram.bank_width_bytes=2"};
    std::vector<std::string> args = {"run", "--workload", kTiny, "--out", "o", "--what-if",
                                     "--jobs", "2"};
    args.insert(args.end(), design.begin(), design.end());
    const Result r = run_sasim(dir.path(), args);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find("what would help") != std::string::npos);
    CHECK(r.out.find("[cause, cycles saved]") != std::string::npos);
    CHECK(entries(dir / "o") == std::set<std::string>{"layers.csv", "summary.json", "config.toml",
                                                      "stats.txt", "timeline.csv", "what_if.csv"});
    const std::string text = read_bytes(dir / "o" / "what_if.csv");
    CHECK(text.rfind("layer,cause,total_cycles,cycles_without,saved_cycles,saved_pct,"
                     "charged_cycles\n", 0) == 0);
    auto w = columns(text);
    auto base = columns(read_bytes(dir / "o" / "layers.csv"));
    // 4 layers x 4 causes, cause by cause in the stack's order.
    REQUIRE(w["layer"].size() == 16);
    const std::vector<std::string> causes = {"stall_dram_bandwidth", "stall_dram_latency",
                                             "stall_interconnect", "stall_bank_conflict"};
    const std::map<std::string, std::vector<std::string>> removes = {
        {"stall_dram_bandwidth", {"dram.bandwidth_gbps=100000"}},
        {"stall_dram_latency", {"dram.latency_cycles=0", "interconnect.latency_cycles=0"}},
        {"stall_interconnect", {"interconnect.bytes_per_cycle=0"}},
        {"stall_bank_conflict", {"sram.bank_width_bytes=0"}}};
    for (size_t k = 0; k < causes.size(); ++k) {
        // The run's own mappings, pinned: what the README tells users to add by hand.
        std::vector<std::string> by_hand = {"run", "--workload", kTiny, "--quiet", "--out",
                                            "h" + std::to_string(k), "--set",
                                            "mapping.from=o/layers.csv"};
        by_hand.insert(by_hand.end(), design.begin(), design.end());
        add_sets(by_hand, removes.at(causes[k]));
        REQUIRE(run_sasim(dir.path(), by_hand).status == 0);
        auto h = columns(read_bytes(dir / ("h" + std::to_string(k)) / "layers.csv"));
        for (size_t i = 0; i < 4; ++i) {
            const size_t row = k * 4 + i;
            INFO(causes[k] << " " << base["layer"][i]);
            CHECK(w["cause"][row] == causes[k]);
            CHECK(w["layer"][row] == base["layer"][i]);
            CHECK(w["total_cycles"][row] == base["total_cycles"][i]);
            CHECK(w["cycles_without"][row] == h["total_cycles"][i]);
            CHECK(std::stoll(w["saved_cycles"][row]) ==
                  std::stoll(base["total_cycles"][i]) - std::stoll(h["total_cycles"][i]));
            CHECK(w["charged_cycles"][row] == base[causes[k] + "_cycles"][i]);
        }
    }
    // The memory is the tiny network's limit at 1 GB/s: unlimited bandwidth saves cycles.
    CHECK(std::stoll(w["saved_cycles"][0]) > 0);
}

TEST_CASE("what-if: an ideal memory behind an unlimited link has nothing to remove", "[cli]") {
    TempDir dir;
    const Result r = run_sasim(
        dir.path(), {"run", "--workload", kTiny, "--out", "o", "--what-if", "--quiet", "--set",
                     "dram.model=ideal", "--set", "interconnect.bytes_per_cycle=0", "--set",
                     "interconnect.latency_cycles=0", "--set", "sram.bank_width_bytes=0"});
    REQUIRE(r.status == 0);
    CHECK(read_bytes(dir / "o" / "what_if.csv") ==
          "layer,cause,total_cycles,cycles_without,saved_cycles,saved_pct,charged_cycles\n");
}

TEST_CASE("what-if: --jobs out of range or without --what-if exits 2", "[cli]") {
    TempDir dir;
    Result r = run_sasim(dir.path(), {"run", "--workload", kTiny, "--what-if", "--jobs", "-1"});
    CHECK(r.status == 2);
    CHECK(r.err == "sasim: error: --jobs -1: out of range; allowed 1 to 4096 (0: the CPUs)\n");
    r = run_sasim(dir.path(), {"run", "--workload", kTiny, "--jobs", "2"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "sasim: error: --jobs 2: needs --what-if (the runs it sets the number of)\n");
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("what-if: run --help prints the options and exits 0", "[cli]") {
    TempDir dir;
    const Result r = run_sasim(dir.path(), {"run", "--help"});
    CHECK(r.status == 0);
    CHECK(r.out.find("--what-if") != std::string::npos);
    CHECK(r.out.find("--jobs") != std::string::npos);
    CHECK(r.err.empty());
    CHECK(entries(dir.path()).empty());
}
