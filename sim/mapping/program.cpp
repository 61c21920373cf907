#include "sim/mapping/program.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/base/errors.hpp"
#include "sim/mapping/pinned.hpp"
#include "sim/mapping/vector_walker.hpp"
#include "sim/mapping/walker.hpp"
#include "sim/workload/workload.hpp"

namespace sasim {

namespace {

LayerShape shape_of(const Layer& l, const Config& cfg) {
    LayerShape s;
    s.df = cfg.array.dataflow;
    s.arr = {cfg.array.rows, cfg.array.cols};
    s.gemm = l.gemm();
    s.fg = fold_geometry(s.df, s.gemm, s.arr);
    s.roles = roles_of(s.df);
    s.groups = l.groups;
    s.word_bytes = cfg.array.word_bytes;
    s.psum_bytes = cfg.array.psum_bytes;
    s.preload = cfg.array.preload;
    s.P = l.P();
    s.Q = l.Q();
    return s;
}

}  // namespace

MemorySupply memory_supply(const Config& cfg) {
    MemorySupply m;
    const DramParams& d = cfg.dram;
    const double per_ns = cfg.clock_mhz / 1e3;  // accelerator cycles per ns
    double gbps = 0;                            // 0 = unlimited
    if (d.model == DramModel::bandwidth) {
        gbps = d.bandwidth_gbps;
        m.latency_cycles = static_cast<double>(d.latency_cycles);
        m.burst_bytes = d.burst_bytes;
    } else if (is_bank_level(d.model)) {
        const DdrParams& p = d.ddr;
        gbps = static_cast<double>(p.channels * p.bus_bits / 8 * 2) / p.tck_ns;
        m.latency_cycles =
            static_cast<double>(p.tRCD + p.CL + p.burst_length / 2) * p.tck_ns * per_ns;
        m.burst_bytes = p.burst_bytes();
    } else {
        m.burst_bytes = d.burst_bytes;
    }
    m.bytes_per_cycle = gbps / per_ns;  // GB/s / (cycles/ns) = bytes per cycle
    const int64_t link = cfg.interconnect.bytes_per_cycle;
    if (link > 0)
        m.bytes_per_cycle = m.bytes_per_cycle > 0
                                ? std::min(m.bytes_per_cycle, static_cast<double>(link))
                                : static_cast<double>(link);
    m.latency_cycles += static_cast<double>(cfg.interconnect.latency_cycles);
    m.packet_bytes = cfg.dma.packet_bytes;
    m.max_outstanding = cfg.dma.max_outstanding;
    return m;
}

int64_t LayerPlan::ideal_cycles() const {
    if (vector) return vector->ideal_cycles();
    const int64_t pes = mapped.shape.arr.pes();
    return (info.macs + pes - 1) / pes;
}

VectorWork LayerPlan::vector_unit_work() const {
    if (vector) return vector->work();
    if (!fused) return {};
    const int64_t n = fused->ifmap_elems();
    return vector_work(vector_op(fused->type), {n, n, 0, 1});
}

namespace {

// A matmul multiplies two activations per image and group: to the mapper each (image, group)
// is a group of its own with its own "filter" (the second matrix), on one image.
Layer lowered(Layer l) {
    if (l.type != LayerType::matmul) return l;
    l.groups *= l.N;
    l.C *= l.N;
    l.K *= l.N;
    l.N = 1;
    return l;
}

bool fusable(const Config& cfg, const Layer& gemm, const Layer& next) {
    return cfg.vector.fuse_activation && !is_vector(gemm.type) && is_vector(next.type) &&
           is_activation(vector_op(next.type)) && next.ifmap_elems() == gemm.ofmap_elems();
}

Layer batched(Layer l, int64_t batch) {
    if (batch == 1) return l;
    if (l.N * batch > workload_limits::max_batch)
        throw InputError(fmt::format(
            "config: workload.batch = {}: layer '{}' ({}) would have N = {}*{} = {}, more than "
            "the limit of {}",
            batch, l.name, l.source.empty() ? "config" : l.source, l.N, batch, l.N * batch,
            workload_limits::max_batch));
    l.N *= batch;
    validate(l);
    return l;
}

void plan_array_layer(LayerPlan& p, const Config& cfg, const MemorySupply& mem,
                      const int64_t (&cap)[kOperands], const PinnedMappings& pinned,
                      bool keep_candidates) {
    MapperOptions opt;
    opt.strategy = cfg.mapping.strategy;
    opt.order = cfg.mapping.order;
    opt.tile = cfg.mapping.tile;
    opt.step = cfg.mapping.step;
    const Layer& l = p.mapped.layer;
    p.mapped.shape = shape_of(l, cfg);
    CostModel cm(p.mapped, mem, cap);
    if (!cfg.mapping.from.empty()) {
        const auto it = pinned.find(l.name);
        if (it == pinned.end())
            throw InputError(fmt::format("{}: mapping.from: no row for layer '{}'",
                                         cfg.mapping.from, l.name));
        opt.pinned = it->second.text;
        opt.pinned_where = it->second.where;
    }
    MapResult r = choose_mapping(p.mapped, cm, opt, keep_candidates);
    p.mapped.map = r.map;
    p.cost = r.cost;
    p.candidates = std::move(r.candidates);
    p.considered = r.considered;
    LayerInfo& info = p.info;
    info.mapping = mapping_text(p.mapped.shape, r.map);
    info.macs = l.macs();
    info.folds = r.cost.fold_execs;
    info.steps = r.cost.steps;
    info.groups = l.groups;
    info.capacity[static_cast<int>(Operand::ofmap)] -= r.cost.accum_bytes;
    info.store_reserve = r.cost.max_store;
    if (p.fused)
        p.fused_lane_cycles =
            vector_work(vector_op(p.fused->type), {1, 1, 0, 1}).lane_cycles(cfg.vector);
}

void plan_vector_layer(LayerPlan& p, const Config& cfg) {
    const VectorPlan& v = p.vector.emplace(p.mapped.layer, p.mapped.place, cfg);
    LayerInfo& info = p.info;
    info.unit = ExecUnit::vector;
    info.mapping = v.describe();
    info.steps = v.tiles();
    info.store_reserve = v.max_store_bytes();
}

}  // namespace

std::vector<RunLayer> run_layers(const std::vector<Layer>& layers, const Config& cfg) {
    std::vector<RunLayer> out;
    for (size_t i = 0; i < layers.size(); ++i) {
        RunLayer r;
        r.layer = batched(layers[i], cfg.workload.batch);
        if (!is_vector(r.layer.type) && i + 1 < layers.size() &&
            fusable(cfg, layers[i], layers[i + 1]))
            r.fused = batched(layers[++i], cfg.workload.batch);
        r.layer = lowered(r.layer);
        out.push_back(std::move(r));
    }
    return out;
}

TiledProgram::TiledProgram(const std::vector<Layer>& given, const Config& cfg, bool keep_candidates)
    : lanes_(cfg.vector.lanes) {
    std::vector<RunLayer> run = run_layers(given, cfg);
    std::vector<Layer> layers;
    for (const RunLayer& r : run) layers.push_back(r.layer);
    const std::vector<LayerPlacement> places =
        place_layers(layers, cfg.array.word_bytes, cfg.array.psum_bytes);
    const MemorySupply mem = memory_supply(cfg);
    const int64_t cap[kOperands] = {cfg.sram.ifmap_kb * 1024, cfg.sram.filter_kb * 1024,
                                    cfg.sram.ofmap_kb * 1024};
    // A vector layer has no mapping to pin: its row in the pinned layers.csv is not read.
    const PinnedMappings pinned =
        cfg.mapping.from.empty() ? PinnedMappings{} : read_pinned_mappings(cfg.mapping.from);
    plans_.reserve(layers.size());
    for (size_t i = 0; i < layers.size(); ++i) {
        LayerPlan p;
        p.mapped.layer = layers[i];
        p.mapped.place = places[i];
        p.mapped.layout = cfg.mapping.layout;
        p.fused = std::move(run[i].fused);
        p.info.name = layers[i].name;
        p.info.type = to_string(layers[i].type);
        for (int o = 0; o < kOperands; ++o) p.info.capacity[o] = cap[o];
        if (is_vector(layers[i].type))
            plan_vector_layer(p, cfg);
        else
            plan_array_layer(p, cfg, mem, cap, pinned, keep_candidates);
        plans_.push_back(std::move(p));
    }
}

std::unique_ptr<ProgramWalker> TiledProgram::walk(int64_t i) const {
    const LayerPlan& p = plans_[static_cast<size_t>(i)];
    if (p.vector) return std::make_unique<VectorWalker>(*p.vector);
    auto w = std::make_unique<MappedWalker>(p.mapped);
    if (!p.fused) return w;
    return std::make_unique<FusedWalker>(std::move(w), p.fused_lane_cycles, lanes_,
                                         p.mapped.shape.word_bytes);
}

}  // namespace sasim
