#include "sim/mapping/program.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "sim/base/errors.hpp"
#include "sim/mapping/keep.hpp"
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
            throw InputError(
                fmt::format("{}: mapping.from: no row for layer '{}'", cfg.mapping.from, l.name));
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

namespace {

// What every layer's planning shares.
struct PlanInputs {
    const std::vector<RunLayer>& run;
    const std::vector<LayerPlacement>& places;
    const Config& cfg;
    MemorySupply mem;
    PinnedMappings pinned;
    bool keep_candidates;
};

// Layer i planned beside kept tensors holding `held_kb` KiB of the ofmap scratchpad (the mapper
// and the vector tiler see the rest). Throws InputError when it does not fit.
LayerPlan plan_layer(const PlanInputs& in, size_t i, int64_t held_kb) {
    Config cfg = in.cfg;
    cfg.sram.ofmap_kb -= held_kb;
    const int64_t cap[kOperands] = {cfg.sram.ifmap_kb * 1024, cfg.sram.filter_kb * 1024,
                                    cfg.sram.ofmap_kb * 1024};
    const Layer& l = in.run[i].layer;
    LayerPlan p;
    p.mapped.layer = l;
    p.mapped.place = in.places[i];
    p.mapped.layout = cfg.mapping.layout;
    p.fused = in.run[i].fused;
    p.info.name = l.name;
    p.info.type = to_string(l.type);
    for (int o = 0; o < kOperands; ++o) p.info.capacity[o] = cap[o];
    if (is_vector(l.type))
        plan_vector_layer(p, cfg);
    else
        plan_array_layer(p, cfg, in.mem, cap, in.pinned, in.keep_candidates);
    return p;
}

std::optional<LayerPlan> try_plan(const PlanInputs& in, size_t i, int64_t held_kb) {
    try {
        return plan_layer(in, i, held_kb);
    } catch (const InputError&) {
        return std::nullopt;
    }
}

// A layer planned in less of the ofmap scratchpad costs, by the mapper's estimate, nothing the
// whole space would not: no more DRAM bytes, no more cycles (vector layers: always).
bool no_worse(const LayerPlan& small, const LayerPlan& whole) {
    return small.on_vector() || (small.cost.dram_bytes() <= whole.cost.dram_bytes() &&
                                 small.cost.est_cycles <= whole.cost.est_cycles);
}

// Layer i keeping its output for layer i+1 (keep.hpp's rule), `in_kb` KiB held by its input
// (`base`: the layer planned beside its input alone); nullopt when the rule says no. `next`
// receives the plan of layer i+1 made on the way, if any, that the loop goes on with: beside
// the kept output, or (kept nothing: the smaller space cost it) in the whole space.
std::optional<LayerPlan> plan_keeping(const PlanInputs& in, size_t i, int64_t in_kb,
                                      const LayerPlan& base, std::optional<LayerPlan>& next) {
    const Config& cfg = in.cfg;
    if (!cfg.network.keep_ofmap || i + 1 >= in.run.size() ||
        in.places[i + 1].ifmap.base != in.places[i].ofmap.base)
        return std::nullopt;
    const int64_t out_kb = kept_region_kb(in.run[i].layer.ofmap_elems() * cfg.array.word_bytes);
    if (2 * (in_kb + out_kb) > cfg.sram.ofmap_kb) return std::nullopt;
    // mapping.from may say whether it keeps (a what-if variant keeps what its run kept).
    const auto pin = in.pinned.find(in.run[i].layer.name);
    const int pinned = pin == in.pinned.end() ? -1 : pin->second.kept;
    if (pinned == 0) return std::nullopt;
    std::optional<LayerPlan> p = try_plan(in, i, in_kb + out_kb);
    if (!p || (pinned < 0 && !no_worse(*p, base))) return std::nullopt;
    std::optional<LayerPlan> beside = try_plan(in, i + 1, out_kb);
    if (!beside) return std::nullopt;
    if (pinned < 0 && !beside->on_vector()) {
        LayerPlan whole = plan_layer(in, i + 1, 0);
        if (!no_worse(*beside, whole)) {
            next = std::move(whole);
            return std::nullopt;
        }
    }
    next = std::move(beside);
    p->info.kept_out = in.run[i].layer.ofmap_elems() * cfg.array.word_bytes;
    p->info.capacity[static_cast<int>(Operand::ofmap)] += out_kb * 1024;  // filled as it runs
    return p;
}

}  // namespace

TiledProgram::TiledProgram(const std::vector<Layer>& given, const Config& cfg, bool keep_candidates)
    : lanes_(cfg.vector.lanes) {
    const std::vector<RunLayer> run = run_layers(given, cfg);
    std::vector<Layer> layers;
    for (const RunLayer& r : run) layers.push_back(r.layer);
    const std::vector<LayerPlacement> places =
        place_layers(layers, cfg.array.word_bytes, cfg.array.psum_bytes);
    // A vector layer has no mapping to pin: its pinned row says only whether it keeps.
    const PlanInputs in{
        run,
        places,
        cfg,
        memory_supply(cfg),
        cfg.mapping.from.empty() ? PinnedMappings{} : read_pinned_mappings(cfg.mapping.from),
        keep_candidates};
    plans_.reserve(layers.size());
    int64_t kept_in = 0;             // bytes of the kept tensor this layer reads
    std::optional<LayerPlan> ahead;  // this layer's plan, made while deciding the one before
    for (size_t i = 0; i < layers.size(); ++i) {
        const int64_t in_kb = kept_region_kb(kept_in);
        LayerPlan base = ahead ? std::move(*ahead) : plan_layer(in, i, in_kb);
        ahead.reset();
        std::optional<LayerPlan> p = plan_keeping(in, i, in_kb, base, ahead);
        if (!p) p = std::move(base);
        p->info.kept_in = kept_in;
        kept_in = p->info.kept_out;
        plans_.push_back(std::move(*p));
    }
}

std::unique_ptr<ProgramWalker> TiledProgram::walk(int64_t i) const {
    const LayerPlan& p = plans_[static_cast<size_t>(i)];
    std::unique_ptr<ProgramWalker> w;
    if (p.vector) {
        w = std::make_unique<VectorWalker>(*p.vector);
    } else {
        w = std::make_unique<MappedWalker>(p.mapped);
        if (p.fused)
            w = std::make_unique<FusedWalker>(std::move(w), p.fused_lane_cycles, lanes_,
                                              p.mapped.shape.word_bytes);
    }
    if (p.info.kept_in == 0 && p.info.kept_out == 0) return w;
    return std::make_unique<KeptWalker>(std::move(w), p.info.kept_in > 0, p.info.kept_out > 0);
}

}  // namespace sasim
