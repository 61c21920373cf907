// `sasim merge --out DIR SHARD_DIR...`: combines the folders of `sasim sweep --shard` runs of one
// spec into one folder whose points.csv, results.csv and layers.csv equal a single-process
// sweep's. Shards must hold the same points.csv; each point is taken from a shard that has it.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "sim/base/errors.hpp"
#include "sim/sweep/command.hpp"
#include "sim/sweep/dir.hpp"
#include "sim/sweep/files.hpp"
#include "sim/sweep/results.hpp"

namespace sasim {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

constexpr const char* kMergeUsage = "usage: sasim merge --out DIR SHARD_DIR...\n";

struct MergeArgs {
    std::string out;
    std::vector<std::string> shards;
    bool help = false;
};

MergeArgs parse_merge_args(int argc, char** argv) {
    MergeArgs a;
    po::options_description d("sasim merge");
    d.add_options()("out", po::value(&a.out), "merged output folder")(
        "shard", po::value(&a.shards)->composing(), "a shard's sweep folder")(
        "help,h", po::bool_switch(&a.help), "print this help");
    po::positional_options_description pos;
    pos.add("shard", -1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(d).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw InputError(fmt::format("sasim merge: {}\n{}", e.what(), kMergeUsage));
    }
    if (a.help) {
        std::cout << kMergeUsage << d;
        return a;
    }
    if (a.out.empty()) throw InputError(fmt::format("sasim merge: no --out\n{}", kMergeUsage));
    if (a.shards.empty())
        throw InputError(fmt::format("sasim merge: no shard folders\n{}", kMergeUsage));
    std::map<std::string, std::string> seen;  // the same folder, however it was written
    for (const std::string& s : a.shards) {
        std::error_code ec;
        const std::string key = std::filesystem::weakly_canonical(s, ec).string();
        auto [it, fresh] = seen.emplace(ec ? s : key, s);
        if (!fresh)
            throw InputError(fmt::format(
                "sasim merge: shard folder '{}' is given twice (as '{}' and '{}'); give each "
                "shard once",
                s, it->second, s));
    }
    return a;
}

// The points.csv all shards share; refuses shards of different sweeps.
std::string common_manifest(const std::vector<std::string>& shards) {
    std::string first;
    for (const std::string& s : shards) {
        const std::string path = s + "/points.csv";
        const auto text = try_read_file(path);
        if (!text) throw InputError(fmt::format("{}: no points.csv: not a sasim sweep folder", s));
        if (&s == &shards.front())
            first = *text;
        else if (*text != first)
            throw InputError(fmt::format("{}: not the same sweep as {} (points.csv differs)", path,
                                         shards.front() + "/points.csv"));
    }
    return first;
}

bool same_folder(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

// Brings one point into the merged folder: a result from any shard beats a failure record.
void take_point(const SweepDir& dir, const std::vector<std::string>& shards,
                const std::string& id) {
    const std::string target = dir.point(id);
    if (point_state(target, id) == PointState::ok) return;
    std::string best;
    for (const std::string& s : shards) {
        const std::string from = s + "/points/" + id;
        const PointState st = point_state(from, id);
        if (st == PointState::ok) {
            best = from;
            break;
        }
        if (st == PointState::failed && best.empty()) best = from;
    }
    if (!best.empty() && !same_folder(best, target)) copy_point(best, target);
}

}  // namespace

int merge_command(int argc, char** argv) {
    const MergeArgs a = parse_merge_args(argc, argv);
    if (a.help) return 0;
    const std::string text = common_manifest(a.shards);
    const Manifest m = parse_manifest(text, a.shards.front() + "/points.csv");
    SweepDir dir(a.out);
    std::set<std::string> done;
    for (const auto& row : m.rows)
        if (done.insert(row.id).second) take_point(dir, a.shards, row.id);
    write_file_atomically(a.out + "/points.csv", text);
    if (auto spec = try_read_file(a.shards.front() + "/sweep.toml"))
        write_file_atomically(a.out + "/sweep.toml", *spec);
    const CollateCounts n = write_results(a.out, m, [](int) { return true; });
    if (n.missing > 0)
        fmt::print(stderr,
                   "merge: {} of {} points have no result in any shard (did every shard "
                   "finish?)\n",
                   n.missing, m.rows.size());
    fmt::print("merge: {} points from {} shards: {} ok, {} failed, {} missing; {}/results.csv\n",
               m.rows.size(), a.shards.size(), n.ok, n.failed, n.missing, a.out);
    return n.failed + n.missing > 0 ? 1 : 0;
}

}  // namespace sasim
