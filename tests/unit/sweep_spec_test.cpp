// Sweep specs in memory: the expansion order (workloads outermost, last dimension fastest, zip
// keys together), each point resolved exactly as `sasim run --set` would, the ids, and every
// error message (exact text: users see them), all without running a simulation.
#include "sim/sweep/spec.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/base/errors.hpp"
#include "sim/report/report.hpp"
#include "sim/sweep/files.hpp"
#include "sim/sweep/results.hpp"

using namespace sasim;
namespace fs = std::filesystem;

namespace {

const std::string kSrc = SASIM_SOURCE_DIR;
const std::string kHead = "config = \"" + kSrc + "/configs/default.toml\"\nworkload = \"" + kSrc +
                          "/workloads/tiny.csv\"\n";

std::string error_of(const std::string& text) {
    try {
        parse_sweep_spec(text, "s.toml");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("sweep spec: cartesian product in file order with zip keys varying together", "[sweep]") {
    const SweepSpec s = parse_sweep_spec(kHead +
                                             "[[axis]]\nkey = \"array.dataflow\"\n"
                                             "values = [\"os\", \"ws\"]\n"
                                             "[[zip]]\nkeys = [\"array.rows\", \"array.cols\"]\n"
                                             "values = [[8, 16], [32, 4], [2, 2]]\n",
                                         "s.toml");
    CHECK(s.keys == std::vector<std::string>{"array.dataflow", "array.rows", "array.cols"});
    REQUIRE(s.points.size() == 6);  // 2 dataflows x 3 zip steps
    CHECK(s.points[0].values == std::vector<std::string>{"os", "8", "16"});
    CHECK(s.points[1].values == std::vector<std::string>{"os", "32", "4"});
    CHECK(s.points[3].values == std::vector<std::string>{"ws", "8", "16"});
    CHECK(s.points[5].sets ==
          std::vector<std::string>{"array.dataflow=\"ws\"", "array.rows=2", "array.cols=2"});
    for (size_t i = 0; i < s.points.size(); ++i) CHECK(s.points[i].index == static_cast<int>(i));
}

TEST_CASE("sweep spec: workloads are the outermost dimension", "[sweep]") {
    const SweepSpec s = parse_sweep_spec(
        "config = \"" + kSrc + "/configs/default.toml\"\nworkloads = [\"" + kSrc +
            "/workloads/tiny.csv\", \"" + kSrc +
            "/workloads/alexnet.csv\"]\n[[axis]]\nkey = \"array.rows\"\nvalues = [8, 16]\n",
        "s.toml");
    REQUIRE(s.points.size() == 4);
    CHECK(s.workloads[s.points[1].workload].name == "tiny");
    CHECK(s.workloads[s.points[2].workload].name == "alexnet");
    CHECK(s.points[2].values == std::vector<std::string>{"8"});
    const Manifest m = manifest_of(s);
    CHECK(text_lines(manifest_csv(m))[0] == "point,id,workload,array.rows");
    CHECK(text_lines(manifest_csv(m))[3] == "2," + s.points[2].id + ",alexnet,8");
}

TEST_CASE("sweep spec: a point's config and id are those of sasim run with --set", "[sweep]") {
    const SweepSpec s = parse_sweep_spec(
        kHead + "[[axis]]\nkey = \"dram.bandwidth_gbps\"\nvalues = [4, 12.5]\n", "s.toml");
    REQUIRE(s.points.size() == 2);
    const Config c = load_config(kSrc + "/configs/default.toml", {"dram.bandwidth_gbps=12.5"});
    CHECK(s.points[1].config_text == to_toml(c));
    CHECK(s.points[1].values[0] == "12.5");
    CHECK(s.points[0].values[0] == "4");  // an integer is accepted for a float key
    const std::string workload = *try_read_file(kSrc + "/workloads/tiny.csv");
    CHECK(s.points[1].id == point_id(fnv1a_hex(to_toml(c)), fnv1a_hex(workload)));
    CHECK(s.points[0].id != s.points[1].id);
}

TEST_CASE("sweep spec: paths are relative to the spec's folder", "[sweep]") {
    const SweepSpec s =
        parse_sweep_spec("config = \"../default.toml\"\nworkload = \"../../workloads/tiny.csv\"\n",
                         kSrc + "/configs/sweeps/virtual.toml");
    CHECK(fs::equivalent(s.config_path, kSrc + "/configs/default.toml"));
    REQUIRE(s.points.size() == 1);
    CHECK(s.keys.empty());
}

TEST_CASE("sweep spec: every shipped spec is valid", "[sweep]") {
    int specs = 0;
    for (const auto& e : fs::directory_iterator(kSrc + "/configs/sweeps")) {
        if (e.path().extension() != ".toml") continue;
        INFO(e.path());
        const SweepSpec s = load_sweep_spec(e.path().string());
        CHECK(s.points.size() >= 8);
        CHECK_FALSE(s.name.empty());
        ++specs;
    }
    CHECK(specs >= 2);
}

TEST_CASE("sweep spec: errors name spec:line:col and the key and value and what is allowed",
          "[sweep]") {
    const std::string axis = "[[axis]]\nkey = ";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {axis + "\"array.rows\"\nvalues = [16, 0]\n",
         "s.toml:5:15: key 'array.rows': 0 is out of range; allowed 1 to 4096"},
        {axis + "\"array.rowz\"\nvalues = [1]\n",
         "s.toml:4:7: unknown key 'array.rowz'; did you mean 'array.rows'?"},
        {axis + "\"array.dataflow\"\nvalues = [\"os\", 3]\n",
         "s.toml:5:17: key 'array.dataflow': expected a string (one of: os, ws, is), got "
         "integer 3"},
        {axis + "\"array.dataflow\"\nvalues = [\"xs\"]\n",
         "s.toml:5:11: key 'array.dataflow': 'xs' is not allowed; allowed: os, ws, is"},
        {axis + "\"array.rows\"\nvalues = []\n",
         "s.toml:5:10: [[axis]] 'values': expected a non-empty array, got array []"},
        {axis + "\"array.rows\"\nvalues = [1, 1]\n",
         "s.toml:5:14: value 1 is listed twice (first at s.toml:5:11)"},
        {axis + "\"array.rows\"\nvalue = [1]\n",
         "s.toml:5:1: unknown key 'value' in [[axis]]; allowed: key, values"},
        {axis + "\"array.rows\"\n",
         "s.toml:3:1: [[axis]] is missing key 'values' (allowed: key, values)"},
        {axis + "\"array.rows\"\nvalues = [1]\n" + axis + "\"array.rows\"\nvalues = [2]\n",
         "s.toml:7:7: key 'array.rows' is already swept at s.toml:4:7; sweep each key once "
         "(use [[zip]] to vary keys together)"},
        {"[[zip]]\nkeys = [\"array.rows\", \"array.cols\"]\nvalues = [[1, 2], [3]]\n",
         "s.toml:5:19: [[zip]] values: expected an array of 2 values (array.rows, array.cols), "
         "got array [ 3 ]"},
        {"[[zip]]\nkeys = [\"dram.burst_bytes\", \"dma.packet_bytes\"]\n"
         "values = [[64, 1024], [4096, 1024]]\n",
         "s.toml:5:30: key 'dma.packet_bytes': 1024 is not a multiple of dram.burst_bytes "
         "(4096) (point 1: dram.burst_bytes=4096, dma.packet_bytes=1024)"},
        {"[axis]\nkey = \"array.rows\"\n",
         "s.toml:3:1: key 'axis': expected [[axis]] tables, got a table"},
        {axis + "\"array.rows\"\nvalues = [1979-05-27T07:32:00Z]\n",
         "s.toml:5:11: key 'array.rows': expected an integer, got date-time "
         "1979-05-27T07:32:00Z"},
        {axis + "\"array.rows\"\nvalues = [\"" + std::string(70, 'x') + "\"]\n",
         "s.toml:5:11: key 'array.rows': expected an integer, got string \"" +
             std::string(59, 'x') + "..."},
        {"axes = 3\n",
         "s.toml:3:1: unknown key 'axes'; allowed: name, config, workload, workloads, checks, "
         "what_if, axis ([[axis]]), zip ([[zip]])"},
        {"what_if = \"yes\"\n",
         "s.toml:3:11: key 'what_if': expected true or false, got string \"yes\""},
    };
    for (const auto& [body, message] : cases) {
        INFO(body);
        CHECK(error_of(kHead + body) == message);
    }
}

TEST_CASE("sweep spec: missing files and keys are named", "[sweep]") {
    CHECK(error_of("workload = \"x.csv\"\n") ==
          "s.toml: missing key 'config' (the base config file, relative to the spec)");
    CHECK(error_of("config = \"" + kSrc + "/configs/default.toml\"\n") ==
          "s.toml: missing key 'workload' (a workload CSV, or 'workloads')");
    CHECK(error_of("config = \"" + kSrc + "/configs/default.toml\"\nworkload = \"nope.csv\"\n") ==
          "s.toml:2:12: workload file 'nope.csv' not found (a path in a spec is relative to "
          "the spec's folder)");
    CHECK(error_of(kHead + "name = 3\n") ==
          "s.toml:3:8: key 'name': expected a string, got "
          "integer 3");
}

TEST_CASE("sweep spec: more than the point limit is refused before expanding", "[sweep]") {
    std::string values;
    for (int i = 1; i <= 400; ++i) values += (i > 1 ? ", " : "") + std::to_string(i);
    const std::string text = kHead + "[[axis]]\nkey = \"array.rows\"\nvalues = [" + values +
                             "]\n[[axis]]\nkey = \"array.cols\"\nvalues = [" + values + "]\n";
    CHECK(error_of(text) ==
          "s.toml: the sweep has more than 100000 points; split it into "
          "several specs");
}
