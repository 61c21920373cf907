// The mapper's fidelity properties (issue 10), on whole `sasim run`s (subprocesses: SystemC
// elaborates once per process), layer by layer from layers.csv:
//   - doubling any scratchpad never increases a layer's DRAM bytes, nor its cycles by > 1 %;
//   - more bandwidth, less latency, a wider interconnect, more DMA outstanding: never > 1 %
//     more cycles;
//   - per-image cycles at batch N <= 1.01 x batch-1 cycles, per layer;
//   - whole-network DRAM bytes <= 1.5 x compulsory (unique ifmap + filter + ofmap bytes) for
//     AlexNet at batch 1, 8, 32 and VGG-16 at batch 1 on configs/default.toml.
// The matrix is sampled to keep the file under ~3 minutes on 2 cores:
//   - designs: 16x16, 32x32 and 128x128 arrays, each os/ws/is, on the `bandwidth` DRAM model
//     (16 GB/s, 100 cycles: the default config's values) — 9 designs; and the bank-level
//     lpddr4_2400 of configs/default.toml at 32x32 ws and 128x128 os (bank-level runs cost ~10x
//     the simulation time; two designs cover both stationary kinds);
//   - workloads: AlexNet's 8 conv and fc layers (alexnet_gemm.csv, the mapper's layers; the
//     whole network's vector layers fail the scratchpad property today, see the two AlexNet
//     cases) on every design; four VGG-16 layers (conv1_2, conv3_2, conv5_1, fc7: the largest
//     activations, a middle layer, the largest weights per pixel, a weight-bound fc) on the
//     32x32 designs; six seeded random conv layers on the 9 bandwidth designs;
//   - batch: the whole AlexNet (alexnet.csv, its vector layers too) at batch 8 on the 32x32
//     designs and lpddr4 ws, the random layers at batch 4 on the 16x16 designs;
//   - compulsory traffic: exactly the four runs.
// Bank-level designs vary only what they have (interconnect width, DMA outstanding, scratchpads).
// No case fails today (kKnownFailures lists any that would, each with its numbers and
// diagnosis: they report without failing); the whole file runs in ~50 s on 2 cores. Fixed since
// they were listed: the 128x128 ws/is conv4 filter_kb=512 cases (the estimate's tail drain and whole-operand front
// loading) and 32x32 os conv5_1 at 32 GB/s (per-step stream exposure), by the cost model; 32x32
// ws VGG conv3_2 with a 1 MiB ofmap scratchpad (the mapper charges DRAM bytes in its score);
// 32x32 is conv3/conv4 and os conv1 at batch 8 (the band loop over M).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "sim/base/csv.hpp"
#include "sim/run/results.hpp"
#include "sim/workload/workload.hpp"
#include "support/subprocess.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

struct LayerRow {
    std::string name;
    int64_t cycles = 0, dram_bytes = 0;
};

const std::string kDefault = source_path("configs/default.toml");

// `sasim run --quiet` of `workload` on configs/default.toml with `sets`; its layers.csv rows.
std::vector<LayerRow> run_layers(const TempDir& dir, const std::string& workload,
                                 const std::vector<std::string>& sets) {
    static int n = 0;
    const std::string out = "o" + std::to_string(n++);
    std::vector<std::string> args = {"run", "--config", kDefault, "--workload", workload,
                                     "--quiet", "--out", out};
    add_sets(args, sets);
    const Result r = run_sasim(dir.path(), args);
    std::string cmd;
    for (const std::string& a : args) cmd += " " + a;
    INFO("sasim" << cmd << "\n" << r.err);
    REQUIRE(r.status == 0);
    const std::vector<CsvRow> csv = parse_csv(read_bytes(dir / out / "layers.csv"));
    std::map<std::string, size_t> col;
    for (size_t i = 0; i < csv[0].size(); ++i) col[csv[0][i]] = i;
    std::vector<LayerRow> rows;
    for (size_t i = 1; i < csv.size(); ++i)
        rows.push_back({csv[i][col.at("layer")], std::stoll(csv[i][col.at("total_cycles")]),
                        std::stoll(csv[i][col.at("dram_read_bytes")]) +
                            std::stoll(csv[i][col.at("dram_write_bytes")])});
    fs::remove_all(dir / out);
    return rows;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
}

// Cases that fail today, each diagnosed (reported on issue 10); their checks report without
// failing (CHECK_NOFAIL) so every other case still guards. Key: "<what>: <layer>".
const std::map<std::string, const char*> kKnownFailures = {
    // None today. Fixed since listed: 32x32 is conv3/conv4 and 32x32 os conv1 at batch 8 (the
    // mapper had no M tile outside K / larger than a row fold: re-read 38 MB of filter, 3.47 MB
    // of input rows) by the band loop (sim/mapping/band.hpp): one image per band, as at batch 1.
};

bool known_failure(const std::string& key) { return kKnownFailures.count(key) > 0; }

// Every layer of `variant` takes at most `slack` x the cycles of `base`; with `bytes`, moves no
// more DRAM bytes either.
void check_no_worse(const std::vector<LayerRow>& base, const std::vector<LayerRow>& variant,
                    const std::string& what, bool bytes) {
    REQUIRE(base.size() == variant.size());
    for (size_t i = 0; i < base.size(); ++i) {
        INFO(what << ": layer " << base[i].name << ": cycles " << base[i].cycles << " -> "
                  << variant[i].cycles << ", DRAM bytes " << base[i].dram_bytes << " -> "
                  << variant[i].dram_bytes);
        const bool cycles_ok =
            static_cast<double>(variant[i].cycles) <= 1.01 * static_cast<double>(base[i].cycles);
        const bool bytes_ok = !bytes || variant[i].dram_bytes <= base[i].dram_bytes;
        if (known_failure(what + ": " + base[i].name)) {
            CHECK_NOFAIL((cycles_ok && bytes_ok));
            continue;
        }
        CHECK(cycles_ok);
        CHECK(bytes_ok);
    }
}

// A workload file: the layers of `src` (all, or those named in `only`) at batch `batch`.
std::string workload_at(const TempDir& dir, const std::string& src, int64_t batch,
                        const std::vector<std::string>& only = {}) {
    std::istringstream in(read_bytes(src));
    std::string line, text;
    bool header = false;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cells = csv_split(line);
        if (!header) {
            header = true;
            REQUIRE(cells[2] == "N");
        } else {
            if (!only.empty() && std::find(only.begin(), only.end(), cells[0]) == only.end())
                continue;
            cells[2] = std::to_string(std::stoll(cells[2]) * batch);
        }
        text += csv_join(cells) + "\n";
    }
    static int n = 0;
    return write_text(dir / ("w" + std::to_string(n++) + ".csv"), text).string();
}

// Six seeded random conv layers (valid shapes, some strided, padded or grouped).
std::string random_workload(const TempDir& dir, int64_t batch) {
    std::mt19937 rng(4242);
    auto pick = [&](int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    std::string text = "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n";
    for (int i = 0; i < 6; ++i) {
        const int64_t g = pick(0, 3) == 0 ? 2 : 1, R = pick(1, 5), H = pick(std::max<int64_t>(R, 7), 40);
        text += "r" + std::to_string(i) + ",conv," + std::to_string(batch) + "," +
                std::to_string(g * pick(2, 48)) + "," + std::to_string(g * pick(4, 96)) + "," +
                std::to_string(H) + "," + std::to_string(H) + "," + std::to_string(R) + "," +
                std::to_string(R) + "," + std::to_string(pick(1, 2)) + "," +
                std::to_string(pick(0, R / 2)) + "," + std::to_string(g) + "\n";
    }
    static int n = 0;
    return write_text(dir / ("rand" + std::to_string(n++) + ".csv"), text).string();
}

std::vector<std::string> design(int64_t size, const std::string& df, bool bank_level) {
    std::vector<std::string> s = {"array.rows=" + std::to_string(size),
                                  "array.cols=" + std::to_string(size), "array.dataflow=" + df};
    if (!bank_level) s.push_back("dram.model=bandwidth");
    return s;
}

std::vector<std::string> with(std::vector<std::string> s, const std::string& extra) {
    s.push_back(extra);
    return s;
}

// Both properties of one design: scratchpads doubled one at a time; the memory path improved one
// key at a time (defaults of configs/default.toml: 256/256/512 KiB, 16 GB/s, 100 cycles, a
// 32-byte link, 8 outstanding packets).
void check_design(const TempDir& dir, const std::string& workload,
                  const std::vector<std::string>& d, bool bank_level) {
    const std::vector<LayerRow> base = run_layers(dir, workload, d);
    for (const char* sram : {"sram.ifmap_kb=512", "sram.filter_kb=512", "sram.ofmap_kb=1024"})
        check_no_worse(base, run_layers(dir, workload, with(d, sram)),
                       join(d) + " vs " + sram, true);
    std::vector<std::string> better = {"interconnect.bytes_per_cycle=64", "dma.max_outstanding=16"};
    if (!bank_level) {
        better.push_back("dram.bandwidth_gbps=32");
        better.push_back("dram.latency_cycles=50");
    }
    for (const std::string& b : better)
        check_no_worse(base, run_layers(dir, workload, with(d, b)), join(d) + " vs " + b, false);
}

}  // namespace

// The mapper's layers only: with the whole AlexNet, doubling the ifmap scratchpad (256 -> 512 KiB)
// makes pool1 and pool2 29-35 % slower on every bandwidth design (pool1 28,347 -> 38,308 cycles,
// same DRAM bytes): a pool takes the largest bands that fit, so less of its first fill and last
// store overlaps its work (vector_plan.hpp; the LRNs' same effect is fixed: tiles of at most 1/8
// of the layer, tests/unit/vector_plan_test.cpp). Not fixed for pools.
TEST_CASE("fidelity: AlexNet, 16x16 and 128x128 arrays, bandwidth model", "[property][fidelity]") {
    TempDir dir;
    const std::string wl = source_path("workloads/alexnet_gemm.csv");
    for (int64_t size : {16, 128})
        for (const char* df : {"os", "ws", "is"}) check_design(dir, wl, design(size, df, false), false);
}

TEST_CASE("fidelity: AlexNet, 32x32 arrays, bandwidth and lpddr4_2400", "[property][fidelity]") {
    TempDir dir;
    const std::string wl = source_path("workloads/alexnet_gemm.csv");  // as above
    for (const char* df : {"os", "ws", "is"}) check_design(dir, wl, design(32, df, false), false);
    check_design(dir, wl, design(32, "ws", true), true);
    check_design(dir, wl, design(128, "os", true), true);
}

TEST_CASE("fidelity: VGG-16 layers, 32x32 arrays", "[property][fidelity]") {
    TempDir dir;
    const std::string wl = workload_at(dir, source_path("tests/data/vgg16.csv"), 1,
                                       {"conv1_2", "conv3_2", "conv5_1", "fc7"});
    for (const char* df : {"os", "ws", "is"}) check_design(dir, wl, design(32, df, false), false);
    check_design(dir, wl, design(32, "ws", true), true);
}

// network.keep_ofmap on: a doubled scratchpad or a better memory path may keep more outputs on
// chip, never fewer, and a kept output never costs its layer DRAM bytes (keep.hpp's rule).
TEST_CASE("fidelity: outputs kept on chip, AlexNet and VGG-16 layers, 32x32 ws and os",
          "[property][fidelity]") {
    TempDir dir;
    const std::string alex = source_path("workloads/alexnet_gemm.csv");
    const std::string vgg = workload_at(dir, source_path("tests/data/vgg16.csv"), 1,
                                        {"conv5_1", "conv5_2", "conv5_3", "fc7", "fc8"});
    for (const char* df : {"ws", "os"})
        for (const std::string& wl : {alex, vgg})
            check_design(dir, wl, with(design(32, df, false), "network.keep_ofmap=true"), false);
    check_design(dir, alex, with(design(32, "ws", true), "network.keep_ofmap=true"), true);
}

TEST_CASE("fidelity: random layers, 16/32/128 arrays, bandwidth model", "[property][fidelity]") {
    TempDir dir;
    const std::string wl = random_workload(dir, 1);
    for (int64_t size : {16, 32, 128})
        for (const char* df : {"os", "ws", "is"}) check_design(dir, wl, design(size, df, false), false);
}

namespace {

void check_batch(const TempDir& dir, const std::string& one, const std::string& many, int64_t n,
                 const std::vector<std::string>& d) {
    const std::vector<LayerRow> b1 = run_layers(dir, one, d), bn = run_layers(dir, many, d);
    REQUIRE(b1.size() == bn.size());
    for (size_t i = 0; i < b1.size(); ++i) {
        INFO(join(d) << ": layer " << b1[i].name << ": batch 1 " << b1[i].cycles << " cycles, batch "
                     << n << " " << bn[i].cycles << " (" << bn[i].cycles / n << " per image)");
        const bool ok = static_cast<double>(bn[i].cycles) <=
                        1.01 * static_cast<double>(n) * static_cast<double>(b1[i].cycles);
        if (known_failure(join(d) + " batch " + std::to_string(n) + ": " + b1[i].name))
            CHECK_NOFAIL(ok);
        else
            CHECK(ok);
    }
}

}  // namespace

TEST_CASE("fidelity: per-image cycles at batch N are at most 1.01 x batch 1", "[property][fidelity]") {
    TempDir dir;
    const std::string a1 = source_path("workloads/alexnet.csv");
    const std::string a8 = workload_at(dir, a1, 8);
    for (const char* df : {"os", "ws", "is"}) check_batch(dir, a1, a8, 8, design(32, df, false));
    check_batch(dir, a1, a8, 8, design(32, "ws", true));
    const std::string r1 = random_workload(dir, 1), r4 = random_workload(dir, 4);
    for (const char* df : {"os", "ws", "is"}) check_batch(dir, r1, r4, 4, design(16, df, false));
}

namespace {

// Whole-network DRAM bytes of `workload` on configs/default.toml, and its compulsory bytes.
void check_compulsory(const TempDir& dir, const std::string& workload) {
    const std::vector<LayerRow> rows = run_layers(dir, workload, {});
    int64_t moved = 0, compulsory = 0;
    for (const LayerRow& r : rows) moved += r.dram_bytes;
    for (const Layer& l : read_workload(workload).layers) {
        LayerResult u;
        set_unique_footprint(u, l, 1);  // configs/default.toml: 1-byte words
        compulsory += u.ifmap_unique_bytes + u.filter_unique_bytes + u.ofmap_unique_bytes;
    }
    INFO(workload << ": DRAM bytes " << moved << ", compulsory " << compulsory << " (x"
                  << static_cast<double>(moved) / static_cast<double>(compulsory) << ")");
    CHECK(static_cast<double>(moved) <= 1.5 * static_cast<double>(compulsory));
}

}  // namespace

TEST_CASE("fidelity: AlexNet batch 1 and 8 move at most 1.5 x the compulsory bytes",
          "[property][fidelity]") {
    TempDir dir;
    const std::string a1 = source_path("workloads/alexnet.csv");
    check_compulsory(dir, a1);
    check_compulsory(dir, workload_at(dir, a1, 8));
}

TEST_CASE("fidelity: AlexNet batch 32 moves at most 1.5 x the compulsory bytes",
          "[property][fidelity]") {
    TempDir dir;
    check_compulsory(dir, workload_at(dir, source_path("workloads/alexnet.csv"), 32));
}

TEST_CASE("fidelity: VGG-16 batch 1 moves at most 1.5 x the compulsory bytes",
          "[property][fidelity]") {
    TempDir dir;
    check_compulsory(dir, workload_at(dir, source_path("tests/data/vgg16.csv"), 1));
}
