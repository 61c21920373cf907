// Metamorphic checks of the vector unit through the CLI (one process per run): more lanes never
// make a vector layer slower; a batch of B images never takes more than B times one image's
// cycles per vector layer; the fused run is never slower than the unfused one.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/subprocess.hpp"

using namespace sasim::test;

namespace {

const char* kNet =
    "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n"
    "c1,conv,1,3,16,32,32,3,3,1,1,1\n"
    "r1,relu,1,16,16,32,32,1,1,1,0,1\n"
    "n1,lrn,1,16,16,32,32,5,1,1,0,1\n"
    "p1,maxpool,1,16,16,32,32,3,3,2,1,1\n"
    "a1,add,1,16,16,16,16,1,1,1,0,1\n"
    "g1,gap,1,16,16,16,16,1,1,1,0,1\n"
    "fc,fc,1,16,10,1,1,1,1,1,0,1\n"
    "s1,sigmoid,1,10,10,1,1,1,1,1,0,1\n"
    "sm,softmax,1,10,10,1,1,1,1,1,0,1\n";

// total_cycles per layer name of a run with these --set items.
std::map<std::string, long long> cycles(const TempDir& dir, std::vector<std::string> sets) {
    std::vector<std::string> args = {"run", "--workload", "net.csv", "--quiet", "--out", "o"};
    for (auto& s : sets) args.insert(args.end(), {"--set", s});
    const Result r = run_sasim(dir.path(), args);
    REQUIRE(r.status == 0);
    std::istringstream in(read_bytes(dir / "o" / "layers.csv"));
    std::string line, cell;
    std::getline(in, line);
    std::vector<std::string> head;
    for (std::istringstream h(line); std::getline(h, cell, ',');) head.push_back(cell);
    const size_t col =
        static_cast<size_t>(std::find(head.begin(), head.end(), "total_cycles") - head.begin());
    std::map<std::string, long long> out;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        for (std::istringstream c(line); std::getline(c, cell, ',');) cells.push_back(cell);
        out[cells.at(0)] = std::stoll(cells.at(col));
    }
    return out;
}

}  // namespace

// Per layer with memories that keep no state between layers; with the bank-level LPDDR4 a
// layer that starts earlier can meet a refresh the slower run's did not (its cycles move by a
// refresh), so there the whole run is compared.
TEST_CASE("vector cli: more lanes never make a vector layer slower", "[vector][cli]") {
    TempDir dir;
    write_text(dir / "net.csv", kNet);
    for (const char* dram :
         {"dram.model=ideal", "dram.model=bandwidth", "dram.model=lpddr4_2400"}) {
        const bool per_layer = std::string(dram) != "dram.model=lpddr4_2400";
        std::map<std::string, long long> before;
        long long before_total = 0;
        for (int lanes : {4, 16, 64, 256}) {
            // Without filter prefetch across layers: with it, a layer's cycles also depend on
            // how much of its first fills the layer before it hid (a faster a0 hides less of
            // a1's second input), which is no property of the vector unit.
            const auto now = cycles(dir, {dram, "vector.lanes=" + std::to_string(lanes),
                                          "network.prefetch_filters=false"});
            long long total = 0;
            for (const auto& [name, c] : now) total += c + 1;
            for (const auto& [name, c] : before) {
                INFO(dram << ", layer " << name << ", lanes " << lanes);
                if (per_layer && name != "c1" && name != "fc") CHECK(now.at(name) <= c);
            }
            INFO(dram << ", lanes " << lanes);
            if (before_total > 0) CHECK(total <= before_total);
            before = now;
            before_total = total;
        }
    }
}

TEST_CASE("vector cli: a batch never costs more per image, fusion never costs more",
          "[vector][cli]") {
    TempDir dir;
    write_text(dir / "net.csv", kNet);
    const auto one = cycles(dir, {"dram.model=bandwidth"});
    const auto four = cycles(dir, {"dram.model=bandwidth", "workload.batch=4"});
    for (const char* name : {"n1", "p1", "a1", "g1", "sm"}) {
        INFO("layer " << name);
        CHECK(four.at(name) + 1 <= 4 * (one.at(name) + 1));  // cycles elapsed: total + 1
        CHECK(four.at(name) > one.at(name));
    }
    const auto unfused = cycles(dir, {"dram.model=bandwidth", "vector.fuse_activation=false"});
    CHECK(unfused.count("r1") == 1);
    CHECK(one.count("r1") == 0);  // fused into c1
    long long fused_total = 0, unfused_total = 0;
    for (const auto& [n, c] : one) fused_total += c + 1;
    for (const auto& [n, c] : unfused) unfused_total += c + 1;
    CHECK(fused_total <= unfused_total);
}

// What-if runs pin every layer's mapping with mapping.from = the run's own layers.csv, whose rows
// include the vector layers' ("vector tiles=..."): those rows are read and left unused (a vector
// layer has no mapping to pin), so a pinned run of the same design is the run itself, and
// what_if.csv has rows for the vector layers like any other.
TEST_CASE("vector cli: mapping.from and --what-if on a whole network", "[vector][cli]") {
    TempDir dir;
    write_text(dir / "net.csv", kNet);
    const std::vector<std::string> design = {"--set", "dram.model=bandwidth", "--set",
                                             "dram.bandwidth_gbps=4"};
    std::vector<std::string> args = {"run", "--workload", "net.csv", "--quiet", "--out", "o",
                                     "--what-if", "--jobs", "2"};
    args.insert(args.end(), design.begin(), design.end());
    Result r = run_sasim(dir.path(), args);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    const std::string layers = read_bytes(dir / "o" / "layers.csv");
    CHECK(layers.find(",vector tiles=") != std::string::npos);
    args = {"run", "--workload", "net.csv", "--quiet", "--out", "p", "--set",
            "mapping.from=o/layers.csv"};
    args.insert(args.end(), design.begin(), design.end());
    r = run_sasim(dir.path(), args);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(read_bytes(dir / "p" / "layers.csv") == layers);
    // Every layer that runs (c1 with r1 fused, n1, p1, a1, g1, fc with s1 fused, sm) has a row
    // per cause of this design (bandwidth, latency, interconnect, bank conflict).
    const std::string w = read_bytes(dir / "o" / "what_if.csv");
    for (const char* name : {"c1", "n1", "p1", "a1", "g1", "fc", "sm"})
        for (const char* cause : {"stall_dram_bandwidth", "stall_dram_latency",
                                  "stall_interconnect", "stall_bank_conflict"}) {
            INFO(name << " " << cause);
            CHECK(w.find(std::string("\n") + name + "," + cause + ",") != std::string::npos);
        }
}

// `sasim map` on a whole network: a vector layer has no mapping to price, so it shows its tiling
// and its simulated cycles, the same as run's; the GEMM layers keep their candidate tables.
TEST_CASE("vector cli: sasim map lists vector layers with their tiling", "[vector][cli]") {
    TempDir dir;
    write_text(dir / "net.csv", kNet);
    const Result m = run_sasim(dir.path(), {"map", "--workload", "net.csv", "--max-rows", "3"});
    REQUIRE(m.status == 0);
    CHECK(m.err.empty());
    const auto run = cycles(dir, {});
    for (const char* name : {"n1", "p1", "a1", "g1", "sm"}) {
        INFO(name << "\n" << m.out);
        const size_t at = m.out.find(std::string("layer ") + name + ": vector unit, vector tiles=");
        REQUIRE(at != std::string::npos);
        const size_t sim = m.out.find("  simulated: ", at);
        REQUIRE(sim != std::string::npos);
        CHECK(std::stoll(m.out.substr(sim + 13)) == run.at(name));
    }
    CHECK(m.out.find("layer c1: ") != std::string::npos);
    CHECK(m.out.find("  r1 relu fused into its drain") != std::string::npos);
    CHECK(m.out.find("total_cycles / est_cycles") != std::string::npos);
}
