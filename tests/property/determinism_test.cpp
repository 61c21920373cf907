// Determinism: the sasim executable run twice on the same workload and config writes
// byte-identical reports (layers.csv, summary.json, config.toml and every other file in --out).
// Runs the CLI as a subprocess: $SASIM_BIN if set, else the path CMake compiled in.
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "support/files.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::TempDir;

std::string sasim_executable() {
    if (const char* env = std::getenv("SASIM_BIN"); env != nullptr && *env != '\0') return env;
#ifdef SASIM_BIN_PATH
    return SASIM_BIN_PATH;
#else
    return "";
#endif
}

// Every regular file in `dir` by name, with its bytes.
std::map<std::string, std::string> files_in(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file()) out[e.path().filename().string()] = read_bytes(e.path());
    return out;
}

int run(const std::string& bin, const std::string& workload, const fs::path& out) {
    const std::string cmd =
        "'" + bin + "' run --workload '" + workload + "' --out '" + out.string() + "' --quiet";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("property: two runs of tiny.csv write byte-identical reports", "[property]") {
    const std::string bin = sasim_executable();
    REQUIRE_FALSE(bin.empty());
    const std::string workload = test::source_path("workloads/tiny.csv");
    TempDir tmp;
    REQUIRE(run(bin, workload, tmp / "a") == 0);
    REQUIRE(run(bin, workload, tmp / "b") == 0);
    const auto a = files_in(tmp / "a"), b = files_in(tmp / "b");
    for (const char* name : {"layers.csv", "summary.json", "config.toml"}) {
        INFO(name);
        REQUIRE(a.count(name) == 1);
        CHECK_FALSE(a.at(name).empty());
    }
    REQUIRE(a.size() == b.size());
    for (const auto& [name, bytes] : a) {
        INFO(name);
        REQUIRE(b.count(name) == 1);
        CHECK(bytes == b.at(name));
    }
    // Four layers of tiny.csv, one row each after the header.
    const std::string& csv = a.at("layers.csv");
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 5);
}

}  // namespace sasim
