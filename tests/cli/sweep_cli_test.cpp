// `sasim sweep` and `sasim merge` as users run them: the built sasim runs as a subprocess on
// small specs in a temp folder; tests check exit statuses, the tables, resuming after kill -9,
// failure records, sharding + merge, progress output, and that bad input writes nothing.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/subprocess.hpp"

using namespace sasim;
using namespace sasim::test;
namespace fs = std::filesystem;

namespace {

const std::string kSrc = SASIM_SOURCE_DIR;

// A spec over the shipped default config and `workload`, with `body` (axes) appended.
std::string write_spec(const TempDir& d, const std::string& body,
                       const std::string& workload = "tiny") {
    const std::string path = d / "spec.toml";
    std::ofstream(path) << "name = \"test\"\nconfig = \"" << kSrc
                        << "/configs/default.toml\"\nworkload = \"" << kSrc << "/workloads/"
                        << workload << ".csv\"\n"
                        << body;
    return path;
}

const std::string kTwoAxes =
    "[[axis]]\nkey = \"array.rows\"\nvalues = [8, 16]\n"
    "[[axis]]\nkey = \"array.dataflow\"\nvalues = [\"os\", \"ws\"]\n";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

std::string cell(const std::string& line, size_t i) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
    return i < cells.size() ? cells[i] : "";
}

}  // namespace

TEST_CASE("sweep: results.csv rows follow the spec and each point equals a direct sasim run",
          "[sweep]") {
    TempDir d;
    write_spec(d, kTwoAxes);
    const Result r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o", "--jobs", "2"});
    REQUIRE(r.status == 0);
    CHECK(r.out == "sweep: 4 points: 4 ok, 0 failed; o/results.csv, o/layers.csv\n");
    const auto rows = lines_of(read_bytes(d / "o/results.csv"));
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] ==
          "point,id,workload,array.rows,array.dataflow,status,config,pes,sram_kib,total_macs,"
          "total_cycles,stall_cycles,runtime_ms,overall_util_pct,dram_read_bytes,"
          "dram_write_bytes,dram_avg_gbps,energy_pj,power_mw,area_mm2,tops_per_watt,edp_uj_ms,"
          "bottleneck,checks_failed,error");
    CHECK(rows[1].rfind("0,", 0) == 0);
    CHECK(cell(rows[2], 3) == "8");
    CHECK(cell(rows[2], 4) == "ws");
    CHECK(cell(rows[3], 3) == "16");
    CHECK(cell(rows[3], 5) == "ok");
    CHECK(cell(rows[3], 7) == "512");    // 16 x 32 PEs
    CHECK(cell(rows[3], 9) == "36352");  // tiny.csv's MACs
    // Point 2 (rows 16, os) run by hand gives the same reports, byte for byte.
    const std::string id = cell(rows[3], 1);
    const Result direct =
        run_sasim(d.path(), {"run", "--config", kSrc + "/configs/default.toml", "--workload",
                             kSrc + "/workloads/tiny.csv", "--set", "array.rows=16", "--set",
                             "array.dataflow=os", "--out", "direct", "--quiet"});
    REQUIRE(direct.status == 0);
    for (const char* f : {"layers.csv", "summary.json", "config.toml"})
        CHECK(read_bytes(d / ("o/points/" + id + "/" + f)) == read_bytes(d / "direct" / f));
    // Energy, power, area, TOPS/W and EDP are the point's summary.json values, as written.
    const std::string summary = read_bytes(d / "direct/summary.json");
    const auto field = [&](const std::string& k) {
        const size_t at = summary.find("\"" + k + "\": ") + k.size() + 4;
        return summary.substr(at, summary.find_first_of(",\n", at) - at);
    };
    CHECK(cell(rows[3], 17) == field("energy_pj"));
    CHECK(cell(rows[3], 19) == field("area_mm2"));
    CHECK(cell(rows[3], 21) == field("edp_uj_ms"));
    // layers.csv: the swept values, then the point's own layers.csv row.
    const auto layers = lines_of(read_bytes(d / "o/layers.csv"));
    const auto own = lines_of(read_bytes(d / "direct/layers.csv"));
    REQUIRE(layers.size() == 1 + 4 * (own.size() - 1));
    CHECK(layers[0] == "point,id,workload,array.rows,array.dataflow," + own[0]);
    CHECK(layers[1 + 2 * 4] == "2," + id + ",tiny,16,os," + own[1]);
}

TEST_CASE("sweep: a checks file runs on every point and results.csv counts its failures",
          "[sweep][checks]") {
    // ws shifts weights into the PEs (load cycles > 0); os has no stationary operand, so its
    // load_cycles sum to 0: the check fails on the ws points only.
    TempDir d;
    std::ofstream(d / "c.toml") << "[[check]]\nname = \"no stationary loads\"\nscope = \"run\"\n"
                                   "metric = \"load_cycles\"\nop = \"==\"\nvalue = 0\n";
    write_spec(d, "checks = \"c.toml\"\n" + kTwoAxes);
    const Result r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o", "--jobs", "2"});
    REQUIRE(r.status == 0);  // a failed check is a finding, not a failed point
    const auto rows = lines_of(read_bytes(d / "o/results.csv"));
    REQUIRE(rows.size() == 5);
    // Points: (8, os), (8, ws), (16, os), (16, ws); checks_failed is column 23.
    CHECK(cell(rows[1], 23) == "0");
    CHECK(cell(rows[2], 23) == "1");
    CHECK(cell(rows[3], 23) == "0");
    CHECK(cell(rows[4], 23) == "1");
    const std::string checks = read_bytes(d / ("o/points/" + cell(rows[2], 1) + "/checks.txt"));
    CHECK(checks.rfind("FAIL no stationary loads [run]: ", 0) == 0);
    // A broken checks file is refused before any point runs.
    std::ofstream(d / "c.toml") << "[[check]]\nname = 3\n";
    CHECK(run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o2"}).status == 2);
    CHECK_FALSE(fs::exists(d / "o2"));
}

TEST_CASE("sweep: what_if = true runs --what-if on every point and collates what_if.csv",
          "[sweep][what-if]") {
    // A memory-bound tiny design (1 GB/s) so every point has what-if rows worth having.
    TempDir d;
    write_spec(d,
               "what_if = true\n[[axis]]\nkey = \"array.rows\"\nvalues = [8, 16]\n"
               "[[axis]]\nkey = \"dram.model\"\nvalues = [\"bandwidth\"]\n"
               "[[axis]]\nkey = \"dram.bandwidth_gbps\"\nvalues = [1.0]\n");
    Result r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o", "--jobs", "2"});
    REQUIRE(r.status == 0);
    const auto rows = lines_of(read_bytes(d / "o/results.csv"));
    REQUIRE(rows.size() == 3);
    const auto what_if = lines_of(read_bytes(d / "o/what_if.csv"));
    size_t next = 1;
    for (size_t p = 1; p < rows.size(); ++p) {
        // The point's own what_if.csv, each row after the point's manifest cells; the same as
        // `sasim run --what-if` with the point's config.
        const std::string id = cell(rows[p], 1);
        const auto own = lines_of(read_bytes(d / ("o/points/" + id + "/what_if.csv")));
        REQUIRE(own.size() == 1 + 4 * 4);  // tiny's 4 layers x the 4 causes
        CHECK(what_if[0] ==
              "point,id,workload,array.rows,dram.model,dram.bandwidth_gbps," + own[0]);
        const std::string prefix = cell(rows[p], 0) + "," + id + ",tiny," + cell(rows[p], 3) +
                                   ",bandwidth,1,";  // the value as shown
        for (size_t i = 1; i < own.size(); ++i) CHECK(what_if.at(next++) == prefix + own[i]);
    }
    CHECK(next == what_if.size());
    const Result direct = run_sasim(
        d.path(), {"run", "--workload", kSrc + "/workloads/tiny.csv", "--set", "array.rows=16",
                   "--set", "dram.model=bandwidth", "--set", "dram.bandwidth_gbps=1.0",
                   "--what-if", "--quiet", "--out", "direct"});
    REQUIRE(direct.status == 0);
    CHECK(read_bytes(d / ("o/points/" + cell(rows[2], 1) + "/what_if.csv")) ==
          read_bytes(d / "direct/what_if.csv"));
    // Without what_if the same folder's points are finished and kept; the table stays, as the
    // points still hold their what-if rows. A point folder without them is re-run when asked.
    const std::string id0 = cell(rows[1], 1);
    fs::remove(d / ("o/points/" + id0 + "/what_if.csv"));
    r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o", "--jobs", "2"});
    REQUIRE(r.status == 0);
    CHECK(r.err.find("1 finished before, 1 to run") != std::string::npos);
    CHECK(fs::exists(d / ("o/points/" + id0 + "/what_if.csv")));
    // A value other than a boolean is refused at its line.
    write_spec(d, "what_if = \"yes\"\n");
    r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o3"});
    CHECK(r.status == 2);
    CHECK(r.err.find("spec.toml:4:") != std::string::npos);
    CHECK(r.err.find("key 'what_if': expected true or false, got string \"yes\"") != std::string::npos);
    CHECK_FALSE(fs::exists(d / "o3"));
}

TEST_CASE("sweep: a re-run skips finished points and leaves them untouched", "[sweep]") {
    TempDir d;
    write_spec(d, kTwoAxes);
    REQUIRE(run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o"}).status == 0);
    const std::string first = read_bytes(d / "o/results.csv");
    const auto id = cell(lines_of(first)[1], 1);
    const auto stamp = fs::last_write_time(d / ("o/points/" + id + "/summary.json"));
    const Result again = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o", "--jobs", "2"});
    CHECK(again.status == 0);
    CHECK(again.err == "sweep: 4 points, 4 finished before, 0 to run, 2 at a time\n");
    CHECK(fs::last_write_time(d / ("o/points/" + id + "/summary.json")) == stamp);
    CHECK(read_bytes(d / "o/results.csv") == first);
}

TEST_CASE("sweep: killed with SIGKILL at any moment a re-run ends as an uninterrupted run",
          "[sweep]") {
    TempDir d;
    write_spec(d,
               "[[axis]]\nkey = \"array.rows\"\nvalues = [16, 32, 64]\n[[axis]]\n"
               "key = \"dram.model\"\nvalues = [\"ideal\", \"bandwidth\"]\n",
               "alexnet");
    REQUIRE(run_sasim(d.path(), {"sweep", "spec.toml", "--out", "whole", "--quiet"}).status == 0);
    const std::string bin = sasim_bin(), spec = d / "spec.toml", out = d / "killed";
    bool completed = false;
    for (int attempt = 0; attempt < 12 && !completed; ++attempt) {
        const char* argv[] = {bin.c_str(), "sweep",   spec.c_str(), "--out",
                              out.c_str(), "--quiet", nullptr};
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        pid_t pid = 0;
        REQUIRE(posix_spawn(&pid, bin.c_str(), &fa, nullptr, const_cast<char**>(argv), environ) ==
                0);
        posix_spawn_file_actions_destroy(&fa);
        // Kill moments spread from start-up to well into the run (the whole sweep takes
        // ~0.4 s on 2 CPUs): while spawning, simulating, writing a point, collating.
        std::this_thread::sleep_for(std::chrono::milliseconds(3 + attempt * 29));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        completed = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    const Result resumed =
        run_sasim(d.path(), {"sweep", "spec.toml", "--out", "killed", "--quiet"});
    INFO(resumed.err);
    CHECK(resumed.status == 0);
    for (const std::string f : {"results.csv", "layers.csv", "points.csv"})
        CHECK(read_bytes(d / ("killed/" + f)) == read_bytes(d / ("whole/" + f)));
    for (const auto& e : fs::directory_iterator(d / "killed/points"))  // no temp folders left
        CHECK(e.path().filename().string().size() == 16);
    CHECK_FALSE(fs::exists(d / "killed/.work"));
}

TEST_CASE("sweep: a failing point is recorded and the others run (exit 1) and a re-run retries it",
          "[sweep]") {
    TempDir d;
    // With 8-byte words every mapping of tiny.csv's first layer holds 1728 bytes of filter at
    // once: a 1 KiB filter scratchpad fails that point.
    write_spec(d,
               "[[zip]]\nkeys = [\"sram.filter_kb\", \"array.word_bytes\"]\n"
               "values = [[1, 8], [64, 8]]\n");
    const Result r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o"});
    CHECK(r.status == 1);
    CHECK(r.out == "sweep: 2 points: 1 ok, 1 failed; o/results.csv, o/layers.csv\n");
    // Two jobs run at once, so the failing point may finish first or second.
    const std::string failed_line =
        "/2] point 0 tiny sram.filter_kb=1 array.word_bytes=8 FAILED: exit 2: sasim: error: ";
    CHECK((r.err.find("sweep: [1" + failed_line) != std::string::npos ||
           r.err.find("sweep: [2" + failed_line) != std::string::npos));
    const auto rows = lines_of(read_bytes(d / "o/results.csv"));
    REQUIRE(rows.size() == 3);
    CHECK(cell(rows[1], 5) == "failed");
    CHECK(rows[1].find(",exit 2: sasim: error: ") != std::string::npos);
    CHECK(rows[1].find("sram.filter_kb = 1 KiB is too small") != std::string::npos);
    CHECK(rows[1].find("allowed: at least 2 KiB") != std::string::npos);
    CHECK(cell(rows[2], 5) == "ok");
    const std::string id = cell(rows[1], 1);
    CHECK(read_bytes(d / ("o/points/" + id + "/status.txt")) == "exit 2\n");
    CHECK(read_bytes(d / ("o/points/" + id + "/error.txt")).rfind("sasim: error: ", 0) == 0);
    CHECK(fs::exists(d / ("o/points/" + id + "/config.toml")));
    const Result again = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o"});
    CHECK(again.status == 1);
    CHECK(again.err.rfind("sweep: 2 points, 1 finished before, 1 to run", 0) == 0);
}

TEST_CASE("sweep: a bad spec exits 2 naming spec:line:col and writes nothing", "[sweep]") {
    TempDir d;
    write_spec(d, "[[axis]]\nkey = \"array.rows\"\nvalues = [16, 0]\n");
    const Result r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o"});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "sasim: error: spec.toml:6:15: key 'array.rows': 0 is out of range; allowed 1 to "
          "4096\n");
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(d / "o"));
    CHECK(run_sasim(d.path(), {"sweep", "spec.toml", "--shard", "4/4"}).status == 2);
    CHECK(run_sasim(d.path(), {"sweep", "spec.toml", "--jobs", "-1"}).status == 2);
    CHECK(run_sasim(d.path(), {"sweep"}).status == 2);
}

TEST_CASE("sweep: refuses an output folder that holds something else", "[sweep]") {
    TempDir d;
    write_spec(d, kTwoAxes);
    fs::create_directory(d / "mine");
    std::ofstream(d / "mine/notes.txt") << "keep\n";
    const Result r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "mine"});
    CHECK(r.status == 2);
    CHECK(r.err.find("mine: output folder is not empty and holds no sasim sweep") !=
          std::string::npos);
    CHECK(read_bytes(d / "mine/notes.txt") == "keep\n");
    // A folder another sweep is writing (it holds the lock) is refused too.
    REQUIRE(run_sasim(d.path(), {"sweep", "spec.toml", "--out", "busy", "--list"}).status == 0);
    REQUIRE(run_sasim(d.path(), {"sweep", "spec.toml", "--out", "busy"}).status == 0);
    const std::string held = "cd " + quote(d.path().string()) + " && flock busy/.lock " +
                             quote(sasim_bin()) + " sweep spec.toml --out busy 2>busy.err";
    CHECK(WEXITSTATUS(std::system(held.c_str())) == 2);
    CHECK(read_bytes(d / "busy.err") ==
          "sasim: error: busy: another sweep or merge is writing this folder\n");
}

TEST_CASE("sweep: --list prints points.csv and runs nothing", "[sweep]") {
    TempDir d;
    write_spec(d, kTwoAxes);
    const Result r = run_sasim(d.path(), {"sweep", "spec.toml", "--list", "--out", "o"});
    CHECK(r.status == 0);
    const auto rows = lines_of(r.out);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == "point,id,workload,array.rows,array.dataflow");
    CHECK(rows[4].rfind("3,", 0) == 0);
    CHECK(rows[4].find(",tiny,16,ws") != std::string::npos);
    CHECK_FALSE(fs::exists(d / "o"));
}

TEST_CASE("sweep: merged shards equal a single-process sweep and gaps or mixups are named",
          "[sweep]") {
    TempDir d;
    write_spec(d,
               kTwoAxes + "[[axis]]\nkey = \"dram.model\"\nvalues = [\"ideal\", \"bandwidth\"]\n");
    REQUIRE(run_sasim(d.path(), {"sweep", "spec.toml", "--out", "whole"}).status == 0);
    for (int i = 0; i < 3; ++i)
        REQUIRE(run_sasim(d.path(), {"sweep", "spec.toml", "--shard", std::to_string(i) + "/3",
                                     "--out", "s" + std::to_string(i)})
                    .status == 0);
    CHECK(lines_of(read_bytes(d / "s1/results.csv")).size() == 1 + 3);  // points 1, 4, 7
    const Result m = run_sasim(d.path(), {"merge", "--out", "merged", "s0", "s1", "s2"});
    CHECK(m.status == 0);
    for (const std::string f : {"results.csv", "layers.csv", "points.csv"})
        CHECK(read_bytes(d / ("merged/" + f)) == read_bytes(d / ("whole/" + f)));
    const Result gap = run_sasim(d.path(), {"merge", "--out", "gap", "s0", "s2"});
    CHECK(gap.status == 1);
    CHECK(gap.err ==
          "merge: 3 of 8 points have no result in any shard (did every shard "
          "finish?)\n");
    CHECK(cell(lines_of(read_bytes(d / "gap/results.csv"))[2], 6) == "missing");
    // The same shard twice, however it is written, is a mistake to name, not a gap.
    const Result twice = run_sasim(d.path(), {"merge", "--out", "twice", "s0", "./s0/", "s1"});
    CHECK(twice.status == 2);
    CHECK(twice.err ==
          "sasim: error: sasim merge: shard folder './s0/' is given twice (as 's0' and "
          "'./s0/'); give each shard once\n");
    CHECK(!fs::exists(d / "twice"));
    write_spec(d, kTwoAxes);
    REQUIRE(run_sasim(d.path(), {"sweep", "spec.toml", "--out", "other"}).status == 0);
    const Result mixed = run_sasim(d.path(), {"merge", "--out", "mixed", "s0", "other"});
    CHECK(mixed.status == 2);
    CHECK(mixed.err ==
          "sasim: error: other/points.csv: not the same sweep as s0/points.csv "
          "(points.csv differs)\n");
}

TEST_CASE("sweep: progress is one line per point off a terminal and a bar on one", "[sweep]") {
    TempDir d;
    write_spec(d, kTwoAxes);
    const Result r = run_sasim(d.path(), {"sweep", "spec.toml", "--out", "o", "--jobs", "1"});
    const auto lines = lines_of(r.err);
    REQUIRE(lines.size() == 6);
    CHECK(lines[0] == "sweep: 4 points, 0 finished before, 4 to run, 1 at a time");
    CHECK(lines[1].rfind("sweep: [1/4] point 0 tiny array.rows=8 array.dataflow=os ok (", 0) == 0);
    CHECK(lines[4].rfind("sweep: [4/4] point 3 tiny array.rows=16 array.dataflow=ws ok (", 0) == 0);
    CHECK(lines[5].rfind("sweep: ran 4 points in ", 0) == 0);
    // On a terminal (script(1) gives it a pseudo-terminal): a bar with rate and ETA.
    const std::string cmd = "cd " + quote(d.path().string()) + " && script -qec " +
                            quote(quote(sasim_bin()) + " sweep spec.toml --out t --jobs 1") +
                            " /dev/null > tty.txt 2>&1 < /dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const std::string tty = read_bytes(d / "tty.txt");
    CHECK(tty.find("\r\033[K[##############################] 4/4 points") != std::string::npos);
    CHECK(tty.find("points/s") != std::string::npos);
    CHECK(tty.find("ETA") != std::string::npos);
    CHECK(tty.find("sweep: [1/4]") == std::string::npos);  // no per-point lines when all is ok
}
