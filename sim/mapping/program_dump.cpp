// --dump-program and the mapper's candidate table (sim/mapping/program.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sim/mapping/program.hpp"

namespace sasim {

std::string dump_program(const TiledProgram& p) {
    std::string s;
    for (int64_t i = 0; i < p.num_layers(); ++i) {
        const LayerInfo& li = p.layer(i);
        const LayerPlan& pl = p.plan(i);
        const MapCost& c = pl.cost;
        if (pl.vector) {
            s += fmt::format("layer {} {}: vector unit, {}; {} ops\n", li.name, li.type, li.mapping,
                             pl.vector->work().ops());
        } else {
            if (pl.fused)
                s += fmt::format("# {} {} fused into {}'s drain\n", pl.fused->name,
                                 to_string(pl.fused->type), li.name);
            s += fmt::format(
                "layer {} {}: mapping {}; {} fold executions, {} steps; DRAM bytes ifmap {} "
                "filter {} psum {} written {}\n",
                li.name, li.type, li.mapping, li.folds, li.steps, c.read_bytes[0], c.read_bytes[1],
                c.read_bytes[2], c.write_bytes);
        }
        if (li.kept_in > 0 || li.kept_out > 0)
            s += fmt::format("  kept on chip: reads {} B of the layer before, keeps {} B of its "
                             "own (network.keep_ofmap)\n",
                             li.kept_in, li.kept_out);
        s += "  fill <id> <scratchpad> <bytes> [after store <id>] [on chip] | release <scratchpad>"
             " <bytes> | step <index> fold <n> load stream skew [fused <cycles>] [store <id> "
             "<bytes> (psum|kept)]\n";
        auto w = p.walk(i);
        ProgramEvent e;
        while (w->next(e)) {
            if (e.kind == ProgramEvent::kFill) {
                s += fmt::format("  fill {} {} {}", e.fill.id, to_string(e.fill.op), e.fill.bytes);
                if (e.fill.after_store >= 0)
                    s += fmt::format(" after store {}", e.fill.after_store);
                s += e.fill.on_chip ? " on chip\n" : "\n";
            } else if (e.kind == ProgramEvent::kRelease) {
                s += fmt::format("  release {} {}\n", to_string(e.release.op), e.release.bytes);
            } else {
                const StepCmd& st = e.step;
                s += fmt::format("  step {} fold {} {} {} {}", st.index, st.fold, st.load_cycles,
                                 st.stream_cycles, st.skew_cycles);
                if (st.fused_cycles > 0) s += fmt::format(" fused {}", st.fused_cycles);
                if (st.store.id >= 0)
                    s += fmt::format(" store {} {}{}", st.store.id, st.store.bytes,
                                     st.store.psum ? " psum" : st.store.kept ? " kept" : "");
                s += "\n";
            }
        }
    }
    return s;
}

std::string layer_candidates(const TiledProgram& p, int64_t i, size_t max_rows) {
    const LayerPlan& pl = p.plan(i);
    if (pl.vector) return fmt::format("layer {}: vector unit, {}\n", pl.info.name, pl.info.mapping);
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
    if (pl.fused)
        s += fmt::format("  {} {} fused into its drain\n", pl.fused->name,
                         to_string(pl.fused->type));
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
