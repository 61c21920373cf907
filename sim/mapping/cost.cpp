#include "sim/mapping/cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace sasim {

namespace {

constexpr int kWhole = 0, kBlocks = 1, kTileSteps = 2;

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

template <class F>
void for_each_range(int kind, int64_t a, int64_t b, int64_t extent, F&& f) {
    if (kind == kWhole) return f(Span{0, extent});
    for (int64_t lo = 0; lo < extent; lo += a) {
        const int64_t hi = std::min(extent, lo + a);
        if (kind == kBlocks) {
            f(Span{lo, hi});
            continue;
        }
        for (int64_t s = lo; s < hi; s += b) f(Span{s, std::min(hi, s + b)});
    }
}

}  // namespace

CostModel::CostModel(const MappedLayer& base, const MemorySupply& mem,
                     const int64_t capacity[kOperands])
    : base_(base), mem_(mem) {
    for (int o = 0; o < kOperands; ++o) cap_[o] = capacity[o];
}

int64_t CostModel::accum_elems(const Mapping& m) const {
    const LayerShape& s = base_.shape;
    const int pa = m.position(Loop::a);
    const int64_t cols = m.position(Loop::b) < pa ? std::min(s.arr.cols, s.fg.Sc) : s.fg.Sc;
    const int64_t rows = m.position(Loop::t) < pa ? std::min(s.fg.T, m.tile) : s.fg.T;
    return cols * rows;
}

CostModel::Part CostModel::part(Loop l, int gran, const Mapping& m) const {
    const LayerShape& s = base_.shape;
    if (gran == 0) return {kWhole, 0, 0};
    if (l != Loop::t) return {kBlocks, s.block(l, m), 0};
    const int64_t tile = s.block(Loop::t, m);
    if (gran == 1) return tile >= s.fg.T ? Part{kWhole, 0, 0} : Part{kBlocks, tile, 0};
    return {kTileSteps, tile, m.step};
}

// Tiles of one group: the ifmap's raw boxes, the filter's packed runs, or output blocks (o =
// ofmap), over the partitions of the operand's two sides.
CostModel::Sum CostModel::tile_sum(Operand o, const Part& p1, const Part& p2) {
    const auto key = std::make_tuple(static_cast<int>(o), p1.kind, p1.a, p1.b, p2.kind, p2.a, p2.b);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    const LayerShape& s = base_.shape;
    const Layer& l = base_.layer;
    const int64_t wb = s.word_bytes, B = mem_.burst_bytes;
    int64_t e1, e2;  // extents of the two sides
    if (o == Operand::filter) {
        e1 = s.gemm.K;
        e2 = s.gemm.N;
    } else if (o == Operand::ifmap) {
        e1 = s.gemm.M;
        e2 = s.gemm.K;
    } else {
        e1 = s.gemm.M;
        e2 = s.gemm.N;
    }
    Sum sum;
    for_each_range(p1.kind, p1.a, p1.b, e1, [&](const Span& r1) {
        for_each_range(p2.kind, p2.a, p2.b, e2, [&](const Span& r2) {
            int64_t bytes = 0, bursts = 0, packets = 0;
            if (o == Operand::filter) {
                bytes = r1.size() * r2.size() * wb;
                bursts = ceil_div(bytes, B);
                packets = ceil_div(bytes, mem_.packet_bytes);
            } else {
                const AddrList addr =
                    o == Operand::ifmap
                        ? ifmap_block(l, base_.place.ifmap, 0, r1.lo, r1.hi, r2.lo, r2.hi,
                                      base_.layout, wb)
                        : ofmap_block(l, base_.place.ofmap, 0, r1.lo, r1.hi, r2.lo, r2.hi,
                                      base_.layout, wb);
                for (const AddrPattern& p : addr) {
                    bytes += p.bytes();
                    bursts += pattern_bursts(p, B);
                    packets += pattern_bursts(p, mem_.packet_bytes);
                }
            }
            sum.bytes += bytes;
            sum.bursts += bursts;
            sum.packets += packets;
            sum.max_tile = std::max(sum.max_tile, bytes);
            sum.tiles += bytes > 0 ? 1 : 0;
        });
    });
    cache_[key] = sum;
    return sum;
}

CostModel::Sum CostModel::whole_ifmap() {
    const Layer& l = base_.layer;
    int64_t h0, h1;
    input_rows(l, 0, l.P(), 0, l.R, h0, h1);
    Sum sum;
    for (int64_t n = 0; n < l.N && h1 > h0; ++n) {
        const AddrPattern p = ifmap_rows(l, base_.place.ifmap, 0, n, h0, h1, base_.layout,
                                         base_.shape.word_bytes);
        sum.bytes += p.bytes();
        sum.bursts += pattern_bursts(p, mem_.burst_bytes);
        sum.packets += pattern_bursts(p, mem_.packet_bytes);
        ++sum.tiles;
    }
    sum.max_tile = sum.bytes;
    return sum;
}

int64_t CostModel::whole_bytes(Operand o) {
    if (o == Operand::ifmap) return whole_ifmap().bytes;
    return base_.shape.gemm.K * base_.shape.gemm.N * base_.shape.word_bytes;
}

// The ifmap or filter fetched at the mapping's level for it: bytes, bursts, the tile held.
void CostModel::add_input(Operand o, const Mapping& m, MapCost& c) {
    const LayerShape& s = base_.shape;
    const int oi = static_cast<int>(o);
    const auto [l1, l2] = operand_sides(s.df, o);
    int lv = m.level[oi];
    Sum sum;
    int64_t visits = 1;
    if (lv == kLevelWhole) {
        sum = o == Operand::ifmap
                  ? whole_ifmap()
                  : tile_sum(o, part(l1, l1 == Loop::t ? 2 : 1, m), part(l2, l2 == Loop::t ? 2 : 1, m));
        sum.max_tile = sum.bytes;
    } else if (lv == kLevelStep && o != s.roles.X) {
        sum = tile_sum(o, part(l1, l1 == Loop::t ? 2 : 1, m), part(l2, l2 == Loop::t ? 2 : 1, m));
        for (Loop l : {Loop::a, Loop::b, Loop::t})
            if (l != l1 && l != l2) visits = s.trips(l, m);
    } else {
        if (lv == kLevelStep) lv = 3;
        auto gran = [&](Loop l) { return m.position(l) < lv ? 1 : 0; };
        sum = tile_sum(o, part(l1, gran(l1), m), part(l2, gran(l2), m));
        for (int p = 0; p < lv; ++p) {
            const Loop l = m.order[static_cast<size_t>(p)];
            if (l != l1 && l != l2) visits *= s.trips(l, m);
        }
    }
    c.read_bytes[oi] += sum.bytes * visits * s.groups;
    c.bursts += sum.bursts * visits * s.groups;
    c.packets += sum.packets * visits * s.groups;
    c.need[oi] = sum.max_tile;
    refills_[oi] = sum.tiles * visits * s.groups;
    tile_bytes_[oi] = sum.max_tile;
    c.double_buffered[oi] = m.level[oi] == kLevelWhole || 2 * sum.max_tile <= cap_[oi];
}

void CostModel::add_outputs(const Mapping& m, MapCost& c) {
    const LayerShape& s = base_.shape;
    const Part steps = part(Loop::t, 2, m), cols{kBlocks, s.arr.cols, 0};
    const Sum out = s.df == Dataflow::os   ? tile_sum(Operand::ofmap, {kBlocks, s.arr.rows, 0}, cols)
                    : s.df == Dataflow::ws ? tile_sum(Operand::ofmap, steps, cols)
                                           : tile_sum(Operand::ofmap, cols, steps);
    c.write_bytes += out.bytes * s.groups;
    c.bursts += out.bursts * s.groups;
    c.packets += out.packets * s.groups;
    const int oo = static_cast<int>(Operand::ofmap);
    const int64_t pb = s.psum_bytes, wb = s.word_bytes;
    const int64_t piece = std::min(m.step, s.fg.T) * std::min(s.arr.cols, s.fg.Sc);
    if (s.df == Dataflow::os) {
        c.need[oo] = std::min(s.arr.rows, s.fg.Sr) * std::min(s.arr.cols, s.fg.Sc) * wb;
        refills_[oo] = out.tiles * s.groups;
    } else if (s.fg.row_folds > 1 && !m.psum_onchip) {
        const int64_t spill = (s.fg.row_folds - 1) * s.fg.Sc * s.fg.T * pb * s.groups;
        c.write_bytes += spill;
        c.read_bytes[oo] += spill;
        c.bursts += 2 * (ceil_div(spill, mem_.burst_bytes) + c.steps);
        c.packets += 2 * (ceil_div(spill, mem_.packet_bytes) + c.steps);
        c.need[oo] = 2 * piece * pb;  // a read-back and the store of the same step
        refills_[oo] = c.steps;
    } else {
        if (s.fg.row_folds > 1) c.accum_bytes = accum_elems(m) * pb;
        c.need[oo] = piece * wb;
        refills_[oo] = out.tiles * s.groups;
    }
    tile_bytes_[oo] = c.need[oo];
    c.double_buffered[oo] = c.accum_bytes + 2 * c.need[oo] <= cap_[oo];
}

void CostModel::compute(const Mapping& m, MapCost& c) const {
    const LayerShape& s = base_.shape;
    const int64_t folds = s.fg.folds();
    const int64_t tile = s.block(Loop::t, m), tiles = s.trips(Loop::t, m);
    c.fold_execs = folds * tiles * s.groups;
    for (int64_t i = 0; i < tiles; ++i) {
        const int64_t t = std::min(tile, s.fg.T - i * tile);
        const FoldCycles first = fold_cycles(s.df, s.arr, t, true, s.preload);
        const FoldCycles rest = fold_cycles(s.df, s.arr, t, false, s.preload);
        const int64_t n = folds * s.groups;
        c.compute_cycles += n * (t + rest.skew + rest.load);
        if (i == 0) c.compute_cycles += first.load - rest.load;
        c.steps += n * ceil_div(t, m.step);
    }
}

void CostModel::estimate(const Mapping&, MapCost& c) const {
    const double S = mem_.bytes_per_cycle, lat = mem_.latency_cycles;
    double mem = S > 0 ? static_cast<double>(c.bursts * mem_.burst_bytes) / S : 0;
    if (c.packets > 0) {  // the DMA keeps max_outstanding packets in flight
        const double bytes = static_cast<double>(c.dram_bytes()) / static_cast<double>(c.packets);
        const double trip = lat + (S > 0 ? bytes / S : 0);
        mem = std::max(mem, static_cast<double>(c.packets) * trip /
                                static_cast<double>(mem_.max_outstanding));
    }
    double exposed = lat;
    for (int o = 0; o < kOperands; ++o) {
        if (c.double_buffered[o]) continue;
        const double fetch = S > 0 ? static_cast<double>(tile_bytes_[o]) / S : 0;
        exposed += static_cast<double>(refills_[o]) * (lat + fetch);
    }
    c.est_cycles = std::max(static_cast<double>(c.compute_cycles), mem) + exposed;
}

MapCost CostModel::evaluate(const Mapping& m) {
    MapCost c;
    compute(m, c);
    for (Operand o : {Operand::ifmap, Operand::filter})
        if (o != base_.shape.roles.X || base_.shape.df != Dataflow::os) add_input(o, m, c);
    add_outputs(m, c);
    c.feasible = true;
    for (int o = 0; o < kOperands; ++o) {
        const int64_t need = c.need[o] + (o == 2 ? c.accum_bytes : 0);
        if (need <= cap_[o]) continue;
        c.feasible = false;
        c.why = fmt::format("the {} scratchpad holds {} bytes; this mapping needs {}",
                            to_string(static_cast<Operand>(o)), cap_[o], need);
        break;
    }
    estimate(m, c);
    return c;
}

}  // namespace sasim
