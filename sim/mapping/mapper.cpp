#include "sim/mapping/mapper.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>

#include "sim/base/errors.hpp"
#include "sim/mapping/band.hpp"

namespace sasim {

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

const std::array<std::array<Loop, 3>, 6> kOrders = {{
    {Loop::b, Loop::a, Loop::t},
    {Loop::a, Loop::b, Loop::t},
    {Loop::t, Loop::b, Loop::a},
    {Loop::t, Loop::a, Loop::b},
    {Loop::b, Loop::t, Loop::a},
    {Loop::a, Loop::t, Loop::b},
}};

// Levels worth trying for an input operand under an order: whole, each loop it depends on
// (a level fixing a loop it does not vary with only re-reads the same tile), per step.
std::vector<int> levels_for(const LayerShape& s, const Mapping& m, Operand o) {
    std::vector<int> out = {kLevelWhole};
    for (int lv = 1; lv <= 3; ++lv) {
        const Loop l = m.order[static_cast<size_t>(lv - 1)];
        if (!s.depends(o, l) || (l == Loop::t && m.t_innermost())) continue;
        out.push_back(lv);
    }
    if (o != s.roles.X) out.push_back(kLevelStep);
    return out;
}

// t tiles for a streamed extent T: output rows and whole images (ws: T = M), powers of two
// otherwise, and the largest tile whose partial sums fit the ofmap scratchpad.
std::vector<int64_t> tile_candidates(const MappedLayer& b, CostModel& cm) {
    const LayerShape& s = b.shape;
    const int64_t T = s.fg.T;
    std::vector<int64_t> out;
    int64_t unit = 1;
    if (s.df == Dataflow::ws) unit = b.layer.Q();
    for (int64_t t = unit; t < T; t *= 2) out.push_back(t);
    if (s.df == Dataflow::ws)
        for (int64_t t = b.layer.P() * b.layer.Q(); t < T; t *= 2) out.push_back(t);
    if (s.roles.psums) {
        const int64_t cols = std::min(s.arr.cols, s.fg.Sc);
        const int64_t fit = cm.capacity(Operand::ofmap) / 2 / (cols * s.psum_bytes);
        if (fit >= unit && fit < T) out.push_back(fit / unit * unit);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// The largest step (at most the t tile) for which the per-step buffers fit twice (double
// buffering) beside the accumulators, from the bytes one streamed row costs; at least 1.
int64_t step_bound(const LayerShape& s, CostModel& cm, const Mapping& m, int64_t accum) {
    const int64_t R = std::min(s.arr.rows, s.fg.Sr), C = std::min(s.arr.cols, s.fg.Sc);
    int64_t bound = std::min(s.fg.T, s.block(Loop::t, m));
    auto limit = [&](Operand o, int64_t per_row) {
        const int64_t cap = cm.capacity(o) - (o == Operand::ofmap ? accum : 0);
        if (per_row > 0) bound = std::min(bound, std::max<int64_t>(1, cap / (2 * per_row)));
    };
    for (Operand o : {Operand::ifmap, Operand::filter}) {
        if (m.level[static_cast<int>(o)] != kLevelStep || o == s.roles.X) continue;
        const auto sd = operand_sides(s.df, o);
        const Loop other = sd.first == Loop::t ? sd.second : sd.first;
        limit(o, (other == Loop::a ? R : C) * s.word_bytes);
    }
    if (s.df != Dataflow::os) {
        const bool spill = s.fg.row_folds > 1 && !m.psum_onchip;
        limit(Operand::ofmap, C * (spill ? 2 * s.psum_bytes : s.word_bytes));
    }
    return bound;
}

// Each DRAM byte is charged this fraction of its transfer time at the supply on top of the
// estimate (mapper.hpp): what the estimate overlaps with compute still costs cycles it leaves
// out (DRAM rows and refresh, scratchpad bank ports, the DMA's arbitration), and energy.
constexpr double kByteCharge = 0.25;

double score(const MapCost& c, double supply) {
    return c.est_cycles +
           (supply > 0 ? kByteCharge * static_cast<double>(c.dram_bytes()) / supply : 0.0);
}

bool better(const MapCost& a, const MapCost& b, double supply) {
    const double sa = score(a, supply), sb = score(b, supply);
    const double tol = 1e-3 * std::max(sa, sb);
    if (std::abs(sa - sb) > tol) return sa < sb;
    if (a.dram_bytes() != b.dram_bytes()) return a.dram_bytes() < b.dram_bytes();
    return a.steps < b.steps;
}

std::string where(const Layer& l) {
    return fmt::format("{}: layer '{}'", l.source.empty() ? "config" : l.source, l.name);
}

// Which scratchpad is too small for every mapping, and how much it would need.
std::string no_fit(const Layer& l, const CostModel& cm, const int64_t least[kOperands]) {
    static const char* kKey[kOperands] = {"sram.ifmap_kb", "sram.filter_kb", "sram.ofmap_kb"};
    std::string s;
    for (int o = 0; o < kOperands; ++o) {
        const int64_t cap = cm.capacity(static_cast<Operand>(o));
        if (least[o] <= cap) continue;
        s += fmt::format("{}{} = {} KiB is too small: every mapping holds at least {} bytes of {} "
                         "at once; allowed: at least {} KiB",
                         s.empty() ? "" : "; ", kKey[o], cap / 1024, least[o],
                         to_string(static_cast<Operand>(o)), (least[o] + 1023) / 1024);
    }
    if (s.empty())
        s = fmt::format("no mapping fits the ifmap, filter and ofmap scratchpads ({}, {} and {} "
                        "KiB) at once; make one of them larger",
                        cm.capacity(Operand::ifmap) / 1024, cm.capacity(Operand::filter) / 1024,
                        cm.capacity(Operand::ofmap) / 1024);
    return where(l) + ": " + s;
}


// Band sizes worth trying (band.hpp): all of M (0); one image when there are several; and when
// one image's input rows do not fit the ifmap scratchpad or (ws, is) all its partial sums do not
// fit the ofmap scratchpad, the largest band of 1/2, 1/4 or 1/8 of its output rows whose input
// rows and partial sums fit (1/8 if none does).
std::vector<int64_t> band_sizes(const LayerShape& s, CostModel& cm) {
    std::vector<int64_t> out = {0};
    const int64_t image = s.P * s.Q, images = s.gemm.M / image;
    if (images > 1) out.push_back(image);
    const bool sums = s.roles.psums && s.fg.row_folds > 1;
    auto fits = [&](int64_t pixels, int64_t band) {
        return cm.band_model(band).whole_bytes(Operand::ifmap) <= cm.capacity(Operand::ifmap) &&
               (!sums || pixels * s.gemm.N * s.psum_bytes <= cm.capacity(Operand::ofmap));
    };
    if (s.P < 2 || fits(image, images > 1 ? image : 0)) return out;
    for (int64_t parts : {2, 4, 8}) {
        const int64_t r = ceil_div(s.P, parts);
        if (r == s.P) continue;
        if (fits(r * s.Q, r * s.Q) || parts == 8 || r == 1) {
            out.push_back(r * s.Q);
            break;
        }
    }
    return out;
}

// Every level of both inputs, partial sums on chip or spilled, and the step(s) for the order,
// band and tile set in `m`, on the band's shape and model.
template <class Consider>
void enumerate_levels(const MappedLayer& bl, CostModel& bcm, Mapping m, const MapperOptions& opt,
                      Consider&& consider) {
    const LayerShape& s = bl.shape;
    const std::vector<int> li = levels_for(s, m, Operand::ifmap);
    const std::vector<int> lf = levels_for(s, m, Operand::filter);
    for (int a : li) {
        if (a == kLevelWhole && bcm.whole_bytes(Operand::ifmap) > bcm.capacity(Operand::ifmap))
            continue;
        for (int b : lf) {
            if (b == kLevelWhole && bcm.whole_bytes(Operand::filter) > bcm.capacity(Operand::filter))
                continue;
            m.level[0] = a;
            m.level[1] = b;
            for (bool onchip : {true, false}) {
                if (!onchip && !(s.roles.psums && s.fg.row_folds > 1)) continue;
                m.psum_onchip = onchip;
                const int64_t accum = onchip && s.roles.psums && s.fg.row_folds > 1
                                          ? bcm.accum_elems(m) * s.psum_bytes
                                          : 0;
                if (accum >= bcm.capacity(Operand::ofmap)) continue;
                if (opt.step > 0) {
                    m.step = std::min(opt.step, s.fg.T);
                    consider(m);
                    continue;
                }
                m.step = step_bound(s, bcm, m, accum);
                consider(m);
                const int64_t Q = bl.layer.Q();
                if (s.df == Dataflow::ws && m.step > Q && m.step % Q != 0) {
                    m.step = m.step / Q * Q;
                    consider(m);
                }
            }
        }
    }
}

}  // namespace

Mapping scalesim_mapping(const LayerShape& s, CostModel& cm) {
    Mapping m;
    m.order = {Loop::b, Loop::a, Loop::t};
    m.tile = s.fg.T;
    const int64_t R = s.arr.rows, C = s.arr.cols, wb = s.word_bytes, pb = s.psum_bytes;
    const int64_t half_i = cm.capacity(Operand::ifmap) / 2, half_f = cm.capacity(Operand::filter) / 2;
    const int64_t half_o = cm.capacity(Operand::ofmap) / 2;
    int64_t t = s.fg.T;
    if (s.df == Dataflow::ws) t = std::min({t, half_i / (R * wb), half_o / (C * pb)});
    if (s.df == Dataflow::os) t = std::min({t, half_i / (R * wb), half_f / (C * wb)});
    if (s.df == Dataflow::is) t = std::min({t, half_f / (R * wb), half_o / (C * pb)});
    m.step = std::max<int64_t>(1, t);
    for (Operand o : {Operand::ifmap, Operand::filter}) {
        const int oi = static_cast<int>(o);
        const bool fits = cm.whole_bytes(o) <= cm.capacity(o);
        if (o == s.roles.X)
            m.level[oi] = (fits && o == Operand::ifmap) ? kLevelWhole : 2;
        else
            m.level[oi] = fits ? kLevelWhole : kLevelStep;
    }
    m.psum_onchip = s.fg.row_folds == 1 || s.df == Dataflow::os ||
                    s.fg.T * C * pb + 2 * m.step * C * wb <= cm.capacity(Operand::ofmap);
    while (m.step > 1) {  // halve the steps until every tile fits (a finer step only gets finer)
        const MapCost c = cm.evaluate(m);
        if (c.feasible || c.too_fine) break;
        m.step = ceil_div(m.step, 2);
    }
    return m;
}

MapResult choose_mapping(const MappedLayer& base, CostModel& cm, const MapperOptions& opt,
                         bool keep) {
    const LayerShape& s = base.shape;
    const int64_t folds = s.groups * s.fg.folds();  // products bounded by the MAC limit
    if (folds > mapping_limits::max_folds)
        throw InputError(fmt::format(
            "{}: the array runs the layer in groups * row folds * column folds = {}*{}*{} = {} "
            "fold executions, more than the limit of {} (2^26) the simulator walks one by one; "
            "use a larger array or split the layer",
            where(base.layer), s.groups, s.fg.row_folds, s.fg.col_folds, folds,
            mapping_limits::max_folds));
    MapResult best;
    if (!opt.pinned.empty()) {
        Mapping m;
        std::string why;
        if (!parse_mapping_text(s, opt.pinned, m, why))
            throw InputError(fmt::format("{}: column 'mapping': '{}' is not a mapping of layer "
                                         "'{}' on this array ({}); mapping.from takes a "
                                         "layers.csv of a run of the same workload and array",
                                         opt.pinned_where, opt.pinned, base.layer.name, why));
        const int64_t accum = m.psum_onchip && s.roles.psums && s.fg.row_folds > 1
                                  ? cm.accum_elems(m) * s.psum_bytes
                                  : 0;
        const MapCost c = cm.evaluate(m);
        if (accum >= cm.capacity(Operand::ofmap) || c.too_fine || !c.feasible)
            throw InputError(fmt::format(
                "{}: the mapping '{}' of layer '{}' does not fit this design ({}); mapping.from "
                "takes a layers.csv of a run with the same array and scratchpads",
                opt.pinned_where, opt.pinned, base.layer.name,
                c.too_fine ? fmt::format("{} steps, more than the limit of 2^26", c.steps)
                : accum >= cm.capacity(Operand::ofmap)
                    ? std::string("its partial sums fill the ofmap scratchpad")
                    : c.why));
        best.map = m;
        best.cost = c;
        best.considered = 1;
        if (keep) best.candidates.push_back({m, c});
        return best;
    }
    const Mapping ss = scalesim_mapping(s, cm);
    const MapCost ss_cost = cm.evaluate(ss);
    if (opt.strategy == MapStrategy::scalesim) {
        if (ss_cost.too_fine)
            throw InputError(fmt::format(
                "{}: SCALE-Sim's mapping of the layer has {} steps, more than the limit of {} "
                "(2^26) the simulator walks one by one; use a larger array or larger "
                "scratchpads, or split the layer",
                where(base.layer), ss_cost.steps, mapping_limits::max_steps));
        if (!ss_cost.feasible) {
            int64_t least[kOperands];
            for (int o = 0; o < kOperands; ++o)
                least[o] = ss_cost.need[o] + (o == 2 ? ss_cost.accum_bytes : 0);
            throw InputError(no_fit(base.layer, cm, least));
        }
        best.map = ss;
        best.cost = ss_cost;
        best.considered = 1;
        if (keep) best.candidates.push_back({ss, ss_cost});
        return best;
    }
    bool found = false;
    // Per scratchpad, the least any mapping priced needs of it (for the message when none fits).
    int64_t least[kOperands] = {INT64_MAX, INT64_MAX, INT64_MAX};
    int64_t fine = 0, fewest_steps = INT64_MAX;  // mappings too fine to price
    auto consider = [&](const Mapping& m) {
        const MapCost c = cm.evaluate(m);
        ++best.considered;
        if (c.too_fine) {
            ++fine;
            fewest_steps = std::min(fewest_steps, c.steps);
            return;
        }
        for (int o = 0; o < kOperands; ++o)
            least[o] = std::min(least[o], c.need[o] + (o == 2 ? c.accum_bytes : 0));
        if (!c.feasible) return;
        if (ss_cost.feasible && c.dram_bytes() > ss_cost.dram_bytes()) return;
        if (keep) best.candidates.push_back({m, c});
        if (!found || better(c, best.cost, cm.supply().bytes_per_cycle)) {
            best.map = m;
            best.cost = c;
            found = true;
        }
    };
    if (opt.order.empty() && opt.tile == 0 && opt.step == 0) consider(ss);
    std::array<Loop, 3> fixed_order{};
    const bool has_order = !opt.order.empty() && parse_order(s.df, opt.order, fixed_order);
    for (int64_t band : band_sizes(s, cm)) {
        // The nest inside a band is enumerated on the first band's model (its shape, whole
        // operands, accumulators); each mapping is priced over all bands.
        CostModel& bcm = cm.band_model(band);
        const MappedLayer& bl = bcm.layer();
        const LayerShape& bs = bl.shape;
        for (const auto& order : kOrders) {
            if (has_order && order != fixed_order) continue;
            Mapping m;
            m.order = order;
            m.band = band;
            if (bs.df == Dataflow::os && !m.t_innermost()) continue;
            std::vector<int64_t> tiles = {bs.fg.T};
            if (!m.t_innermost()) tiles = tile_candidates(bl, bcm);
            if (opt.tile > 0) tiles = {std::min(opt.tile, bs.fg.T)};
            if (!m.t_innermost() && tiles == std::vector<int64_t>{bs.fg.T}) continue;
            for (int64_t tile : tiles) {
                m.tile = tile;
                enumerate_levels(bl, bcm, m, opt, consider);
            }
        }
    }
    if (!found && fine == best.considered)
        throw InputError(fmt::format(
            "{}: every mapping of the layer has more steps ({} at least) than the limit of {} "
            "(2^26) the simulator walks one by one; use a larger array or larger scratchpads, "
            "or split the layer",
            where(base.layer), fewest_steps, mapping_limits::max_steps));
    if (!found) throw InputError(no_fit(base.layer, cm, least));
    return best;
}

}  // namespace sasim
