// The sweep's table helpers in memory: the run bottleneck with and without layers.csv's
// `bottleneck` column, CSV quoting both ways, summary.json fields, and points.csv checks.
#include "sim/sweep/results.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/base/errors.hpp"
#include "sim/sweep/files.hpp"
#include "sim/sweep/point_row.hpp"

using namespace sasim;

using Rows = std::vector<std::vector<std::string>>;

TEST_CASE("sweep results: the bottleneck column is weighted by the cycles each layer lost",
          "[sweep]") {
    const std::vector<std::string> cols = {"layer", "total_cycles", "load_cycles",
                                           "fill_drain_cycles", "bottleneck"};
    // Two layers lose 100 + 100 cycles to load; one long layer loses 150 to fill/drain.
    const Rows rows = {{"a", "1000", "100", "5", "load"},
                       {"b", "9000", "0", "150", "fill_drain"},
                       {"c", "1000", "100", "5", "load"}};
    CHECK(run_bottleneck(cols, rows) == "load");
    CHECK(run_bottleneck(cols, {{"a", "10", "0", "0", "none"}}) == "none");
}

TEST_CASE("sweep results: without a bottleneck column the largest summed loss is taken",
          "[sweep]") {
    const std::vector<std::string> causes = {"layer", "ideal_cycles", "mapping_loss_cycles",
                                             "stall_dram_bandwidth_cycles", "stall_ifmap_cycles"};
    // Stalls split by cause win over the operand split; ideal is not a loss.
    const Rows rows = {{"a", "5000", "10", "30", "90"}, {"b", "5000", "35", "10", "90"}};
    CHECK(run_bottleneck(causes, rows) == "mapping_loss");  // 45 > 40
    const Rows more = {{"a", "5000", "10", "30", "90"}, {"b", "5000", "5", "10", "90"}};
    CHECK(run_bottleneck(causes, more) == "stall_dram_bandwidth");  // 40 > 15
    const std::vector<std::string> operands = {"layer", "load_cycles", "stall_ifmap_cycles",
                                               "stall_ofmap_cycles"};
    CHECK(run_bottleneck(operands, {{"a", "3", "7", "9"}}) == "stall_ofmap");
    CHECK(run_bottleneck(operands, {{"a", "0", "0", "0"}}) == "none");
    CHECK(run_bottleneck({"layer"}, {}) == "none");
}

TEST_CASE("sweep results: CSV cells round-trip through quoting", "[sweep]") {
    const std::vector<std::string> cells = {"plain", "a,b", "say \"hi\"", "", "x"};
    CHECK(csv_join(cells) == "plain,\"a,b\",\"say \"\"hi\"\"\",,x");
    CHECK(csv_split(csv_join(cells)) == cells);
    CHECK(text_lines("a\r\nb\n") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("sweep results: summary.json fields are read as written", "[sweep]") {
    const auto j = read_flat_json(
        "{\n  \"config\": \"a \\\"b\\\"\",\n  \"total_cycles\": 42,\n  \"x\": 1.500\n}\n");
    CHECK(j.at("config") == "a \"b\"");
    CHECK(j.at("total_cycles") == "42");
    CHECK(j.at("x") == "1.500");
}

TEST_CASE("sweep results: points.csv is checked line by line", "[sweep]") {
    const Manifest m =
        parse_manifest("point,id,workload,array.rows\n0,ab,tiny,8\n1,cd,tiny,16\n", "p.csv");
    CHECK(m.keys == std::vector<std::string>{"array.rows"});
    REQUIRE(m.rows.size() == 2);
    CHECK(m.rows[1].values == std::vector<std::string>{"16"});
    CHECK(manifest_csv(m) == "point,id,workload,array.rows\n0,ab,tiny,8\n1,cd,tiny,16\n");
    const auto error_of = [](const std::string& text) {
        try {
            parse_manifest(text, "p.csv");
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(error_of("layer,type\n") ==
          "p.csv:1: expected the header 'point,id,workload,...' of a sasim sweep");
    CHECK(error_of("point,id,workload\n0,ab,tiny\n2,cd,tiny\n") ==
          "p.csv:3: expected point 1 with 3 cells");
}
