// The timeline trace of a tiny run: valid JSON (parsed with Boost.PropertyTree), the expected
// tracks and spans, and span lengths that agree with the reported cycles. The run is case (a)
// of system_bandwidth_test.cpp, whose timing is derived there by hand. And on real runs (the
// default AlexNet run, a memory-bound one): every track's spans nest (Perfetto drops spans that
// partly overlap), and every async transfer has its begin and end.
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/run/system.hpp"
#include "sim/mapping/program.hpp"
#include "sim/workload/workload.hpp"

namespace sasim {

namespace pt = boost::property_tree;

TEST_CASE("trace: a one-fold fc run gives the expected tracks and span lengths", "[trace]") {
    Layer l;
    l.name = "fc";
    l.type = LayerType::fc;
    l.C = 4;
    l.K = 4;
    Config c = default_config();  // 1 GHz: 1 cycle = 1 ns = 0.001 us
    c.array.rows = c.array.cols = 4;
    c.array.dataflow = Dataflow::ws;
    c.mapping.strategy = MapStrategy::scalesim;
    SimOptions opt;
    opt.trace = true;
    const RunResult r = simulate(c, TiledProgram({l}, c), opt);
    REQUIRE(r.layers.at(0).total_cycles == 232);

    pt::ptree root;
    std::istringstream in(r.trace_json);
    pt::read_json(in, root);  // throws on malformed JSON
    std::map<std::string, std::string> track_names;
    std::multimap<int, std::pair<std::string, double>> spans;  // tid -> (name, dur us)
    std::map<std::string, double> begins;                      // async: name -> begin us
    for (const auto& [key, ev] : root.get_child("traceEvents")) {
        (void)key;
        const std::string ph = ev.get<std::string>("ph");
        if (ph == "M" && ev.get<std::string>("name") == "thread_name")
            track_names[ev.get<std::string>("tid")] = ev.get<std::string>("args.name");
        if (ph == "X")
            spans.emplace(ev.get<int>("tid"),
                          std::make_pair(ev.get<std::string>("name"), ev.get<double>("dur")));
        if (ph == "b") begins[ev.get<std::string>("name")] = ev.get<double>("ts");
        if (ph == "e")
            spans.emplace(ev.get<int>("tid"),
                          std::make_pair(ev.get<std::string>("name"),
                                         ev.get<double>("ts") - begins[ev.get<std::string>("name")]));
    }
    CHECK(track_names["0"] == "layers");
    CHECK(track_names["1"] == "array");
    CHECK(track_names["3"] == "DMA filter fill");
    CHECK(track_names["5"] == "DMA ofmap drain");
    CHECK(track_names["6"] == "interconnect");
    CHECK(track_names["7"] == "DRAM");
    auto one = [&](int tid, const std::string& name) {
        auto [a, b] = spans.equal_range(tid);
        for (auto it = a; it != b; ++it)
            if (it->second.first == name) return it->second.second;
        FAIL("no span '" << name << "' on track " << tid);
        return -1.0;
    };
    // The layer lasted total_cycles + 1 = 233 cycles = 0.233 us.
    CHECK(one(0, "fc") == Approx(0.233));
    // The stalls before the fold: filter 109, ifmap 4; the fold: load 4 + stream 1 + skew 6.
    CHECK(one(1, "stall: filter") == Approx(0.109));
    CHECK(one(1, "stall: ifmap") == Approx(0.004));
    CHECK(one(1, "fold 0") == Approx(0.011));
    // The final store's stall: 233 - 124 = 109 cycles.
    CHECK(one(1, "stall: final stores") == Approx(0.109));
    // DMA requests (async) from queueing to completion: filter 16 B done at 109, ifmap 4 B at
    // 113, the store of 4 B queued at 124, done at 233.
    CHECK(one(3, "fill 0: 16 B") == Approx(0.109));
    CHECK(one(2, "fill 1: 4 B") == Approx(0.113));
    CHECK(one(5, "store 0: 4 B") == Approx(0.109));
    // DRAM data bus: one 64 B burst at 16 GB/s = 4 ns per access (3 accesses).
    CHECK(spans.count(7) == 3);
    CHECK(one(7, "read 16 B") == Approx(0.004));
}

namespace {

// Every track's complete ('X') spans are disjoint or nested; async begins and ends pair up.
void check_nesting(const Config& c) {
    const Workload wl = read_workload(std::string(SASIM_SOURCE_DIR) + "/workloads/alexnet.csv");
    SimOptions opt;
    opt.trace = true;
    const RunResult r = simulate(c, TiledProgram(wl.layers, c), opt);
    pt::ptree root;
    std::istringstream in(r.trace_json);
    pt::read_json(in, root);
    std::map<int, std::vector<std::pair<double, double>>> tracks;  // tid -> (begin, end) us
    std::map<std::string, int> open;                               // async cat/id -> balance
    int64_t spans = 0;
    for (const auto& [key, ev] : root.get_child("traceEvents")) {
        (void)key;
        const std::string ph = ev.get<std::string>("ph");
        if (ph == "X") {
            const double b = ev.get<double>("ts");
            tracks[ev.get<int>("tid")].push_back({b, b + ev.get<double>("dur")});
            ++spans;
        }
        const std::string id = ev.get<std::string>("cat", "") + "/" + ev.get<std::string>("id", "");
        if (ph == "b") ++open[id];
        if (ph == "e") --open[id];
    }
    CHECK(spans > 100);
    for (const auto& [id, balance] : open) CHECK(balance == 0);
    for (auto& [tid, v] : tracks) {
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
            return a.first < b.first || (a.first == b.first && a.second > b.second);
        });
        std::vector<double> ends;  // enclosing spans' ends
        int64_t bad = 0;
        for (const auto& [b, e] : v) {
            while (!ends.empty() && ends.back() <= b + 1e-9) ends.pop_back();
            if (!ends.empty() && e > ends.back() + 1e-9) ++bad;  // starts inside, ends outside
            ends.push_back(e);
        }
        INFO("track " << tid << ": " << v.size() << " spans");
        CHECK(bad == 0);
    }
}

}  // namespace

TEST_CASE("trace: every track of the default AlexNet run nests", "[trace]") {
    check_nesting(default_config());
}

TEST_CASE("trace: every track of a memory-bound AlexNet run nests", "[trace]") {
    check_nesting(apply_overrides(default_config(),
                                  {"dram.model=bandwidth", "dram.bandwidth_gbps=1", "array.rows=64",
                                   "array.cols=64"}));
}

TEST_CASE("trace: a track with more spans than the limit is merged into buckets", "[trace]") {
    Layer l;
    l.name = "fc";
    l.type = LayerType::fc;
    l.C = 64;
    l.K = 64;
    Config c = default_config();
    c.array.rows = c.array.cols = 4;  // 16 x 16 = 256 folds
    SimOptions opt;
    opt.trace = true;
    opt.trace_max_spans = 10;
    const RunResult r = simulate(c, TiledProgram({l}, c), opt);
    pt::ptree root;
    std::istringstream in(r.trace_json);
    pt::read_json(in, root);
    int array_spans = 0, merged = 0;
    for (const auto& [key, ev] : root.get_child("traceEvents")) {
        (void)key;
        if (ev.get<std::string>("ph") != "X" || ev.get<int>("tid") != 1) continue;
        ++array_spans;
        if (ev.get<std::string>("name").find(" x ") != std::string::npos) ++merged;
    }
    CHECK(array_spans <= 10);
    CHECK(merged > 0);
}

}  // namespace sasim
