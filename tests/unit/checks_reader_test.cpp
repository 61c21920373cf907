// The checks file reader: what a valid file turns into, and the exact message (file:line:col,
// key, bad value, what is allowed) of every kind of bad file; then the checks that need the
// workload and config (validate_checks), run before simulating.
#include <catch2/catch.hpp>
#include <string>

#include "sim/base/errors.hpp"
#include "sim/checks/checks.hpp"

using namespace sasim;

namespace {

std::string error_of(const std::string& text) {
    try {
        (void)parse_checks_text(text, "c.toml");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

// One check named "a" with the given lines added after its name.
std::string check_a(const std::string& lines) { return "[[check]]\nname = \"a\"\n" + lines; }

const std::string kRest = "metric = \"macs\"\nop = \">\"\nvalue = 0\n";

}  // namespace

TEST_CASE("checks: a valid file gives each check its scope, selection, expressions", "[checks]") {
    const Checks c = parse_checks_text(
        "[[check]]\nname = \"stalls\"\nlayers = { type = [\"conv\", \"fc\"] }\n"
        "metric = \"stall_dram_bandwidth_cycles / total_cycles\"\nop = \"<\"\nvalue = 0.05\n"
        "[[check]]\nname = \"refetch\"\nscope = \"run\"\nlayers = { names = [\"c1\", \"c2\"] }\n"
        "metric = \"dram_read_bytes\"\nop = \"<=\"\nvalue = \"unique_footprint_bytes * 1.0\"\n"
        "[[check]]\nname = \"bw\"\nscope = \"window\"\nwindow_cycles = 20000\n"
        "metric = \"dram_gbps\"\nop = \"!=\"\nvalue = -3\n",
        "c.toml");
    REQUIRE(c.checks.size() == 3);
    const Check& a = c.checks[0];
    CHECK(a.name == "stalls");
    CHECK(a.at == "c.toml:1:1");
    CHECK(a.scope == CheckScope::layer);  // the default
    CHECK(a.layers.types == std::vector<std::string>{"conv", "fc"});
    CHECK(a.layers.selects("x", "fc"));
    CHECK_FALSE(a.layers.selects("x", "gemm"));
    CHECK(a.metric.names().size() == 2);
    CHECK(a.op == CheckOp::lt);
    CHECK(a.value.is_number());
    CHECK(a.value.eval({}) == 0.05);
    const Check& b = c.checks[1];
    CHECK(b.scope == CheckScope::run);
    CHECK(b.layers.names == std::vector<std::string>{"c1", "c2"});
    CHECK(b.layers.names_at == std::vector<std::string>{"c.toml:10:21", "c.toml:10:27"});
    CHECK(b.value.eval({{"unique_footprint_bytes", 408}}) == 408);
    CHECK(op_text(b.op) == std::string("<="));
    const Check& w = c.checks[2];
    CHECK(w.scope == CheckScope::window);
    CHECK(w.window_cycles == 20000);
    CHECK(w.window_cycles_at == "c.toml:17:17");
    CHECK(w.value.eval({}) == -3);
}

TEST_CASE("checks: TOML syntax errors carry toml++'s position and text", "[checks]") {
    CHECK(error_of("a = \n") ==
          "c.toml:1:5: Error while parsing key-value pair: expected value, saw '\\n'");
}

TEST_CASE("checks: unknown keys name the nearest valid one, or what is allowed", "[checks]") {
    CHECK(error_of("[[check]]\nnme = \"a\"\n") ==
          "c.toml:2:1: check #1: unknown key 'nme'; did you mean 'name'?");
    CHECK(error_of(check_a("scop = \"layer\"\n")) ==
          "c.toml:3:1: check 'a': unknown key 'scop'; did you mean 'scope'?");
    CHECK(error_of(check_a("zzzz = 1\n")) ==
          "c.toml:3:1: check 'a': unknown key 'zzzz'; allowed: name, scope, layers, metric, op, "
          "value, window_cycles");
    CHECK(error_of("chek = 1\n") ==
          "c.toml:1:1: unknown key 'chek'; did you mean 'check'? (a checks file holds [[check]] "
          "tables)");
    CHECK(error_of("title = \"x\"\n") ==
          "c.toml:1:1: unknown key 'title'; a checks file holds only [[check]] tables");
    CHECK(error_of(check_a("layers = { name = [\"c1\"] }\n")) ==
          "c.toml:3:12: check 'a': key 'layers': unknown key 'name'; did you mean 'names'?");
}

TEST_CASE("checks: the file structure and names", "[checks]") {
    CHECK(error_of("[check]\nname = \"a\"\n") ==
          "c.toml:1:2: key 'check' must be an array of tables ([[check]]), got a table");
    CHECK(error_of("check = []\n") ==
          "c.toml:1:1: key 'check' must be an array of tables ([[check]]), got array []");
    CHECK(error_of("# nothing\n") ==
          "c.toml: no [[check]] tables; a checks file declares at least one check");
    CHECK(error_of("[[check]]\nmetric = \"macs\"\n") ==
          "c.toml:1:1: check #1: missing key 'name' (the check's name, shown in its results)");
    CHECK(error_of("[[check]]\nname = 3\n") ==
          "c.toml:2:8: check #1: key 'name': expected a string, got integer 3");
    CHECK(error_of("[[check]]\nname = \"\"\n") ==
          "c.toml:2:8: check #1: key 'name': the name is empty; give the check a name, shown in "
          "its results");
    CHECK(error_of("[[check]]\nname = \"a\\nb\"\n") ==
          "c.toml:2:8: check #1: key 'name': \"a\\nb\" has a control character; a name is one "
          "line of text");
    CHECK(error_of(check_a(kRest) + "\n[[check]]\nname = \"a\"\n") ==
          "c.toml:8:8: check 'a': key 'name': 'a' is already the name of the check at "
          "c.toml:1:1; check names must be unique");
}

TEST_CASE("checks: missing keys say what they take", "[checks]") {
    CHECK(error_of(check_a("op = \"<\"\nvalue = 1\n")) ==
          "c.toml:1:1: check 'a': missing key 'metric' (what to measure, e.g. metric = "
          "\"stall_cycles / total_cycles\")");
    CHECK(error_of(check_a("metric = \"macs\"\nvalue = 1\n")) ==
          "c.toml:1:1: check 'a': missing key 'op' (one of <, <=, >, >=, ==, !=)");
    CHECK(error_of(check_a("metric = \"macs\"\nop = \"<\"\n")) ==
          "c.toml:1:1: check 'a': missing key 'value' (the bound: a number or a metric "
          "expression)");
}

TEST_CASE("checks: bad scope, op and value", "[checks]") {
    CHECK(error_of(check_a("scope = \"lyer\"\n")) ==
          "c.toml:3:9: check 'a': key 'scope': 'lyer' is not allowed; allowed: layer, run, "
          "window");
    CHECK(error_of(check_a("scope = 1\n")) ==
          "c.toml:3:9: check 'a': key 'scope': expected a string (one of: layer, run, window), "
          "got integer 1");
    CHECK(error_of(check_a("metric = \"macs\"\nop = \"=<\"\nvalue = 0\n")) ==
          "c.toml:4:6: check 'a': key 'op': '=<' is not allowed; allowed: <, <=, >, >=, ==, !=");
    CHECK(error_of(check_a("metric = \"macs\"\nop = \"<\"\nvalue = true\n")) ==
          "c.toml:5:9: check 'a': key 'value': expected a number or a metric expression (a "
          "string), got boolean true");
    CHECK(error_of(check_a("metric = \"macs\"\nop = \"<\"\nvalue = nan\n")) ==
          "c.toml:5:9: check 'a': key 'value': nan cannot be compared with; give a number or a "
          "metric expression");
    CHECK(error_of(check_a("metric = 3\n")) ==
          "c.toml:3:10: check 'a': key 'metric': expected a metric expression (a string), got "
          "integer 3");
    CHECK(error_of(check_a("metric = [\"" + std::string(70, 'x') + "\"]\n")) ==
          "c.toml:3:10: check 'a': key 'metric': expected a metric expression (a string), got "
          "array [ \"" +
              std::string(51, 'x') + "...");
}

TEST_CASE("checks: unknown metric names, by scope, with suggestions", "[checks]") {
    CHECK(error_of(check_a("metric = \"stall_dram_bandwith_cycles / total_cycles\"\n")) ==
          "c.toml:3:11: check 'a': key 'metric': unknown metric 'stall_dram_bandwith_cycles' at "
          "scope = \"layer\"; did you mean 'stall_dram_bandwidth_cycles'?");
    // The column points at the name inside the string.
    CHECK(error_of(
              check_a("metric = \"macs\"\nop = \"<\"\nvalue = \"2 * unique_footprnt_bytes\"\n")) ==
          "c.toml:5:14: check 'a': key 'value': unknown metric 'unique_footprnt_bytes' at scope "
          "= \"layer\"; did you mean 'unique_footprint_bytes'?");
    CHECK(error_of(check_a("metric = \"dram_gbps\"\n")) ==
          "c.toml:3:11: check 'a': key 'metric': 'dram_gbps' is a metric of scope = \"window\", "
          "not of scope = \"layer\"");
    CHECK(error_of(check_a("scope = \"run\"\nmetric = \"compute_util_pct\"\n")) ==
          "c.toml:4:11: check 'a': key 'metric': 'compute_util_pct' is a metric of scope = "
          "\"layer\", not of scope = \"run\" (run metrics are sums of counts and the "
          "summary.json fields: write a ratio of sums)");
    const std::string e = error_of(check_a("metric = \"quux\"\n"));
    CHECK(e.rfind("c.toml:3:11: check 'a': key 'metric': unknown metric 'quux' at scope = "
                  "\"layer\"; allowed: macs, vector_ops, folds, total_cycles, ",
                  0) == 0);
    // The derived metrics follow the report's columns.
    CHECK(e.substr(e.size() - 97) ==
          ", dram_bytes, ifmap_unique_bytes, filter_unique_bytes, ofmap_unique_bytes, "
          "unique_footprint_bytes");
}

TEST_CASE("checks: expression syntax errors point into the string", "[checks]") {
    auto metric = [](const std::string& m) { return error_of(check_a("metric = " + m + "\n")); };
    CHECK(metric("\"stall_cycles / )\"") ==
          "c.toml:3:26: check 'a': key 'metric': unexpected ')': expected a metric name, a number "
          "or '(' in \"stall_cycles / )\"");
    CHECK(metric("'stall_cycles / )'") ==
          "c.toml:3:26: check 'a': key 'metric': unexpected ')': expected a metric name, a number "
          "or '(' in \"stall_cycles / )\"");
    // Written with an escape: the string's own position.
    CHECK(metric("\"stall_cycles \\u002F )\"") ==
          "c.toml:3:10: check 'a': key 'metric': unexpected ')': expected a metric name, a number "
          "or '(' in \"stall_cycles / )\"");
    CHECK(metric("\"stall_cycles /\"") ==
          "c.toml:3:25: check 'a': key 'metric': unexpected end of text: expected a metric name, "
          "a number or '(' in \"stall_cycles /\"");
    CHECK(metric("\"(stall_cycles / total_cycles\"") ==
          "c.toml:3:39: check 'a': key 'metric': unexpected end of text: expected ')' to close "
          "the '(' at character 1 in \"(stall_cycles / total_cycles\"");
    CHECK(metric("\"stall_cycles total_cycles\"") ==
          "c.toml:3:24: check 'a': key 'metric': unexpected 'total_cycles': expected an operator "
          "(+ - * /) in \"stall_cycles total_cycles\"");
    CHECK(metric("\"\"") ==
          "c.toml:3:11: check 'a': key 'metric': empty expression; expected a metric name or a "
          "number in \"\"");
    CHECK(metric("\"1e999 * macs\"") ==
          "c.toml:3:11: check 'a': key 'metric': '1e999' is not a finite number in \"1e999 * "
          "macs\"");
    CHECK(metric("\"" + std::string(40, '(') + "macs" + std::string(40, ')') + "\"")
              .find("c.toml:3:43: check 'a': key 'metric': nested more than 32 levels deep in ") ==
          0);
}

TEST_CASE("checks: layer selections", "[checks]") {
    CHECK(error_of(check_a("layers = \"conv\"\n")) ==
          "c.toml:3:10: check 'a': key 'layers': expected a table, { type = \"conv\" } or { names "
          "= [\"conv1\", \"conv2\"] }, got string \"conv\"");
    CHECK(error_of(check_a("layers = {}\n")) ==
          "c.toml:3:10: check 'a': key 'layers': { } selects no layer; give type = \"conv\" or "
          "names = [\"conv1\"], or leave 'layers' out for every layer");
    CHECK(error_of(check_a("layers = { type = \"conv\", names = [\"c1\"] }\n")) ==
          "c.toml:3:35: check 'a': key 'layers': give 'type' or 'names', not both");
    CHECK(error_of(check_a("layers = { type = \"cnv\" }\n")) ==
          "c.toml:3:19: check 'a': key 'layers.type': 'cnv' is not allowed; allowed: conv, fc, "
          "gemm, matmul, relu, clip, sigmoid, tanh, add, mul, affine, maxpool, avgpool, gap, lrn, "
          "softmax, layernorm, transpose");
    CHECK(error_of(check_a("layers = { type = 3 }\n")) ==
          "c.toml:3:19: check 'a': key 'layers.type': expected a layer type (a string, or an "
          "array of them), got integer 3");
    CHECK(error_of(check_a("layers = { names = [] }\n")) ==
          "c.toml:3:20: check 'a': key 'layers.names': an empty list selects no layer");
    CHECK(error_of(check_a("layers = { names = [\"c1\", 2] }\n")) ==
          "c.toml:3:27: check 'a': key 'layers.names': expected a layer name (a string, or an "
          "array of them), got integer 2");
}

TEST_CASE("checks: window_cycles", "[checks]") {
    CHECK(error_of(check_a("window_cycles = 100\n")) ==
          "c.toml:3:1: check 'a': key 'window_cycles' applies only to scope = \"window\", not "
          "\"layer\"");
    CHECK(error_of(check_a("scope = \"window\"\nwindow_cycles = 0\n")) ==
          "c.toml:4:17: check 'a': key 'window_cycles': 0 is out of range; allowed 1 to "
          "1000000000");
    CHECK(error_of(check_a("scope = \"window\"\nwindow_cycles = 1.5\n")) ==
          "c.toml:4:17: check 'a': key 'window_cycles': expected an integer, got float 1.5");
}

TEST_CASE("checks: files that cannot be read", "[checks]") {
    CHECK_THROWS_WITH(read_checks("/nonexistent/c.toml"),
                      "/nonexistent/c.toml: cannot open checks file: No such file or directory");
    CHECK_THROWS_WITH(read_checks("/"), "/: cannot open checks file: Is a directory");
}

namespace {

const char* kWorkload =
    "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n"
    "c1,conv,1,3,8,8,8,3,3,1,1,1\n"
    "c2,conv,1,8,16,8,8,3,3,2,1,2\n";

std::string validation_error(const std::string& checks, const std::vector<std::string>& sets) {
    try {
        const Checks c = parse_checks_text(checks, "c.toml");
        validate_checks(c, parse_workload(kWorkload, "w.csv"),
                        apply_overrides(default_config(), sets));
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("checks: selections and windows are checked against the workload and config",
          "[checks]") {
    CHECK(validation_error(check_a("layers = { names = [\"c1\", \"c3\"] }\n" + kRest), {}) ==
          "c.toml:3:27: check 'a': key 'layers.names': no layer 'c3' in workload 'w'; did you "
          "mean 'c1'?");
    CHECK(validation_error(check_a("layers = { names = [\"conv_final\"] }\n" + kRest), {}) ==
          "c.toml:3:21: check 'a': key 'layers.names': no layer 'conv_final' in workload 'w'; "
          "its layers: c1, c2");
    CHECK(validation_error(check_a("layers = { type = [\"fc\", \"gemm\"] }\n" + kRest), {}) ==
          "c.toml:3:19: check 'a': key 'layers.type': workload 'w' has no fc or gemm layer; its "
          "layer types: conv");
    const std::string window = check_a(
        "scope = \"window\"\nwindow_cycles = 15000\nmetric = \"dram_gbps\"\nop = \"<\"\n"
        "value = 1\n");
    CHECK(validation_error(window, {}) ==
          "c.toml:4:17: check 'a': key 'window_cycles': 15000 is not a multiple of "
          "report.timeline_window_cycles (10000)");
    CHECK(validation_error(window, {"report.timeline_window_cycles=5000"}).empty());
    CHECK(validation_error(window, {"report.timeline_window_cycles=0"}) ==
          "c.toml:3:9: check 'a': scope = \"window\" needs timeline.csv, but "
          "report.timeline_window_cycles is 0; set it (e.g. --set "
          "report.timeline_window_cycles=10000)");
    CHECK(validation_error(check_a("layers = { type = \"conv\" }\n" + kRest), {}).empty());
}
