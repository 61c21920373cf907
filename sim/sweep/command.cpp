// `sasim sweep`: validates the spec, runs the unfinished points of this shard as
// `sasim run ... --out DIR/points/<id> --quiet` child processes, records failures, and collates
// results.csv and layers.csv. Re-running the same command resumes: finished points are skipped.
#include "sim/sweep/command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <set>

#include "sim/base/errors.hpp"
#include "sim/sweep/dir.hpp"
#include "sim/sweep/files.hpp"
#include "sim/sweep/progress.hpp"
#include "sim/sweep/results.hpp"
#include "sim/base/process.hpp"
#include "sim/sweep/spec.hpp"

namespace sasim {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSweepUsage =
    "usage: sasim sweep SPEC.toml [--out DIR] [--jobs N] [--shard I/N] [--list] [--quiet]\n";

struct SweepArgs {
    std::string spec, out, shard = "0/1";
    int jobs = 0, shard_index = 0, shard_count = 1;
    bool list = false, quiet = false, help = false;
};

void parse_shard(SweepArgs& a) {
    const auto slash = a.shard.find('/');
    try {
        size_t used_i = 0, used_n = 0;
        a.shard_index = std::stoi(a.shard.substr(0, slash), &used_i);
        a.shard_count = std::stoi(a.shard.substr(slash + 1), &used_n);
        if (slash != std::string::npos && used_i == slash && used_n == a.shard.size() - slash - 1 &&
            a.shard_count >= 1 && a.shard_count <= kMaxSweepPoints && a.shard_index >= 0 &&
            a.shard_index < a.shard_count)
            return;
    } catch (const std::exception&) {
    }
    throw InputError(
        fmt::format("--shard {}: expected I/N with 0 <= I < N <= {}, e.g. --shard "
                    "0/4\n{}",
                    a.shard, kMaxSweepPoints, kSweepUsage));
}

SweepArgs parse_sweep_args(int argc, char** argv) {
    SweepArgs a;
    po::options_description d("sasim sweep");
    d.add_options()("spec", po::value(&a.spec), "sweep spec (TOML)")(
        "out", po::value(&a.out), "output folder (default sweep-<spec name>)")(
        "jobs", po::value(&a.jobs), "points run at once (default: CPUs)")(
        "shard", po::value(&a.shard), "run points with index mod N == I")(
        "list", po::bool_switch(&a.list), "print the points (points.csv) and stop")(
        "quiet", po::bool_switch(&a.quiet), "no progress output")(
        "help,h", po::bool_switch(&a.help), "print this help");
    po::positional_options_description pos;
    pos.add("spec", 1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(d).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw InputError(fmt::format("sasim sweep: {}\n{}", e.what(), kSweepUsage));
    }
    if (a.help) {
        std::cout << kSweepUsage << d;
        return a;
    }
    if (a.spec.empty()) throw InputError(fmt::format("sasim sweep: no spec file\n{}", kSweepUsage));
    if (a.jobs < 0 || a.jobs > 4096)
        throw InputError(fmt::format("--jobs {}: expected 1 to 4096\n{}", a.jobs, kSweepUsage));
    if (a.jobs == 0) a.jobs = available_cpus();
    if (a.out.empty()) a.out = "sweep-" + fs::path(a.spec).stem().string();
    parse_shard(a);
    return a;
}

std::string describe_point(const SweepSpec& s, const SweepPoint& p) {
    std::string text = fmt::format("point {} {}", p.index, s.workloads[p.workload].name);
    for (size_t k = 0; k < s.keys.size(); ++k) text += " " + s.keys[k] + "=" + p.values[k];
    return text;
}

// This shard's points without a result, one per id (equal configs share a folder); stale
// folders (failure records, mismatching results) are removed so the point runs again.
std::vector<const SweepPoint*> unfinished(const SweepSpec& spec, const SweepDir& dir,
                                          const SweepArgs& a, int& finished) {
    std::vector<const SweepPoint*> todo;
    std::set<std::string> seen;
    finished = 0;
    for (const SweepPoint& p : spec.points) {
        if (p.index % a.shard_count != a.shard_index || !seen.insert(p.id).second) continue;
        const std::string pdir = dir.point(p.id);
        if (point_state(pdir, p.id, spec.what_if) == PointState::ok) {
            ++finished;
            continue;
        }
        std::error_code ec;
        fs::remove_all(pdir, ec);
        todo.push_back(&p);
    }
    return todo;
}

Job point_job(const SweepSpec& spec, const SweepDir& dir, const SweepPoint& p,
              const std::string& exe) {
    Job j;
    j.argv = {
        exe, "run", "--config", spec.config_path, "--workload", spec.workloads[p.workload].path};
    for (const std::string& s : p.sets) j.argv.insert(j.argv.end(), {"--set", s});
    if (!spec.checks_path.empty()) j.argv.insert(j.argv.end(), {"--checks", spec.checks_path});
    // The sweep already runs points in parallel: a point's what-if runs go one at a time.
    if (spec.what_if) j.argv.insert(j.argv.end(), {"--what-if", "--jobs", "1"});
    j.argv.insert(j.argv.end(), {"--out", dir.point(p.id), "--quiet"});
    j.stderr_path = dir.work(p.id + ".stderr");
    return j;
}

void run_points(const SweepSpec& spec, const SweepDir& dir,
                const std::vector<const SweepPoint*>& todo, const SweepArgs& a) {
    const std::string exe = self_executable();
    std::vector<Job> jobs;
    for (const SweepPoint* p : todo) jobs.push_back(point_job(spec, dir, *p, exe));
    Progress progress(static_cast<int>(todo.size()), isatty(STDERR_FILENO) == 1, a.quiet);
    const auto on_end = [&](const JobEnd& e) {
        const SweepPoint& p = *todo[e.job];
        const std::string pdir = dir.point(p.id);
        const bool ok = point_state(pdir, p.id, spec.what_if) == PointState::ok;
        std::string outcome = describe_end(e);
        if (!ok) {
            std::string err = try_read_file(jobs[e.job].stderr_path).value_or("");
            if (e.exit_code == 0) err += "sasim sweep: the point exited 0 but wrote no results\n";
            std::error_code ec;
            fs::remove_all(pdir, ec);
            write_failure(pdir, outcome, err, p.config_text);
            const auto nl = err.find('\n');
            if (!err.empty()) outcome += ": " + err.substr(0, nl);
        }
        progress.point_done(describe_point(spec, p), ok, outcome, e.seconds);
    };
    run_jobs(jobs, a.jobs, on_end, [&] { progress.tick(); });
    progress.finish();
    if (!a.quiet && !todo.empty())
        fmt::print(stderr, "sweep: ran {} points in {:.2f} s ({:.1f} points/s)\n", todo.size(),
                   progress.elapsed(), static_cast<double>(todo.size()) / progress.elapsed());
}

}  // namespace

int sweep_command(int argc, char** argv) {
    const SweepArgs a = parse_sweep_args(argc, argv);
    if (a.help) return 0;
    const SweepSpec spec = load_sweep_spec(a.spec);
    const Manifest manifest = manifest_of(spec);
    if (a.list) {
        std::cout << manifest_csv(manifest);
        return 0;
    }
    SweepDir dir(a.out);
    write_file_atomically(a.out + "/points.csv", manifest_csv(manifest));
    write_file_atomically(a.out + "/sweep.toml", try_read_file(a.spec).value_or(""));
    int finished = 0;
    const std::vector<const SweepPoint*> todo = unfinished(spec, dir, a, finished);
    if (!a.quiet)
        fmt::print(
            stderr, "sweep: {} points{}, {} finished before, {} to run, {} at a time\n",
            spec.points.size(),
            a.shard_count > 1 ? fmt::format(" (shard {}/{})", a.shard_index, a.shard_count) : "",
            finished, todo.size(), a.jobs);
    run_points(spec, dir, todo, a);
    const CollateCounts n =
        write_results(a.out, manifest, [&](int i) { return i % a.shard_count == a.shard_index; });
    fmt::print("sweep: {} points: {} ok, {} failed; {}/results.csv, {}/layers.csv\n",
               n.ok + n.failed + n.missing, n.ok, n.failed, a.out, a.out);
    return n.failed + n.missing > 0 ? 1 : 0;
}

}  // namespace sasim
