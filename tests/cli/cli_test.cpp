// The command line as users see it: the built sasim runs as a subprocess in a
// temp folder; each test checks its exit status, the exact error text on stderr, and what it
// left on disk (no half-written or stale --out folders).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/config/config_fields.hpp"
#include "support/subprocess.hpp"

using namespace sasim;
using namespace sasim::test;
namespace fs = std::filesystem;

namespace {

const std::string kTiny = source_path("workloads/tiny.csv");

}  // namespace

TEST_CASE("cli: an unknown config key exits 2 naming file:line and the key", "[cli]") {
    TempDir dir;
    write_text(dir / "bad.toml", "name = \"x\"\n[array]\nrowz = 32\n");
    const Result r =
        run_sasim(dir.path(), {"run", "--config", "bad.toml", "--workload", kTiny, "--out", "o"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "sasim: error: bad.toml:3:1: unknown key 'array.rowz'; did you mean 'array.rows'?\n");
    CHECK(r.out.empty());
    // Input is checked before anything is written: no --out folder, no temp folders.
    CHECK(entries(dir.path()) == std::set<std::string>{"bad.toml"});
}

TEST_CASE("cli: a failed run leaves an existing --out folder untouched", "[cli]") {
    TempDir dir;
    fs::create_directory(dir / "o");
    write_text(dir / "o" / "layers.csv", "old\n");
    const Result r = run_sasim(dir.path(), {"run", "--set", "array.rows=0", "--out", "o"});
    CHECK(r.status == 2);
    CHECK(entries(dir / "o") == std::set<std::string>{"layers.csv"});
    CHECK(read_bytes(dir / "o" / "layers.csv") == "old\n");
    CHECK(entries(dir.path()) == std::set<std::string>{"o"});
}

TEST_CASE("cli: a bad workload value exits 2 naming path:line and the column", "[cli]") {
    TempDir dir;
    write_text(dir / "bad.csv",
               "# a comment line counts\n"
               "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n"
               "c1,conv,1,3,8,8,8,3,3,1,1,1\n"
               "c2,conv,1,8,16,8,8,3,3,0,1,2\n");
    const Result r = run_sasim(dir.path(), {"run", "--workload", "bad.csv", "--out", "o"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "sasim: error: bad.csv:4: column 'stride': '0' is not a positive integer; expected an "
          "integer from 1 to 1024\n");
    CHECK(r.out.empty());
    CHECK(entries(dir.path()) == std::set<std::string>{"bad.csv"});
}

TEST_CASE("cli: an unknown command exits 2 with the usage", "[cli]") {
    TempDir dir;
    const Result r = run_sasim(dir.path(), {"frobnicate"});
    CHECK(r.status == 2);
    CHECK(r.err.rfind("sasim: error: unknown command 'frobnicate'\nusage: sasim run ", 0) == 0);
    CHECK(r.err.find("sasim config-keys") != std::string::npos);
    CHECK(r.out.empty());
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("cli: --set array.rows=0 exits 2 with the allowed range", "[cli]") {
    TempDir dir;
    const Result r = run_sasim(dir.path(), {"run", "--set", "array.rows=0", "--out", "o"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "sasim: error: --set array.rows=0: key 'array.rows': 0 is out of range; allowed 1 to "
          "4096\n");
    CHECK(entries(dir.path()).empty());
}

// The outputs every run writes (a run may write more, e.g. stats.txt).
void check_outputs(const fs::path& out) {
    for (const char* name : {"config.toml", "layers.csv", "summary.json"}) {
        INFO("output " << name);
        CHECK(fs::is_regular_file(out / name));
    }
    for (const auto& e : fs::directory_iterator(out)) {
        INFO("entry " << e.path().filename());
        CHECK(e.is_regular_file());
    }
}

TEST_CASE("cli: a run replaces an existing --out folder completely", "[cli]") {
    TempDir dir;
    const fs::path out = dir / "runs" / "o";
    fs::create_directories(out / "old_subfolder");
    write_text(out / "layers.csv", "stale\n");
    write_text(out / "summary.json", "{}\n");  // marks the folder as earlier sasim results
    write_text(out / "old_results.txt", "stale\n");
    write_text(out / "old_subfolder" / "x", "stale\n");
    const Result r =
        run_sasim(dir.path(), {"run", "--workload", kTiny, "--quiet", "--out", "runs/o"});
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(r.out.empty());  // --quiet
    check_outputs(out);
    CHECK_FALSE(fs::exists(out / "old_results.txt"));
    CHECK_FALSE(fs::exists(out / "old_subfolder"));
    CHECK(read_bytes(out / "layers.csv").rfind("layer,type,macs,", 0) == 0);
    CHECK(read_bytes(out / "layers.csv").find("\nfc,fc,5120,") != std::string::npos);
    // No .o.tmp-* / .o.old-* folders left beside it.
    CHECK(entries(dir / "runs") == std::set<std::string>{"o"});
}

TEST_CASE("cli: --out refuses to replace a file or a folder that holds no sasim results", "[cli]") {
    TempDir dir;
    write_text(dir / "notes.txt", "mine\n");
    fs::create_directories(dir / "proj" / "src");
    write_text(dir / "proj" / "src" / "main.c", "mine\n");
    const Result f = run_sasim(dir.path(), {"run", "--workload", kTiny, "--out", "notes.txt"});
    CHECK(f.status == 2);
    CHECK(f.err == "sasim: error: notes.txt: output path exists and is not a folder\n");
    const Result p = run_sasim(dir.path(), {"run", "--workload", kTiny, "--out", "proj"});
    CHECK(p.status == 2);
    CHECK(p.err ==
          "sasim: error: proj: output folder is not empty and holds no sasim results (no "
          "summary.json); refusing to replace it: choose an empty or new folder\n");
    CHECK(read_bytes(dir / "notes.txt") == "mine\n");
    CHECK(read_bytes(dir / "proj" / "src" / "main.c") == "mine\n");
}

TEST_CASE("cli: a run creates missing parent folders of --out", "[cli]") {
    TempDir dir;
    const Result r =
        run_sasim(dir.path(), {"run", "--workload", kTiny, "--quiet", "--out", "a/b/o"});
    REQUIRE(r.status == 0);
    CHECK(entries(dir / "a" / "b") == std::set<std::string>{"o"});
    check_outputs(dir / "a" / "b" / "o");
}

TEST_CASE("cli: an --out path that cannot be written exits 2 with the reason", "[cli]") {
    TempDir dir;
    write_text(dir / "file", "keep\n");
    const Result r =
        run_sasim(dir.path(), {"run", "--workload", kTiny, "--quiet", "--out", "file/o"});
    CHECK(r.status == 2);
    CHECK(r.err == "sasim: error: file/o: cannot create output folder: Not a directory\n");
    CHECK(r.out.empty());
    CHECK(entries(dir.path()) == std::set<std::string>{"file"});
    CHECK(read_bytes(dir / "file") == "keep\n");
}

TEST_CASE("cli: config-keys exits 0 and lists every key", "[cli]") {
    TempDir dir;
    const Result r = run_sasim(dir.path(), {"config-keys"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(r.out.rfind("| key | type | default | allowed | unit | description |\n", 0) == 0);
    size_t rows = 0;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) rows += line.rfind("| `", 0) == 0;
    CHECK(rows == config_fields().size());
    for (const auto& f : config_fields()) {
        INFO("key " << f.key);
        CHECK(r.out.find("\n| `" + f.key + "` | ") != std::string::npos);
    }
    CHECK(r.out.find("| `array.rows` | integer | `32` | 1 to 4096 | PEs |") != std::string::npos);
}

namespace {

// The values a VCD file gives the 32-bit variable `name`, in order (as signed integers).
std::vector<int64_t> vcd_values(const std::string& vcd, const std::string& name) {
    std::istringstream in(vcd);
    std::string line, id;
    std::vector<int64_t> values;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string w[6];
        for (auto& x : w) words >> x;
        if (w[0] == "$var" && w[4] == name) id = w[3];
        if (!id.empty() && w[0].size() > 1 && w[0][0] == 'b' && w[1] == id)
            values.push_back(static_cast<int32_t>(std::stoull(w[0].substr(1), nullptr, 2)));
    }
    return values;
}

}  // namespace

TEST_CASE("cli: --vcd works with every DRAM model and ends with nothing in flight", "[cli]") {
    // The DMA's packets-in-flight signal is written by the DMA thread and, for bank-level DRAM,
    // by completions the DRAM model delivers from its own process: that once ended in SystemC's
    // "more than one driver" error (exit 3).
    for (const char* model : {"ideal", "bandwidth", "ddr4_3200", "lpddr4_2400", "hbm2"}) {
        INFO(model);
        TempDir dir;
        const Result r = run_sasim(
            dir.path(), {"run", "--workload", kTiny, "--set", std::string("dram.model=") + model,
                         "--vcd", "w.vcd", "--quiet", "--out", "o"});
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out.empty());  // no SystemC info notes either
        const std::string vcd = read_bytes(dir / "w.vcd");
        CHECK(vcd.find("$enddefinitions") != std::string::npos);
        // The run's last instant is in the file too: nothing in flight, the array idle (0),
        // and the layer signal back at -1 after tiny.csv's four layers.
        const std::vector<int64_t> inflight = vcd_values(vcd, "dma_inflight");
        REQUIRE(!inflight.empty());
        CHECK(inflight.back() == 0);
        CHECK(*std::max_element(inflight.begin(), inflight.end()) > 0);
        CHECK(vcd_values(vcd, "layer") == std::vector<int64_t>{0, 1, 2, 3, -1});
        const std::vector<int64_t> state = vcd_values(vcd, "array_state");
        REQUIRE(!state.empty());
        CHECK(state.back() == 0);
    }
}

TEST_CASE("cli: utilization never passes 100 %, per layer and per run, one rule for both",
          "[cli]") {
    // 1-PE os array, ideal memory: SCALE-Sim's fold model finishes fc 1 -> 2 (2 MACs) in
    // 2 + 0 - 1 = 1 cycle and 1 -> 1 (1 MAC) in 0. Utilization counts at least
    // ceil(MACs / PEs) cycles: 2 / (1 x max(1, 2)) = 100 %, 1 / (1 x max(0, 1)) = 100 %; the
    // run, 3 MACs in 1 cycle: 3 / max(1, 3) = 100 % (it read 200 % and, for a 0-cycle run, 0).
    TempDir dir;
    write_text(dir / "two.csv",
               "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n"
               "a,fc,1,1,2,1,1,1,1,1,0,1\n"
               "b,fc,1,1,1,1,1,1,1,1,0,1\n");
    const Result r = run_sasim(
        dir.path(), {"run", "--config", source_path("configs/scalesim.toml"), "--workload",
                     "two.csv", "--set", "array.rows=1", "--set", "array.cols=1", "--set",
                     "array.dataflow=os", "--quiet", "--out", "o"});
    REQUIRE(r.status == 0);
    const std::string summary = read_bytes(dir / "o" / "summary.json");
    CHECK(summary.find("\"total_cycles\": 1,") != std::string::npos);
    CHECK(summary.find("\"overall_util_pct\": 100.000,") != std::string::npos);
    std::istringstream layers(read_bytes(dir / "o" / "layers.csv"));
    std::string header, row;
    std::getline(layers, header);
    std::vector<std::string> cols;
    for (std::istringstream h(header); std::getline(h, row, ',');) cols.push_back(row);
    const size_t util =
        static_cast<size_t>(std::find(cols.begin(), cols.end(), "overall_util_pct") - cols.begin());
    REQUIRE(util < cols.size());
    int rows = 0;
    while (std::getline(layers, row)) {
        std::vector<std::string> cells;
        for (std::istringstream c(row); std::getline(c, header, ',');) cells.push_back(header);
        REQUIRE(cells.size() > util);
        CHECK(cells[util] == "100.000");
        ++rows;
    }
    CHECK(rows == 2);
}
