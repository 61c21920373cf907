// --out is replaced as a whole set: `sasim run` is killed with SIGKILL at random moments (while
// simulating, while writing) and the folder must then hold one earlier or the new complete set,
// byte-identical to a complete run's, never a mix; leftovers of killed runs go with the next run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/sasim_bin.hpp"
#include "sim/report/report.hpp"
#include "support/files.hpp"

using namespace sasim;
using test::entries;
using test::read_bytes;
using test::TempDir;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

using FileSet = std::map<std::string, std::string>;  // name -> bytes

// Every entry of a results folder; a subfolder shows up as "<name>/" so it never matches a set.
FileSet read_set(const fs::path& dir) {
    FileSet s;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        s[e.is_regular_file() ? name : name + "/"] = read_bytes(e.path());
    }
    return s;
}

// Starts `sasim run <args> --quiet --out o` in `cwd`, output discarded; returns its pid.
pid_t start_sasim(const fs::path& cwd, const std::vector<std::string>& args) {
    std::vector<std::string> all = {sasim_bin(), "run"};
    all.insert(all.end(), args.begin(), args.end());
    for (const char* a : {"--quiet", "--out", "o"}) all.emplace_back(a);
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        if (chdir(cwd.c_str()) != 0) _exit(126);
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(126);
        setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
        execv(argv[0], argv.data());
        _exit(127);
    }
    if (pid < 0) throw std::runtime_error("fork failed");
    return pid;
}

int wait_status(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    }
    return status;
}

// Runs to the end; returns the exit status (-1 if killed by a signal).
int run_sasim(const fs::path& cwd, const std::vector<std::string>& args) {
    const int status = wait_status(start_sasim(cwd, args));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The two runs alternated below (AlexNet, ~0.1 s on the single-channel DRAM model; several times
// that in a sanitizer build): different results, so a mixed folder cannot pass.
const std::vector<std::string> kRunA = {"--set", "dram.model=bandwidth"};
const std::vector<std::string> kRunB = {"--set", "dram.model=bandwidth", "--set",
                                        "array.dataflow=os"};

// A set is consistent: summary.json names the hash of the config.toml beside it.
bool consistent(const FileSet& s) {
    auto summary = s.find("summary.json"), config = s.find("config.toml");
    if (summary == s.end() || config == s.end()) return false;
    return summary->second.find("\"config_hash\": \"" + fnv1a_hex(config->second) + "\"") !=
           std::string::npos;
}

}  // namespace

TEST_CASE("atomic output: SIGKILL at random moments leaves a complete set or none", "[cli]") {
    TempDir refs, dir;
    // Reference sets from complete runs (equal inputs give byte-identical files).
    fs::create_directories(refs / "a");
    fs::create_directories(refs / "b");
    REQUIRE(run_sasim(refs / "a", kRunA) == 0);
    REQUIRE(run_sasim(refs / "b", kRunB) == 0);
    const FileSet ref_a = read_set(refs / "a" / "o"), ref_b = read_set(refs / "b" / "o");
    REQUIRE(ref_a.size() >= 4);
    REQUIRE(ref_a != ref_b);
    REQUIRE(consistent(ref_a));
    REQUIRE(consistent(ref_b));

    // The first complete run, timed: kills land anywhere from start-up to just after the end.
    const auto t0 = Clock::now();
    REQUIRE(run_sasim(dir.path(), kRunA) == 0);
    const double full_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const int kills = std::clamp(static_cast<int>(8.0 / full_s), 8, 30);
    std::mt19937 rng(20261127);
    std::uniform_real_distribution<double> anywhere(0.0, 1.2 * full_s);
    std::uniform_real_distribution<double> near_end(0.85 * full_s, 1.05 * full_s);

    const FileSet* previous = &ref_a;
    int killed = 0, left_stray = 0, absent = 0;
    for (int i = 0; i < kills; ++i) {
        const bool b = i % 2 == 0;
        const FileSet* next = b ? &ref_b : &ref_a;
        const double delay = i % 3 == 2 ? near_end(rng) : anywhere(rng);
        const pid_t pid = start_sasim(dir.path(), b ? kRunB : kRunA);
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
        kill(pid, SIGKILL);
        const int status = wait_status(pid);
        const bool finished = WIFEXITED(status);
        INFO("kill " << i << " after " << delay << " s of a " << full_s << " s run");
        if (finished) CHECK(WEXITSTATUS(status) == 0);
        killed += !finished;
        left_stray += entries(dir.path()).size() > 1;
        if (!fs::exists(dir / "o")) {
            // Only where the file system cannot exchange two folders in one step.
            CHECK_FALSE(finished);
            ++absent;
            previous = nullptr;
            continue;
        }
        const FileSet now = read_set(dir / "o");
        CHECK(consistent(now));
        if (finished) {
            CHECK(now == *next);
        } else {
            CHECK((now == *next || (previous && now == *previous)));
        }
        previous = now == *next ? next : previous;
    }
    // The next complete run replaces the set and removes what killed runs left beside it.
    REQUIRE(run_sasim(dir.path(), kRunA) == 0);
    CHECK(read_set(dir / "o") == ref_a);
    CHECK(entries(dir.path()) == std::set<std::string>{"o"});
    INFO(killed << " of " << kills << " runs killed, " << left_stray << " left a temp folder, "
                << absent << " left no --out");
    CHECK(killed > 0);
}

TEST_CASE("atomic output: a run removes temp folders of dead runs, not of running ones", "[cli]") {
    TempDir dir;
    const pid_t dead = fork();  // a pid that certainly belonged to a process that has ended
    if (dead == 0) _exit(0);
    wait_status(dead);
    const std::string d = std::to_string(dead), live = std::to_string(getpid());
    const std::vector<std::string> stray = {".o.tmp-" + d, ".o.old-" + d};
    const std::vector<std::string> kept = {".o.tmp-" + live,  // a concurrent run's
                                           ".o.tmp-12ab", ".other.tmp-" + d, "o.tmp-" + d};
    for (const auto& name : stray) fs::create_directories(dir / name / "half");
    for (const auto& name : kept) fs::create_directories(dir / name);
    REQUIRE(run_sasim(dir.path(), kRunA) == 0);
    std::set<std::string> want(kept.begin(), kept.end());
    want.insert("o");
    CHECK(entries(dir.path()) == want);
}
