// `sasim map` as users see it: per layer the candidates with their analytical cost, the chosen
// one marked, then its simulated result beside the estimate; the choice and the simulated cycles
// are those of an equal `sasim run`; bad input exits 2 with run's messages.
#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/base/csv.hpp"
#include "support/subprocess.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

const std::string kTiny = source_path("workloads/tiny.csv");

struct MapLayer {
    std::string chosen;                      // from "layer X: ... chosen: <mapping>"
    std::vector<std::string> rows, marked;   // mapping texts listed, and those marked '*'
    int64_t simulated_cycles = -1;
};

// "  * <est_cycles:12> <compute:12> <MB:10> x4  <mapping>": numbers up to column 73, the mapping
// from column 75.
bool is_candidate_row(const std::string& line) {
    if (line.size() <= 75 || line.compare(0, 2, "  ") != 0 || (line[2] != ' ' && line[2] != '*') ||
        line.compare(73, 2, "  ") != 0)
        return false;
    return line.substr(3, 70).find_first_not_of("0123456789. ") == std::string::npos;
}

// The layers of `sasim map`'s stdout, in order, by name.
std::vector<std::pair<std::string, MapLayer>> parse_map(const std::string& out) {
    std::vector<std::pair<std::string, MapLayer>> layers;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("layer ", 0) == 0) {
            const size_t colon = line.find(':'), chosen = line.find("; chosen: ");
            layers.push_back({line.substr(6, colon - 6), {}});
            layers.back().second.chosen = line.substr(chosen + 10);
        } else if (!layers.empty() && line.rfind("    total_cycles / est_cycles", 0) == 0) {
            std::istringstream f(line.substr(42));
            f >> layers.back().second.simulated_cycles;
        } else if (!layers.empty() && is_candidate_row(line)) {
            layers.back().second.rows.push_back(line.substr(75));
            if (line[2] == '*') layers.back().second.marked.push_back(line.substr(75));
        }
    }
    return layers;
}

}  // namespace

TEST_CASE("map: candidates per layer, the chosen one marked and simulated as run simulates it",
          "[cli][map]") {
    TempDir dir;
    const Result m = run_sasim(dir.path(), {"map", "--workload", kTiny, "--max-rows", "5"});
    REQUIRE(m.status == 0);
    CHECK(m.err.empty());
    const Result r =
        run_sasim(dir.path(), {"run", "--workload", kTiny, "--quiet", "--out", "o"});
    REQUIRE(r.status == 0);
    const std::vector<CsvRow> csv = parse_csv(read_bytes(dir / "o" / "layers.csv"));
    REQUIRE(csv.size() == 5);  // header + c1 c2 c3 fc
    std::map<std::string, size_t> col;
    for (size_t i = 0; i < csv[0].size(); ++i) col[csv[0][i]] = i;
    const auto layers = parse_map(m.out);
    REQUIRE(layers.size() == 4);
    for (size_t i = 0; i < layers.size(); ++i) {
        const auto& [name, l] = layers[i];
        INFO("layer " << name << "\n" << m.out);
        CHECK(name == csv[i + 1][col.at("layer")]);
        CHECK(!l.rows.empty());
        CHECK(l.rows.size() <= 6);  // --max-rows 5, and the chosen one if it ranks lower
        REQUIRE(l.marked.size() == 1);
        CHECK(l.marked[0] == l.chosen);
        CHECK(l.chosen == csv[i + 1][col.at("mapping")]);
        CHECK(std::to_string(l.simulated_cycles) == csv[i + 1][col.at("total_cycles")]);
    }
    CHECK(m.out.find("ifmap DRAM bytes") != std::string::npos);
    CHECK(m.out.find("ofmap DRAM bytes") != std::string::npos);
}

TEST_CASE("map: bad input exits 2 with the message run gives", "[cli][map]") {
    TempDir dir;
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{"--set", "array.rows=0"},
          std::vector<std::string>{"--config", "missing.toml"},
          std::vector<std::string>{"--workload", "missing.csv"}}) {
        std::vector<std::string> map_args = {"map"}, run_args = {"run", "--out", "o"};
        map_args.insert(map_args.end(), extra.begin(), extra.end());
        run_args.insert(run_args.end(), extra.begin(), extra.end());
        const Result m = run_sasim(dir.path(), map_args), r = run_sasim(dir.path(), run_args);
        INFO(extra[0] << " " << extra[1]);
        CHECK(m.status == 2);
        CHECK(r.status == 2);
        CHECK(!m.err.empty());
        CHECK(m.err == r.err);
        CHECK(m.out.empty());
    }
    const Result rows = run_sasim(dir.path(), {"map", "--max-rows", "0"});
    CHECK(rows.status == 2);
    CHECK(rows.err == "sasim: error: --max-rows: 0 is out of range; allowed 1 to 1000000\n");
    const Result opt = run_sasim(dir.path(), {"map", "--frobnicate"});
    CHECK(opt.status == 2);
    CHECK(opt.err.rfind("sasim: error: sasim map: unrecognised option '--frobnicate'", 0) == 0);
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("map: --help prints the usage and exits 0", "[cli][map]") {
    TempDir dir;
    const Result h = run_sasim(dir.path(), {"map", "--help"});
    CHECK(h.status == 0);
    CHECK(h.out.rfind("usage: sasim map ", 0) == 0);
    CHECK(h.out.find("--max-rows") != std::string::npos);
}
