// Energy, power and area in the reports of real runs: energy is priced from the counters and
// never changes timing (metamorphic: another technology, clock gating or link length leaves
// every other column and counter byte-identical), summary.json's totals equal the layers'
// sums and the closed forms (power, TOPS/W, EDP, per inference), and more hardware costs area.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "support/subprocess.hpp"

using namespace sasim::test;

namespace {

struct Run {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // layers.csv
    std::map<std::string, std::string> summary;
    std::string stats;
};

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out(1);
    for (char c : line) {
        if (c == ',')
            out.emplace_back();
        else
            out.back() += c;
    }
    return out;
}

Run run(const TempDir& d, const std::string& out, std::vector<std::string> sets,
        const std::string& workload = "workloads/tiny.csv") {
    const std::string w = workload[0] == '/' ? workload : source_path(workload);
    std::vector<std::string> args = {"run", "--workload", w, "--quiet", "--out", out};
    for (const std::string& s : sets) args.insert(args.end(), {"--set", s});
    const Result r = run_sasim(d.path(), args);
    REQUIRE(r.status == 0);
    Run x;
    std::string csv = read_bytes(d / (out + "/layers.csv"));
    for (size_t at = 0, end; (end = csv.find('\n', at)) != std::string::npos; at = end + 1) {
        if (x.header.empty())
            x.header = split(csv.substr(at, end - at));
        else
            x.rows.push_back(split(csv.substr(at, end - at)));
    }
    const std::string json = read_bytes(d / (out + "/summary.json"));
    for (size_t at = 0, end; (end = json.find('\n', at)) != std::string::npos; at = end + 1) {
        const std::string l = json.substr(at, end - at);
        const size_t q = l.find("\": ");
        if (q == std::string::npos) continue;
        std::string v = l.substr(q + 3);
        if (!v.empty() && v.back() == ',') v.pop_back();
        x.summary[l.substr(l.find('"') + 1, q - l.find('"') - 1)] = v;
    }
    x.stats = read_bytes(d / (out + "/stats.txt"));
    return x;
}

bool energy_column(const std::string& name) {
    return name.find("energy_pj") != std::string::npos || name == "power_mw";
}

double num(const Run& r, const std::string& key) { return std::stod(r.summary.at(key)); }

double column_sum(const Run& r, const std::string& name) {
    size_t c = 0;
    while (c < r.header.size() && r.header[c] != name) ++c;
    REQUIRE(c < r.header.size());
    double sum = 0;
    for (const auto& row : r.rows) sum += std::stod(row.at(c));
    return sum;
}

}  // namespace

TEST_CASE("energy: pricing never changes timing", "[cli][energy]") {
    TempDir d;
    const Run a = run(d, "a", {});
    const Run b = run(d, "b",
                      {"tech.node=7nm", "array.clock_gating=false", "interconnect.length_mm=5",
                       "tech.dram_pj_per_byte=1", "dram.idd3n=60"});
    REQUIRE(a.header == b.header);
    REQUIRE(a.rows.size() == 4);
    bool energy_differs = false;
    for (size_t i = 0; i < a.rows.size(); ++i)
        for (size_t c = 0; c < a.header.size(); ++c) {
            INFO(a.rows[i][0] << " " << a.header[c]);
            if (energy_column(a.header[c]))
                energy_differs = energy_differs || a.rows[i][c] != b.rows[i][c];
            else
                CHECK(a.rows[i][c] == b.rows[i][c]);
        }
    CHECK(energy_differs);
    CHECK(a.stats == b.stats);  // every counter of every model
    CHECK(a.summary.at("total_cycles") == b.summary.at("total_cycles"));
}

TEST_CASE("energy: summary totals are the layers' sums and the closed forms", "[cli][energy]") {
    TempDir d;
    for (const char* dram : {"lpddr4_2400", "bandwidth"}) {
        INFO(dram);
        const Run r = run(d, std::string("o_") + dram, {std::string("dram.model=") + dram});
        const double e = num(r, "energy_pj");
        // Each layer's cell has 3 decimals: the sum is within 0.0005 pJ a layer.
        CHECK(column_sum(r, "energy_pj") == Approx(e).margin(0.002));
        for (const char* part :
             {"compute_energy_pj", "ifmap_sram_energy_pj", "filter_sram_energy_pj",
              "ofmap_sram_energy_pj", "link_energy_pj", "dram_energy_pj", "dram_act_energy_pj",
              "dram_read_energy_pj", "dram_write_energy_pj", "dram_refresh_energy_pj",
              "dram_background_energy_pj", "leakage_energy_pj"}) {
            INFO(part);
            CHECK(column_sum(r, part) == Approx(num(r, part)).margin(0.002));
        }
        CHECK(num(r, "compute_energy_pj") + num(r, "ifmap_sram_energy_pj") +
                  num(r, "filter_sram_energy_pj") + num(r, "ofmap_sram_energy_pj") +
                  num(r, "link_energy_pj") + num(r, "dram_energy_pj") +
                  num(r, "leakage_energy_pj") ==
              Approx(e).margin(0.01));
        CHECK(num(r, "dram_act_energy_pj") + num(r, "dram_read_energy_pj") +
                  num(r, "dram_write_energy_pj") + num(r, "dram_refresh_energy_pj") +
                  num(r, "dram_background_energy_pj") ==
              Approx(num(r, "dram_energy_pj")).margin(0.01));
        // Power over the elapsed time, sum of (total_cycles + 1) at 1000 MHz: pJ / ns = mW.
        const double elapsed_ns = num(r, "total_cycles") + 4;
        CHECK(num(r, "power_mw") == Approx(e / elapsed_ns).epsilon(1e-5));
        CHECK(num(r, "tops_per_watt") == Approx(2 * 36352 / e).margin(1e-4));
        CHECK(num(r, "inferences") == 1);
        CHECK(num(r, "energy_per_inference_uj") == Approx(e / 1e6).margin(1e-6));
        CHECK(num(r, "edp_uj_ms") == Approx(e / 1e6 * num(r, "runtime_ms")).margin(1e-6));
        CHECK(num(r, "area_mm2") ==
              Approx(num(r, "pe_area_mm2") + num(r, "ifmap_sram_area_mm2") +
                     num(r, "filter_sram_area_mm2") + num(r, "ofmap_sram_area_mm2") +
                     num(r, "link_area_mm2") + num(r, "dram_phy_area_mm2"))
                  .margin(1e-5));
        const bool bank = std::string(dram) != "bandwidth";
        CHECK((num(r, "dram_background_energy_pj") > 0) == bank);  // per byte: no states
    }
}

TEST_CASE("energy: a batch divides the energy per inference", "[cli][energy]") {
    TempDir d;
    write_text(d / "b.csv",
               "layer,type,N,C,K,H,W,R,S,stride,pad,groups\nfc,fc,4,64,16,1,1,1,1,1,0,1\n");
    const Run r = run(d, "o", {}, (d / "b.csv").string());
    CHECK(num(r, "inferences") == 4);
    CHECK(num(r, "energy_per_inference_uj") == Approx(num(r, "energy_pj") / 1e6 / 4).margin(1e-6));
}

TEST_CASE("energy: more hardware costs more area; 7 nm costs less energy", "[cli][energy]") {
    TempDir d;
    const Run base = run(d, "base", {});
    const Run sram = run(d, "sram", {"sram.ifmap_kb=512"});
    const Run pes = run(d, "pes", {"array.rows=64"});
    const Run banks = run(d, "banks", {"sram.banks=64"});
    const Run n7 = run(d, "n7", {"tech.node=7nm"});
    CHECK(num(sram, "ifmap_sram_area_mm2") > num(base, "ifmap_sram_area_mm2"));
    CHECK(num(sram, "area_mm2") > num(base, "area_mm2"));
    CHECK(num(pes, "pe_area_mm2") == Approx(2 * num(base, "pe_area_mm2")).epsilon(1e-5));
    CHECK(num(banks, "ifmap_sram_area_mm2") > num(base, "ifmap_sram_area_mm2"));
    CHECK(num(n7, "area_mm2") < num(base, "area_mm2"));
    CHECK(num(n7, "compute_energy_pj") < num(base, "compute_energy_pj"));
    CHECK(num(n7, "ofmap_sram_energy_pj") < num(base, "ofmap_sram_energy_pj"));
    CHECK(num(n7, "dram_energy_pj") == Approx(num(base, "dram_energy_pj")));  // off-chip
    CHECK(num(n7, "energy_pj") < num(base, "energy_pj"));
}

TEST_CASE("energy: checks use the energy, power and area metrics", "[cli][energy][checks]") {
    TempDir d;
    const Result r = run_sasim(d.path(), {"run", "--quiet", "--out", "o", "--checks",
                                          source_path("configs/checks/edge_energy.toml")});
    // 1 + 14 layers (the whole AlexNet: 8 on the array, 6 on the vector unit, its 7 ReLUs
    // fused) + 1 + 5 conv layers + 1 + 1 + 1 results; the DRAM share fails (a finding).
    CHECK(r.status == 1);
    CHECK(r.out.substr(r.out.rfind("checks: ")) == "checks: 23 passed, 1 failed\n");
    CHECK(r.out.find("FAIL DRAM is under 60 % of energy [run]: dram_energy_pj / energy_pj = ") !=
          std::string::npos);
    // The run-scope values are summary.json's, as written.
    const std::string summary = read_bytes(d / "o/summary.json");
    const size_t at = summary.find("\"power_mw\": ") + 12;
    const std::string power = summary.substr(at, summary.find(',', at) - at);
    CHECK(r.out.find("PASS power stays under 2 W [run]: " + power + " < 2000\n") !=
          std::string::npos);
}
