// Golden runs: the built sasim runs each case into a temp folder and every output
// file, and its stdout, must equal the reviewed copy in tests/golden/<case>/ byte for byte.
// After an intended change, regenerate with scripts/regen_golden.sh and review the diff.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/subprocess.hpp"

using namespace sasim::test;
namespace fs = std::filesystem;

namespace {

// Keep in step with the case list in scripts/regen_golden.sh.
struct GoldenCase {
    std::string name;               // folder under tests/golden/
    std::vector<std::string> args;  // after `sasim run`, before `--out DIR`; run in the repo root
};

const GoldenCase kDefault{"alexnet_default", {}};
// SCALE-Sim runs conv and fc layers only: its parity case runs those of AlexNet.
const GoldenCase kScaleSim{
    "alexnet_scalesim",
    {"--config", "configs/scalesim.toml", "--workload", "workloads/alexnet_gemm.csv"}};

const fs::path kSource = SASIM_SOURCE_DIR;
const char* const kRegen =
    "scripts/regen_golden.sh build/sasim   (then review git diff tests/golden)";

// Runs `sasim run <args> --out <tmp>/out` in `cwd`; its stdout ends up as <tmp>/out/stdout.txt.
void run_case(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& tmp) {
    std::vector<std::string> all = {"run"};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"--out", (tmp / "out").string()});
    const Result r = run_sasim(cwd, all);
    std::string command = "cd " + quote(cwd.string()) + " && sasim";
    for (const auto& a : all) command += " " + quote(a);
    INFO("command: " << command << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    REQUIRE(r.err.empty());
    write_text(tmp / "out" / "stdout.txt", r.out);
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> lines;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// A unified-diff-like excerpt: lines are paired by position (the outputs are tables, so a
// changed number keeps its line), from two lines before the first difference, at most 6 pairs
// that differ.
std::string first_difference(const std::string& want, const std::string& got,
                             const std::string& want_name, const std::string& got_name) {
    const auto a = split_lines(want), b = split_lines(got);
    const size_t n = std::max(a.size(), b.size());
    const auto same = [&](size_t k) { return k < a.size() && k < b.size() && a[k] == b[k]; };
    size_t first = 0, differing = 0;
    while (first < n && same(first)) ++first;
    for (size_t k = 0; k < n; ++k) differing += !same(k);
    if (first == n) return "(the lines are equal; line endings or the final newline differ)\n";
    std::ostringstream d;
    d << "--- " << want_name << " (reviewed)\n+++ " << got_name << " (this build)\n";
    d << "@@ line " << first + 1 << ": first of " << differing << " differing line(s) @@\n";
    size_t shown = 0, last = first;
    for (size_t k = first >= 2 ? first - 2 : 0; k < n && shown < 6; ++k) {
        if (same(k)) {
            if (k > last + 2) break;  // two lines of context after a difference
            d << " " << a[k] << "\n";
            continue;
        }
        if (k < a.size()) d << "-" << a[k] << "\n";
        if (k < b.size()) d << "+" << b[k] << "\n";
        ++shown;
        last = k;
    }
    return d.str();
}

// Every file of the run equals the reviewed copy; neither side has a file the other lacks.
void compare_with_golden(const GoldenCase& c, const fs::path& actual) {
    const fs::path golden = kSource / "tests" / "golden" / c.name;
    REQUIRE(fs::is_directory(golden));
    const auto want = entries(golden), got = entries(actual);
    std::string problems;
    for (const auto& n : want) {
        if (!got.count(n)) problems += "missing from this run: " + n + "\n";
    }
    for (const auto& n : got) {
        if (!want.count(n)) problems += "no reviewed copy of: " + n + "\n";
    }
    for (const auto& n : want) {
        if (!got.count(n)) continue;
        const std::string a = read_bytes(golden / n), b = read_bytes(actual / n);
        if (a != b) {
            problems +=
                first_difference(a, b, "tests/golden/" + c.name + "/" + n, (actual / n).string());
        }
    }
    if (!problems.empty()) {
        // Printed raw: Catch would wrap the long CSV lines.
        std::cerr << "golden case '" << c.name << "' differs:\n"
                  << problems << "If the change is intended, regenerate with:\n  " << kRegen
                  << "\n";
        FAIL("golden case '" << c.name << "' differs from tests/golden/ (diff on stderr)");
    }
}

void check_case(const GoldenCase& c) {
    TempDir tmp;
    run_case(c.args, kSource, tmp.path());
    compare_with_golden(c, tmp.path() / "out");
}

}  // namespace

TEST_CASE("alexnet on the default config matches the reviewed outputs", "[golden]") {
    check_case(kDefault);
}

TEST_CASE("alexnet on the scalesim config matches the reviewed outputs", "[golden]") {
    check_case(kScaleSim);
}

TEST_CASE("the outputs do not depend on the working directory", "[golden]") {
    // From an empty folder the default config and workload are found in the source tree.
    TempDir cwd, tmp;
    run_case(kDefault.args, cwd.path(), tmp.path());
    compare_with_golden(kDefault, tmp.path() / "out");
}

TEST_CASE("the golden files hold no absolute paths or wall-clock times", "[golden]") {
    // An absolute path starts with '/' right after a line start, blank, quote, '=' or ':'.
    const std::regex abs_path(R"((^|[\s"'=:])/[A-Za-z0-9_.~])");
    const std::regex timing(R"(wall|elapsed|host|seconds|timestamp|\d{4}-\d{2}-\d{2})",
                            std::regex::icase);
    const fs::path root = kSource / "tests" / "golden";
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file() || e.path().extension() == ".cpp") continue;
        ++files;
        const auto lines = split_lines(read_bytes(e.path()));
        for (size_t i = 0; i < lines.size(); ++i) {
            INFO(fs::relative(e.path(), kSource).string() << ":" << i + 1 << ": " << lines[i]);
            CHECK_FALSE(std::regex_search(lines[i], abs_path));
            CHECK_FALSE(std::regex_search(lines[i], timing));
            CHECK(lines[i].find(kSource.string()) == std::string::npos);
        }
    }
    CHECK(files >= 8);  // 2 cases x (layers.csv, summary.json, config.toml, stdout.txt, ...)
}
