// Seeded random layers (conv with random pad, stride and groups; fc) on random small configs,
// many layers in one workload per TEST_CASE (one simulate() per process), under the mapper's
// choice: invariants every layer must keep with a bandwidth DRAM (cycle bounds, the mapping's
// compute cycles plus the stalls, DRAM bytes at least the footprint and exactly what the program
// asks for and the cost model counted, utilizations, the two partitions of the stalls), and no
// stall on ideal memory.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "models/systolic/systolic_timing.hpp"
#include "sim/run/system.hpp"
#include "sim/mapping/program.hpp"
#include "sim/workload/workload.hpp"

namespace sasim {
namespace {

using Rng = std::mt19937_64;

constexpr int kLayersPerRun = 96;

int64_t uniform(Rng& rng, int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

template <typename T, size_t N>
T pick(Rng& rng, const T (&options)[N]) {
    return options[static_cast<size_t>(uniform(rng, 0, static_cast<int64_t>(N) - 1))];
}

Layer random_layer(Rng& rng, int index) {
    Layer l;
    l.name = "L" + std::to_string(index);
    if (uniform(rng, 0, 3) == 0) {  // fc: a 1x1 conv on a 1x1 input
        l.type = LayerType::fc;
        l.N = uniform(rng, 1, 4);
        l.C = uniform(rng, 1, 600);
        l.K = uniform(rng, 1, 60);
        return l;
    }
    l.type = LayerType::conv;
    // One conv in four is larger (up to 32x32x16 per group), so that small scratchpads stream
    // operands and spill partial sums.
    const bool big = uniform(rng, 0, 3) == 0;
    l.N = uniform(rng, 1, 2);
    l.groups = pick(rng, {1, 1, 1, 2, 3, 4});
    l.C = l.groups * uniform(rng, 1, big ? 16 : 8);
    l.K = l.groups * uniform(rng, 1, big ? 16 : 8);
    l.R = uniform(rng, 1, 4);
    l.S = uniform(rng, 1, 4);
    l.stride_h = uniform(rng, 1, 3);
    l.stride_w = uniform(rng, 1, 3);
    l.pad_h = uniform(rng, 0, l.R - 1);
    l.pad_w = uniform(rng, 0, l.S - 1);
    l.H = uniform(rng, std::max<int64_t>(1, l.R - 2 * l.pad_h), big ? 32 : 16);
    l.W = uniform(rng, std::max<int64_t>(1, l.S - 2 * l.pad_w), big ? 32 : 16);
    return l;
}

std::vector<Layer> random_layers(Rng& rng) {
    std::vector<Layer> ls;
    for (int i = 0; i < kLayersPerRun; ++i) {
        ls.push_back(random_layer(rng, i));
        validate(ls.back());  // throws InputError on a shape the generator should not make
    }
    return ls;
}

// Random array, dataflow, word sizes, clock and scratchpads. Every scratchpad is at least
// 2 KiB, which holds two of the largest buffers the tiler asks for here (16 x 16 x 4 B), so
// every layer fits; small ones force chunks, streamed operands and partial-sum spills.
Config random_config(Rng& rng, bool ideal) {
    Config c = default_config();
    c.array.rows = uniform(rng, 1, 16);
    c.array.cols = uniform(rng, 1, 16);
    c.array.dataflow = pick(rng, {Dataflow::os, Dataflow::ws, Dataflow::is});
    c.array.preload = uniform(rng, 0, 1) == 1;
    c.array.word_bytes = pick(rng, {1, 1, 2, 4});
    c.array.psum_bytes = pick(rng, {2, 4, 4});
    c.clock_mhz = pick(rng, {1000.0, 700.0, 333.3, 1500.0, 250.0});
    c.sram.ifmap_kb = pick(rng, {2, 2, 3, 4, 8, 256});
    c.sram.filter_kb = pick(rng, {2, 2, 3, 4, 8, 256});
    c.sram.ofmap_kb = pick(rng, {2, 2, 3, 4, 8, 256});
    c.dram.burst_bytes = pick(rng, {32, 64, 128});
    c.dma.packet_bytes = c.dram.burst_bytes * uniform(rng, c.dram.burst_bytes < 64 ? 2 : 1, 16);
    c.dma.max_outstanding = uniform(rng, 1, 16);
    if (ideal) {
        c.dram.model = DramModel::ideal;
        c.interconnect.bytes_per_cycle = 0;
        c.interconnect.latency_cycles = 0;
        c.sram.bank_width_bytes = 0;
    } else {
        c.dram.model = DramModel::bandwidth;
        c.dram.bandwidth_gbps = std::uniform_real_distribution<double>(0.5, 64.0)(rng);
        c.dram.latency_cycles = uniform(rng, 0, 200);
        c.interconnect.bytes_per_cycle = pick(rng, {0, 4, 16, 32, 64});
        c.interconnect.latency_cycles = uniform(rng, 0, 8);
        c.sram.banks = pick(rng, {1, 4, 16});
        c.sram.bank_width_bytes = pick(rng, {0, 4, 16, 64});
        c.sram.ports_per_bank = uniform(rng, 1, 2);
    }
    validate_config(c);
    return c;
}

std::string describe(const Config& c) {
    return std::to_string(c.array.rows) + "x" + std::to_string(c.array.cols) + " " +
           to_string(c.array.dataflow) + (c.array.preload ? " preload" : "") +
           " wb=" + std::to_string(c.array.word_bytes) +
           " psum=" + std::to_string(c.array.psum_bytes) + " clock=" + std::to_string(c.clock_mhz) +
           " sram=" + std::to_string(c.sram.ifmap_kb) + "/" + std::to_string(c.sram.filter_kb) +
           "/" + std::to_string(c.sram.ofmap_kb) +
           " dram=" + (c.dram.model == DramModel::ideal ? "ideal" : "bandwidth") + " " +
           std::to_string(c.dram.bandwidth_gbps) +
           "GB/s lat=" + std::to_string(c.dram.latency_cycles) +
           " burst=" + std::to_string(c.dram.burst_bytes) +
           " link=" + std::to_string(c.interconnect.bytes_per_cycle) +
           "B/c lat=" + std::to_string(c.interconnect.latency_cycles) +
           " packet=" + std::to_string(c.dma.packet_bytes) +
           " outstanding=" + std::to_string(c.dma.max_outstanding);
}

std::string describe(const Layer& l) {
    return l.name + " " + to_string(l.type) + " N=" + std::to_string(l.N) +
           " C=" + std::to_string(l.C) + " K=" + std::to_string(l.K) +
           " HxW=" + std::to_string(l.H) + "x" + std::to_string(l.W) +
           " RxS=" + std::to_string(l.R) + "x" + std::to_string(l.S) +
           " stride=" + std::to_string(l.stride_h) + "," + std::to_string(l.stride_w) +
           " pad=" + std::to_string(l.pad_h) + "," + std::to_string(l.pad_w) +
           " groups=" + std::to_string(l.groups);
}

// Raw input elements some output reads (padding excluded), by brute force over a bitmap.
int64_t touched_ifmap(const Layer& l) {
    std::vector<char> seen(static_cast<size_t>(l.ifmap_elems()), 0);
    int64_t count = 0;
    for (int64_t n = 0; n < l.N; ++n)
        for (int64_t p = 0; p < l.P(); ++p)
            for (int64_t q = 0; q < l.Q(); ++q)
                for (int64_t r = 0; r < l.R; ++r)
                    for (int64_t s = 0; s < l.S; ++s) {
                        const int64_t h = p * l.stride_h - l.pad_h + r;
                        const int64_t w = q * l.stride_w - l.pad_w + s;
                        if (h < 0 || h >= l.H || w < 0 || w >= l.W) continue;
                        for (int64_t c = 0; c < l.C; ++c) {
                            char& b =
                                seen[static_cast<size_t>(((n * l.C + c) * l.H + h) * l.W + w)];
                            count += b == 0;
                            b = 1;
                        }
                    }
    return count;
}

// The layer's busy cycles by the fold model: per group, with the -1 of SCALE-Sim taken once
// per layer by the caller; with preload only the layer's first fold loads all R rows.
int64_t closed_form_busy(const Config& cfg, const Layer& l) {
    const ArrayShape a{cfg.array.rows, cfg.array.cols};
    const Dataflow df = cfg.array.dataflow;
    const LayerFoldSummary s = layer_fold_summary(df, l.gemm(), a, cfg.array.preload);
    const FoldCycles first = fold_cycles(df, a, s.geom.T, true, cfg.array.preload);
    const FoldCycles rest = fold_cycles(df, a, s.geom.T, false, cfg.array.preload);
    return l.groups * s.busy_cycles - (l.groups - 1) * (first.load - rest.load);
}

// The stalls counted by what was awaited and by cause are separate counters: both partition the
// same stall cycles.
void check_stack(const LayerResult& x, int64_t pes) {
    CHECK(x.stall_cycles == x.stall_ifmap_cycles + x.stall_filter_cycles + x.stall_ofmap_cycles);
    // The causes partition the same stalls.
    CHECK(x.stall_cycles == x.stall_dram_bandwidth_cycles + x.stall_dram_latency_cycles +
                                x.stall_interconnect_cycles + x.stall_bank_conflict_cycles);
    CHECK(x.stall_dram_bandwidth_cycles >= 0);
    CHECK(x.stall_dram_latency_cycles >= 0);
    CHECK(x.stall_interconnect_cycles >= 0);
    CHECK(x.stall_bank_conflict_cycles >= 0);
    CHECK(x.stall_ifmap_cycles >= 0);
    CHECK(x.stall_filter_cycles >= 0);
    CHECK(x.stall_ofmap_cycles >= 0);
    CHECK(x.mapping_loss_cycles >= 0);
    CHECK(x.load_cycles >= 0);
    CHECK(x.ideal_cycles > 0);
    // fill_drain is the skew minus SCALE-Sim's 1: only a 1x1 array (no skew) goes negative.
    CHECK(x.fill_drain_cycles >= (pes == 1 ? -1 : 0));
}

// DRAM bytes the program asks for: the sum of its fills and stores.
struct ProgramBytes {
    int64_t read = 0, write = 0, psum = 0;
};

ProgramBytes program_bytes(const TiledProgram& p, int64_t layer) {
    ProgramBytes b;
    auto w = p.walk(layer);
    ProgramEvent e;
    while (w->next(e)) {
        if (e.kind == ProgramEvent::kFill) {
            b.read += e.fill.bytes;
            if (e.fill.op == Operand::ofmap) b.psum += e.fill.bytes;
        } else if (e.kind == ProgramEvent::kStep && e.step.store.id >= 0) {
            b.write += e.step.store.bytes;
        }
    }
    return b;
}

void check_pct(double v) {
    CHECK(v > 0.0);
    CHECK(v <= 100.0 + 1e-9);
}

void run_bandwidth(uint64_t seed) {
    Rng rng(seed);
    Config cfg = random_config(rng, false);
    cfg.network.keep_ofmap = seed % 2 == 1;  // odd seeds: outputs that fit stay on chip
    const std::vector<Layer> ls = random_layers(rng);
    const TiledProgram program(ls, cfg);
    const RunResult r = simulate(cfg, program);
    REQUIRE(r.layers.size() == ls.size());
    const int64_t pes = cfg.array.rows * cfg.array.cols, wb = cfg.array.word_bytes;
    int64_t kept = 0;
    for (size_t i = 0; i < ls.size(); ++i) {
        const Layer& l = ls[i];
        const LayerResult& x = r.layers[i];
        const LayerPlan& plan = program.plan(static_cast<int64_t>(i));
        INFO("seed " << seed << ": " << describe(cfg));
        INFO(describe(l) << ": " << x.mapping);
        CHECK(x.total_cycles + 1 >= (l.macs() + pes - 1) / pes);
        // Memory only ever adds stall cycles to the mapping's compute cycles, which are at least
        // the fold model's (a t tile adds a load and a drain).
        CHECK(x.total_cycles - x.stall_cycles == plan.cost.compute_cycles - 1);
        CHECK(plan.cost.compute_cycles >= closed_form_busy(cfg, l));
        // Bytes a layer reads from DRAM or, kept by the layer before, copies on chip; writes to
        // DRAM or keeps (network.keep_ofmap: all of its outputs or none).
        const int64_t read = x.dram_read_bytes + x.onchip_ifmap_bytes;
        const int64_t written = x.dram_write_bytes + x.kept_ofmap_bytes;
        const int64_t footprint = (touched_ifmap(l) + l.filter_elems()) * wb;
        CHECK(read >= footprint);
        CHECK(written >= l.ofmap_elems() * wb);
        const LayerInfo& info = plan.info;
        CHECK(x.kept_ofmap_bytes == info.kept_out);
        CHECK((x.onchip_ifmap_bytes > 0) == (info.kept_in > 0));
        if (info.kept_out > 0) CHECK(x.kept_ofmap_bytes == l.ofmap_elems() * wb);
        // The system moves exactly what the program asks for, which the cost model counted.
        const ProgramBytes pb = program_bytes(program, static_cast<int64_t>(i));
        CHECK(read == pb.read);
        CHECK(written == pb.write);
        const MapCost& c = plan.cost;
        if (c.exact) {
            CHECK(pb.read == c.read_bytes[0] + c.read_bytes[1] + c.read_bytes[2]);
            CHECK(pb.write == c.write_bytes);
            CHECK(pb.psum == c.read_bytes[2]);
        }
        // Partial sums that stay on chip leave only the outputs to write.
        if (pb.psum == 0) CHECK(written == l.ofmap_elems() * wb);
        check_pct(x.mapping_efficiency_pct);
        check_pct(x.compute_util_pct);
        check_pct(x.overall_util_pct);
        check_stack(x, pes);
        // The layer's DRAM traffic all happens inside the layer: never above the peak rate.
        kept += x.kept_ofmap_bytes;
        CHECK(x.dram_bw_achieved_gbps <= cfg.dram.bandwidth_gbps * (1 + 1e-6));
    }
    if (!cfg.network.keep_ofmap) CHECK(kept == 0);
}

void run_ideal(uint64_t seed) {
    Rng rng(seed);
    const Config cfg = random_config(rng, true);
    const std::vector<Layer> ls = random_layers(rng);
    const TiledProgram program(ls, cfg);
    const RunResult r = simulate(cfg, program);
    REQUIRE(r.layers.size() == ls.size());
    for (size_t i = 0; i < ls.size(); ++i) {
        const Layer& l = ls[i];
        const LayerResult& x = r.layers[i];
        INFO("seed " << seed << ": " << describe(cfg));
        INFO(describe(l) << ": " << x.mapping);
        CHECK(x.stall_cycles == 0);
        CHECK(x.total_cycles == program.plan(static_cast<int64_t>(i)).cost.compute_cycles - 1);
        CHECK(x.total_cycles >= closed_form_busy(cfg, l) - 1);
        check_stack(x, cfg.array.rows * cfg.array.cols);
    }
}

}  // namespace

TEST_CASE("property: random layers, bandwidth DRAM, seed 1", "[property]") { run_bandwidth(1); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 2", "[property]") { run_bandwidth(2); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 3", "[property]") { run_bandwidth(3); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 4", "[property]") { run_bandwidth(4); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 5", "[property]") { run_bandwidth(5); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 6", "[property]") { run_bandwidth(6); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 7", "[property]") { run_bandwidth(7); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 8", "[property]") { run_bandwidth(8); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 9", "[property]") { run_bandwidth(9); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 10", "[property]") { run_bandwidth(10); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 11", "[property]") { run_bandwidth(11); }
TEST_CASE("property: random layers, bandwidth DRAM, seed 12", "[property]") { run_bandwidth(12); }

TEST_CASE("property: random layers, ideal memory, seed 101", "[property]") { run_ideal(101); }
TEST_CASE("property: random layers, ideal memory, seed 102", "[property]") { run_ideal(102); }
TEST_CASE("property: random layers, ideal memory, seed 103", "[property]") { run_ideal(103); }
TEST_CASE("property: random layers, ideal memory, seed 104", "[property]") { run_ideal(104); }
TEST_CASE("property: random layers, ideal memory, seed 105", "[property]") { run_ideal(105); }
TEST_CASE("property: random layers, ideal memory, seed 106", "[property]") { run_ideal(106); }

}  // namespace sasim
