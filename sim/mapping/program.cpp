#include "sim/mapping/program.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/base/errors.hpp"
#include "sim/mapping/pinned.hpp"

#include "sim/mapping/walker.hpp"

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
    const int64_t pes = mapped.shape.arr.pes();
    return (info.macs + pes - 1) / pes;
}

TiledProgram::TiledProgram(const std::vector<Layer>& layers, const Config& cfg,
                           bool keep_candidates) {
    const std::vector<LayerPlacement> places =
        place_layers(layers, cfg.array.word_bytes, cfg.array.psum_bytes);
    const MemorySupply mem = memory_supply(cfg);
    const int64_t cap[kOperands] = {cfg.sram.ifmap_kb * 1024, cfg.sram.filter_kb * 1024,
                                    cfg.sram.ofmap_kb * 1024};
    MapperOptions opt;
    opt.strategy = cfg.mapping.strategy;
    opt.order = cfg.mapping.order;
    opt.tile = cfg.mapping.tile;
    opt.step = cfg.mapping.step;
    const PinnedMappings pinned =
        cfg.mapping.from.empty() ? PinnedMappings{} : read_pinned_mappings(cfg.mapping.from);
    plans_.reserve(layers.size());
    for (size_t i = 0; i < layers.size(); ++i) {
        LayerPlan p;
        p.mapped.layer = layers[i];
        p.mapped.shape = shape_of(layers[i], cfg);
        p.mapped.place = places[i];
        p.mapped.layout = cfg.mapping.layout;
        CostModel cm(p.mapped, mem, cap);
        if (!cfg.mapping.from.empty()) {
            const auto it = pinned.find(layers[i].name);
            if (it == pinned.end())
                throw InputError(fmt::format("{}: mapping.from: no row for layer '{}'",
                                             cfg.mapping.from, layers[i].name));
            opt.pinned = it->second.text;
            opt.pinned_where = it->second.where;
        }
        MapResult r = choose_mapping(p.mapped, cm, opt, keep_candidates);
        p.mapped.map = r.map;
        p.cost = r.cost;
        p.candidates = std::move(r.candidates);
        p.considered = r.considered;
        LayerInfo& info = p.info;
        info.name = layers[i].name;
        info.type = to_string(layers[i].type);
        info.mapping = mapping_text(p.mapped.shape, r.map);
        info.macs = layers[i].macs();
        info.folds = r.cost.fold_execs;
        info.steps = r.cost.steps;
        info.groups = layers[i].groups;
        for (int o = 0; o < kOperands; ++o) info.capacity[o] = cap[o];
        info.capacity[static_cast<int>(Operand::ofmap)] -= r.cost.accum_bytes;
        info.store_reserve = r.cost.max_store;
        plans_.push_back(std::move(p));
    }
}

std::unique_ptr<ProgramWalker> TiledProgram::walk(int64_t i) const {
    return std::make_unique<MappedWalker>(plans_[static_cast<size_t>(i)].mapped);
}

std::string dump_program(const TiledProgram& p) {
    std::string s;
    for (int64_t i = 0; i < p.num_layers(); ++i) {
        const LayerInfo& li = p.layer(i);
        const MapCost& c = p.plan(i).cost;
        s += fmt::format(
            "layer {} {}: mapping {}; {} fold executions, {} steps; DRAM bytes ifmap {} filter {} "
            "psum {} written {}\n",
            li.name, li.type, li.mapping, li.folds, li.steps, c.read_bytes[0], c.read_bytes[1],
            c.read_bytes[2], c.write_bytes);
        s += "  fill <id> <scratchpad> <bytes> [after store <id>] | release <scratchpad> <bytes> |"
             " step <index> fold <n> load stream skew [store <id> <bytes> (psum)]\n";
        auto w = p.walk(i);
        ProgramEvent e;
        while (w->next(e)) {
            if (e.kind == ProgramEvent::kFill) {
                s += fmt::format("  fill {} {} {}", e.fill.id, to_string(e.fill.op), e.fill.bytes);
                if (e.fill.after_store >= 0) s += fmt::format(" after store {}", e.fill.after_store);
                s += "\n";
            } else if (e.kind == ProgramEvent::kRelease) {
                s += fmt::format("  release {} {}\n", to_string(e.release.op), e.release.bytes);
            } else {
                const StepCmd& st = e.step;
                s += fmt::format("  step {} fold {} {} {} {}", st.index, st.fold, st.load_cycles,
                                 st.stream_cycles, st.skew_cycles);
                if (st.store.id >= 0)
                    s += fmt::format(" store {} {}{}", st.store.id, st.store.bytes,
                                     st.store.psum ? " psum" : "");
                s += "\n";
            }
        }
    }
    return s;
}

std::string layer_candidates(const TiledProgram& p, int64_t i, size_t max_rows) {
    const LayerPlan& pl = p.plan(i);
    // The same mapping may be priced twice (SCALE-Sim's and the search's): listed once.
    std::vector<std::pair<std::string, const Candidate*>> rows;
    for (const Candidate& c : pl.candidates) {
        std::string text = mapping_text(pl.mapped.shape, c.map);
        if (std::none_of(rows.begin(), rows.end(), [&](const auto& r) { return r.first == text; }))
            rows.emplace_back(std::move(text), &c);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.second->cost.est_cycles < b.second->cost.est_cycles;
    });
    std::string s = fmt::format("layer {}: {} mappings priced, {} fit; chosen: {}\n", pl.info.name,
                                pl.considered, rows.size(), pl.info.mapping);
    s += fmt::format("  {:>1} {:>12} {:>12} {:>10} {:>10} {:>10} {:>10}  {}\n", "", "est_cycles",
                     "compute", "ifmap_MB", "filter_MB", "psum_MB", "write_MB", "mapping");
    auto line = [&](const std::string& text, const MapCost& m) {
        s += fmt::format("  {:>1} {:>12.0f} {:>12} {:>10.3f} {:>10.3f} {:>10.3f} {:>10.3f}  {}\n",
                         text == pl.info.mapping ? "*" : "", m.est_cycles, m.compute_cycles,
                         m.read_bytes[0] / 1e6, m.read_bytes[1] / 1e6, m.read_bytes[2] / 1e6,
                         m.write_bytes / 1e6, text);
    };
    bool chosen_shown = false;
    for (size_t k = 0; k < rows.size() && k < max_rows; ++k) {
        line(rows[k].first, rows[k].second->cost);
        chosen_shown = chosen_shown || rows[k].first == pl.info.mapping;
    }
    if (rows.size() > max_rows) s += fmt::format("    ... {} more\n", rows.size() - max_rows);
    // The choice breaks near-ties (0.1 % of the estimate) by DRAM bytes: it may rank lower.
    if (!chosen_shown) line(pl.info.mapping, pl.cost);
    return s;
}

std::string candidates_table(const TiledProgram& p, size_t max_rows) {
    std::string s;
    for (int64_t i = 0; i < p.num_layers(); ++i) s += layer_candidates(p, i, max_rows);
    return s;
}

}  // namespace sasim
