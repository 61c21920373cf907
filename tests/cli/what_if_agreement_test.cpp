// Counterfactual agreement of the cycle stack (issue 11): on AlexNet (the default workload, the
// whole network: its vector layers count like any), for 32x32 and 128x128 arrays, ws and os, and
// five memory paths (bandwidth model at 4 and 16 GB/s, a 2000-cycle latency, ideal DRAM behind an
// 8 B/cycle link, 1-byte bank ports), `sasim run --what-if` removes each stall cause in its own
// run. Where a layer's largest saving is >= 5 % of its cycles, `bottleneck` must name that cause
// in >= 95 % of layers; each cause's charged cycles must lie within 0.5-2x its saving in >= 90 %
// of the cases where the saving is >= 5 % of the layer. The figures are printed (WARN) and quoted
// in the README. Also here: timeline.csv never shows a window above the supply on memory-bound
// runs.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/layer_rows.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

struct Tally {
    int bottleneck_ok = 0, bottleneck_n = 0, ratio_ok = 0, ratio_n = 0;
    std::string misses;
};

void tally_run(const fs::path& out, const std::string& name, Tally& t) {
    std::map<std::string, std::string> bottleneck;
    for (const auto& r : csv_records(read_bytes(out / "layers.csv")))
        bottleneck[r.at("layer")] = r.at("bottleneck");
    std::map<std::string, std::vector<std::map<std::string, std::string>>> by_layer;
    std::vector<std::string> order;
    for (const auto& r : csv_records(read_bytes(out / "what_if.csv"))) {
        if (!by_layer.count(r.at("layer"))) order.push_back(r.at("layer"));
        by_layer[r.at("layer")].push_back(r);
    }
    for (const std::string& layer : order) {
        const auto& rows = by_layer[layer];
        const double total = std::stod(rows[0].at("total_cycles"));
        const auto* best = &rows[0];
        for (const auto& r : rows)
            if (std::stoll(r.at("saved_cycles")) > std::stoll(best->at("saved_cycles"))) best = &r;
        if (std::stod(best->at("saved_cycles")) >= 0.05 * total) {
            ++t.bottleneck_n;
            if (bottleneck.at(layer) == best->at("cause"))
                ++t.bottleneck_ok;
            else
                t.misses += name + " " + layer + ": bottleneck " + bottleneck.at(layer) +
                            ", largest saving " + best->at("cause") + "\n";
        }
        for (const auto& r : rows) {
            const double saved = std::stod(r.at("saved_cycles"));
            const double charged = std::stod(r.at("charged_cycles"));
            if (saved < 0.05 * total) continue;
            ++t.ratio_n;
            if (charged >= 0.5 * saved && charged <= 2 * saved)
                ++t.ratio_ok;
            else
                t.misses += name + " " + layer + " " + r.at("cause") + ": charged " +
                            r.at("charged_cycles") + ", saved " + r.at("saved_cycles") + "\n";
        }
    }
}

}  // namespace

TEST_CASE("what-if agreement: bottleneck and charged cycles agree with the what-if runs",
          "[cli][what-if]") {
    const std::map<std::string, std::vector<std::string>> memories = {
        {"bw4", {"dram.model=bandwidth", "dram.bandwidth_gbps=4"}},
        {"bw16", {"dram.model=bandwidth", "dram.bandwidth_gbps=16"}},
        {"lat2000", {"dram.model=bandwidth", "dram.latency_cycles=2000"}},
        {"link8", {"dram.model=ideal", "interconnect.bytes_per_cycle=8"}},
        {"bank1", {"sram.bank_width_bytes=1"}}};
    TempDir dir;
    Tally t;
    for (int n : {32, 128})
        for (const std::string df : {"ws", "os"})
            for (const auto& [mem, sets] : memories) {
                const std::string name = std::to_string(n) + "_" + df + "_" + mem;
                std::vector<std::string> args = {
                    "run",   "--quiet", "--what-if", "--jobs", "2", "--out", name,
                    "--set", "array.rows=" + std::to_string(n),
                    "--set", "array.cols=" + std::to_string(n),
                    "--set", "array.dataflow=" + df};
                add_sets(args, sets);
                const Result r = run_sasim(dir.path(), args);
                INFO(name << ": " << r.err);
                REQUIRE(r.status == 0);
                tally_run(dir / name, name, t);
            }
    std::ostringstream figures;
    figures << "bottleneck agrees in " << t.bottleneck_ok << "/" << t.bottleneck_n
            << " layers; charged within 0.5-2x of saved in " << t.ratio_ok << "/" << t.ratio_n
            << " cases\nmisses:\n"
            << t.misses;
    WARN(figures.str());
    // The matrix must exercise the rule: most of its 20 x 14 layers (the whole AlexNet, the
    // default workload: 8 on the array, 6 on the vector unit) are memory-bound somewhere.
    REQUIRE(t.bottleneck_n >= 100);
    REQUIRE(t.ratio_n >= 100);
    CHECK(t.bottleneck_ok >= 0.95 * t.bottleneck_n);
    CHECK(t.ratio_ok >= 0.90 * t.ratio_n);
}

TEST_CASE("timeline: no window of a memory-bound run moves more than the supply", "[cli][timeline]") {
    // Bytes are apportioned over the cycles they moved in, so a saturated memory shows exactly
    // its peak, never more (the old rule credited a transfer to the window it completed in).
    // Narrow windows (1000 cycles) make any misplaced burst show.
    const std::map<std::string, std::vector<std::string>> runs = {
        {"bandwidth_4gbps", {"dram.model=bandwidth", "dram.bandwidth_gbps=4"}},
        {"bandwidth_1gbps_32x32", {"dram.model=bandwidth", "dram.bandwidth_gbps=1",
                                    "array.rows=32", "array.cols=32"}},
        {"ideal_link_8", {"dram.model=ideal", "interconnect.bytes_per_cycle=8"}},
        {"lpddr4_2400_os", {"dram.model=lpddr4_2400", "array.dataflow=os"}},
        {"ddr4_3200", {"dram.model=ddr4_3200"}}};
    TempDir dir;
    for (const auto& [name, sets] : runs) {
        std::vector<std::string> args = {"run", "--quiet", "--out", name, "--set",
                                         "report.timeline_window_cycles=1000"};
        add_sets(args, sets);
        const Result r = run_sasim(dir.path(), args);
        INFO(name << ": " << r.err);
        REQUIRE(r.status == 0);
        const auto rows = csv_records(read_bytes(dir / name / "timeline.csv"));
        REQUIRE(rows.size() > 100);
        double busiest = 0, supply = 0;
        for (const auto& w : rows) {
            const double gbps = std::stod(w.at("dram_gbps"));
            supply = std::stod(w.at("supply_gbps"));
            INFO("window " << w.at("window") << " of " << name);
            // Both columns are printed to 3 decimals: half a unit of the last place each.
            CHECK(gbps <= supply + 0.001);
            busiest = std::max(busiest, gbps);
        }
        // Memory-bound: some window runs at (nearly) the supply, so the bound is tested at its
        // edge, not far below it.
        INFO(name << ": busiest window " << busiest << " GB/s of " << supply);
        CHECK(busiest >= 0.8 * supply);
    }
}
