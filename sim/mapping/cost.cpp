#include "sim/mapping/cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "sim/mapping/band.hpp"

namespace sasim {

namespace {

constexpr int kWhole = 0, kBlocks = 1, kTileSteps = 2;

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

CostModel::CostModel(const MappedLayer& base, const MemorySupply& mem,
                     const int64_t capacity[kOperands])
    : base_(base),
      mem_(mem),
      tiles_(std::make_shared<TileCounter>(base_, mem.burst_bytes, mem.packet_bytes)) {
    for (int o = 0; o < kOperands; ++o) cap_[o] = capacity[o];
}

CostModel& CostModel::band_model(const Span& b, bool first) {
    const auto key = std::make_tuple(b.lo, b.hi, first);
    std::unique_ptr<CostModel>& sub = bands_[key];
    if (!sub) {
        MappedLayer ml = base_;
        ml.shape = band_shape(base_.shape, b.size());
        sub = std::make_unique<CostModel>(ml, mem_, cap_);
        sub->m_off_ = b.lo;
        sub->tiles_ = tiles_;  // the same layer, placement and layout: the same tiles
        sub->first_band_ = first;
    }
    return *sub;
}

CostModel& CostModel::band_model(int64_t band) {
    if (band <= 0 || band >= base_.shape.gemm.M) return *this;
    return band_model(band_at(base_.shape, band, 0), true);
}

int64_t CostModel::accum_elems(const Mapping& m) {
    if (banded(base_.shape, m)) {
        Mapping inner = m;
        inner.band = 0;
        return band_model(m.band).accum_elems(inner);
    }
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

// The k-th range of a partition of `extent` (k < ranges(p, extent)).
Span CostModel::range_at(const Part& p, int64_t extent, int64_t k) {
    if (p.kind == kWhole) return {0, extent};
    if (p.kind == kBlocks) return {k * p.a, std::min(extent, (k + 1) * p.a)};
    const int64_t per_tile = ceil_div(std::min(p.a, extent), p.b);  // steps of a full tile
    const int64_t tile = k / per_tile, lo = tile * p.a, hi = std::min(extent, lo + p.a);
    // A last, shorter tile has fewer steps than a full one: its missing steps are empty.
    const int64_t s = std::min(hi, lo + (k % per_tile) * p.b);
    return {s, std::min(hi, s + p.b)};
}

// Tiles of one group: the ifmap's raw boxes, the filter's packed runs, or output blocks (o =
// ofmap), over the partitions of the operand's two sides. Up to kExactTiles tiles are summed one
// by one; past that, kExactTiles tiles spread evenly over the tiling (the first and last
// included) stand for all of them, scaled up (the mapper only ranks with these; the walker's
// fills are exact).
CostModel::Sum CostModel::tile_sum(Operand o, const Part& p1, const Part& p2) {
    constexpr int64_t kExactTiles = int64_t{1} << 11;
    const auto key = std::make_tuple(static_cast<int>(o), p1.kind, p1.a, p1.b, p2.kind, p2.a, p2.b);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    const LayerShape& s = base_.shape;
    const int64_t wb = s.word_bytes, B = mem_.burst_bytes;
    const int64_t e1 = o == Operand::filter ? s.gemm.K : s.gemm.M;
    const int64_t e2 = o == Operand::ifmap ? s.gemm.K : s.gemm.N;
    const int64_t n1 = ranges(p1, e1), n2 = ranges(p2, e2);
    if (n1 > mapping_limits::max_steps || n2 > mapping_limits::max_steps ||
        n1 * n2 > mapping_limits::max_priced_tiles * mapping_limits::max_steps) {
        Sum none;
        none.tiles = -1;  // too many to walk
        return none;
    }
    const int64_t all = n1 * n2, taken = std::min(all, kExactTiles);
    Sum sum;
    int64_t row_k = -1;  // the row of tiles (a range of p1) last looked up
    TileCount* row = nullptr;
    for (int64_t i = 0; i < taken; ++i) {
        // Sample i of `taken`, spread evenly over all (the last sample is the last tile).
        const int64_t k = taken == all ? i
                          : i == taken - 1
                              ? all - 1
                              : static_cast<int64_t>(static_cast<long double>(i) *
                                                     static_cast<long double>(all) /
                                                     static_cast<long double>(taken));
        const Span r1 = range_at(p1, e1, k / n2), r2 = range_at(p2, e2, k % n2);
        int64_t bytes = 0, bursts = 0, packets = 0;
        if (o == Operand::filter) {
            bytes = r1.size() * r2.size() * wb;
            bursts = ceil_div(bytes, B);
            packets = ceil_div(bytes, mem_.packet_bytes);
        } else {
            const int64_t m0 = r1.lo + m_off_, m1 = r1.hi + m_off_;
            if (k / n2 != row_k) {
                row_k = k / n2;
                row = tiles_->row(o, m0, m1, {p2.kind, p2.a, p2.b}, n2);
            }
            const TileCount t = tiles_->count(row, k % n2, o, m0, m1, r2.lo, r2.hi);
            bytes = t.bytes;
            bursts = t.bursts;
            packets = t.packets;
        }
        sum.bytes += bytes;
        sum.bursts += bursts;
        sum.packets += packets;
        sum.max_tile = std::max(sum.max_tile, bytes);
        sum.tiles += bytes > 0 ? 1 : 0;
    }
    sum.exact = taken == all;
    if (taken < all) {  // scale the sample up to every tile
        const long double f = static_cast<long double>(all) / static_cast<long double>(taken);
        sum.bytes = static_cast<int64_t>(static_cast<long double>(sum.bytes) * f);
        sum.bursts = static_cast<int64_t>(static_cast<long double>(sum.bursts) * f);
        sum.packets = static_cast<int64_t>(static_cast<long double>(sum.packets) * f);
        sum.tiles = static_cast<int64_t>(static_cast<long double>(sum.tiles) * f);
    }
    cache_[key] = sum;
    return sum;
}

// How many ranges a partition cuts `extent` into.
int64_t CostModel::ranges(const Part& p, int64_t extent) {
    if (p.kind == kWhole) return 1;
    const int64_t tiles = ceil_div(extent, p.a);
    return p.kind == kBlocks ? tiles : tiles * ceil_div(std::min(p.a, extent), p.b);
}

// The input rows some window of the model's pixels (all of M, or the band's) reads, per image.
CostModel::Sum CostModel::whole_ifmap() {
    const Layer& l = base_.layer;
    Sum sum;
    for (const PixelRect& r : pixel_rects(m_off_, m_off_ + base_.shape.gemm.M, l.P(), l.Q())) {
        int64_t h0, h1;
        input_rows(l, r.p0, r.p1, 0, l.R, h0, h1);
        for (int64_t n = r.n0; n < r.n1 && h1 > h0; ++n) {
            const AddrPattern p = ifmap_rows(l, base_.place.ifmap, 0, n, h0, h1, base_.layout,
                                             base_.shape.word_bytes);
            sum.bytes += p.bytes();
            sum.bursts += pattern_bursts(p, mem_.burst_bytes);
            sum.packets += pattern_bursts(p, mem_.packet_bytes);
            ++sum.tiles;
        }
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
    int64_t first = 0;  // the first piece, fetched before the first step
    if (lv == kLevelWhole) {
        // Fetched piece by piece as steps first need them: the finest tiles.
        const Sum pieces =
            tile_sum(o, part(l1, l1 == Loop::t ? 2 : 1, m), part(l2, l2 == Loop::t ? 2 : 1, m));
        first = pieces.tiles > 0 ? pieces.max_tile : 0;
        sum = o == Operand::ifmap ? whole_ifmap() : pieces;
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
    if (sum.tiles < 0) c.too_fine = true;
    if (!sum.exact) c.exact = false;
    if (lv == kLevelWhole && o == Operand::filter && !first_band_) {
        visits = 0;  // fetched by the first band, held for the others
        first = 0;
    }
    c.read_bytes[oi] += sum.bytes * visits * s.groups;
    c.bursts += sum.bursts * visits * s.groups;
    c.packets += sum.packets * visits * s.groups;
    c.need[oi] = sum.max_tile;
    first_bytes_ += m.level[oi] == kLevelWhole ? first : sum.max_tile;
    if (m.level[oi] == kLevelWhole && visits > 0 && mem_.bytes_per_cycle > 0) {
        // Fetched as first needed: under the loops outside the outermost loop L it does not vary
        // along (and per group), n chunks, each needed during the first iteration of L of its
        // outer iteration; prefetch runs ahead freely (the space is held), so the worst of the
        // first chunk and all of them against the compute before each is exposed.
        int64_t chunks = s.groups, inner_trips = 0;
        for (Loop l : m.order) {
            if (l == l1 || l == l2 || s.trips(l, m) == 1) {
                chunks *= s.trips(l, m);
                continue;
            }
            inner_trips = s.trips(l, m);
            break;
        }
        if (inner_trips > 1) {
            const double n = static_cast<double>(chunks);
            const double fetch = static_cast<double>(sum.bytes * s.groups) /
                                 mem_.bytes_per_cycle / n;  // one chunk
            const double window = static_cast<double>(c.compute_cycles) / n;
            const double first = window / static_cast<double>(inner_trips);
            front_cycles_ += std::max({0.0, fetch - first, n * fetch - ((n - 1) * window + first)});
        }
    }
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
    if (out.tiles < 0) c.too_fine = true;
    if (!out.exact) c.exact = false;
    c.write_bytes += out.bytes * s.groups;
    c.bursts += out.bursts * s.groups;
    c.packets += out.packets * s.groups;
    out_packet_bytes_ =
        out.packets > 0 ? static_cast<double>(out.bytes) / static_cast<double>(out.packets) : 0;
    // The outputs that complete together: an os fold's block; else the accumulator tile (all
    // row folds on chip), written while its last row fold streams; else one step's.
    const int64_t ncols = std::min(s.arr.cols, s.fg.Sc);
    const bool accumulate = s.df != Dataflow::os && s.fg.row_folds > 1 && m.psum_onchip;
    const int64_t nrows = s.df == Dataflow::os ? std::min(s.arr.rows, s.fg.Sr)
                          : accumulate         ? accum_elems(m) / ncols
                                               : std::min(m.step, s.fg.T);
    unit_bytes_ = nrows * ncols * s.word_bytes;
    unit_cycles_ = s.df == Dataflow::os ? 0 : nrows;
    units_ = unit_bytes_ > 0 ? out.bytes * s.groups / unit_bytes_ : 0;
    const int oo = static_cast<int>(Operand::ofmap);
    const int64_t pb = s.psum_bytes, wb = s.word_bytes;
    const int64_t piece = std::min(m.step, s.fg.T) * std::min(s.arr.cols, s.fg.Sc);
    if (s.df == Dataflow::os) {
        c.need[oo] = std::min(s.arr.rows, s.fg.Sr) * std::min(s.arr.cols, s.fg.Sc) * wb;
        c.max_store = c.need[oo];
        refills_[oo] = out.tiles * s.groups;
    } else if (s.fg.row_folds > 1 && !m.psum_onchip) {
        const int64_t spill = (s.fg.row_folds - 1) * s.fg.Sc * s.fg.T * pb * s.groups;
        c.write_bytes += spill;
        c.read_bytes[oo] += spill;
        c.bursts += 2 * (ceil_div(spill, mem_.burst_bytes) + c.steps);
        c.packets += 2 * (ceil_div(spill, mem_.packet_bytes) + c.steps);
        c.need[oo] = 2 * piece * pb;  // a read-back and the store of the same step
        c.max_store = piece * std::max(pb, wb);
        refills_[oo] = c.steps;
    } else {
        if (s.fg.row_folds > 1) c.accum_bytes = accum_elems(m) * pb;
        c.need[oo] = piece * wb;
        c.max_store = c.need[oo];
        refills_[oo] = out.tiles * s.groups;
    }
    tile_bytes_[oo] = c.need[oo];
    c.double_buffered[oo] = c.accum_bytes + 2 * c.need[oo] <= cap_[oo];
    out_buffer_ = cap_[oo] - c.accum_bytes - (c.need[oo] - c.max_store);  // less read-backs
}

// The t tiles are all `tile` rows but the last, so each sum over them is (tiles - 1) times a
// full tile's term plus the last tile's (of T - (tiles - 1) * tile rows); the first fold's load
// is counted on the first tile (the last when there is one tile).
void CostModel::compute(const Mapping& m, MapCost& c) const {
    const LayerShape& s = base_.shape;
    const int64_t folds = s.fg.folds();
    const int64_t tile = s.block(Loop::t, m), tiles = s.trips(Loop::t, m);
    c.fold_execs = folds * tiles * s.groups;
    if (tiles <= 0) return;
    const int64_t n = folds * s.groups;
    auto add = [&](int64_t t, int64_t count) {  // `count` tiles of t rows
        const FoldCycles rest = fold_cycles(s.df, s.arr, t, false, s.preload);
        c.compute_cycles += count * n * (t + rest.skew + rest.load);
        c.steps += count * n * ceil_div(t, m.step);
    };
    const int64_t last = s.fg.T - (tiles - 1) * tile;
    add(tile, tiles - 1);
    add(last, 1);
    if (first_band_) {
        const int64_t t0 = tiles > 1 ? tile : last;
        c.compute_cycles += fold_cycles(s.df, s.arr, t0, true, s.preload).load -
                            fold_cycles(s.df, s.arr, t0, false, s.preload).load;
    }
}

void CostModel::estimate(const Mapping& m, MapCost& c) const {
    const double S = mem_.bytes_per_cycle, lat = mem_.latency_cycles;
    const double outstanding = static_cast<double>(mem_.max_outstanding);
    double mem = S > 0 ? static_cast<double>(c.bursts * mem_.burst_bytes) / S : 0;
    if (c.packets > 0) {  // the DMA keeps max_outstanding packets in flight
        const double bytes = static_cast<double>(c.dram_bytes()) / static_cast<double>(c.packets);
        const double trip = lat + (S > 0 ? bytes / S : 0);
        mem = std::max(mem, static_cast<double>(c.packets) * trip / outstanding);
    }
    double exposed = lat + (S > 0 ? static_cast<double>(first_bytes_) / S : 0);  // the head
    c.head_cycles = exposed;
    exposed += front_cycles_;
    if (out_packet_bytes_ > 0) {  // the tail: the last outputs still to write
        const double trip = lat + (S > 0 ? out_packet_bytes_ / S : 0);
        double drain = outstanding * out_packet_bytes_ / trip;  // bytes per cycle
        if (S > 0) {  // fills come first: stores get what the fills leave on average
            const double fills = static_cast<double>(c.dram_bytes() - c.write_bytes) /
                                 std::max(1.0, static_cast<double>(c.compute_cycles));
            drain = std::min(drain, std::max(S - fills, 0.1 * S));
        }
        const double unit = static_cast<double>(unit_bytes_);
        const double buffer = static_cast<double>(std::max<int64_t>(out_buffer_, c.max_store));
        const double left = unit - drain * static_cast<double>(unit_cycles_);  // after its pass
        exposed += static_cast<double>(units_) * std::max(0.0, left - buffer) / drain;
        // The last unit: no fills are left, the stores have the memory path to themselves.
        const double alone = S > 0 ? std::min(S, outstanding * out_packet_bytes_ / trip)
                                   : outstanding * out_packet_bytes_ / trip;
        exposed += std::max(std::min(left, buffer), static_cast<double>(c.max_store)) / alone + lat;
    }
    for (int o = 0; o < kOperands; ++o) {
        if (c.double_buffered[o]) continue;
        const double fetch = S > 0 ? static_cast<double>(tile_bytes_[o]) / S : 0;
        exposed += static_cast<double>(refills_[o]) * (lat + fetch);
    }
    c.est_cycles = std::max(static_cast<double>(c.compute_cycles) + stream_cycles(m, c), mem) +
                   exposed;
}

// Operands streamed per step (double-buffered in steps): a step's fill can start only when the
// step two before it has released its buffer, and must be in by the time the step before it
// ends, so each fill has the previous step's cycles (plus, across a fold boundary, the fold's
// load and skew) to arrive in; what it needs beyond that, at the supply, stalls the array.
double CostModel::stream_cycles(const Mapping& m, const MapCost& c) const {
    const LayerShape& s = base_.shape;
    const double S = mem_.bytes_per_cycle, lat = mem_.latency_cycles;
    if (S <= 0) return 0;
    const double pk = static_cast<double>(mem_.packet_bytes);
    const double supply =
        std::min(S, static_cast<double>(mem_.max_outstanding) * pk / (lat + pk / S));
    double streamed = 0;
    for (Operand o : {Operand::ifmap, Operand::filter}) {
        const int oi = static_cast<int>(o);
        if (m.level[oi] == kLevelStep && o != s.roles.X && c.double_buffered[oi])
            streamed += static_cast<double>(c.read_bytes[oi]);
    }
    const int64_t folds = s.fg.folds() * s.groups;
    if (streamed <= 0 || folds <= 0) return 0;
    const double per_row = streamed / static_cast<double>(folds * s.fg.T);  // bytes per row
    auto late = [&](int64_t rows, double window) {
        return std::max(0.0, lat + per_row * static_cast<double>(rows) / supply - window);
    };
    const int64_t tile = s.block(Loop::t, m), tiles = s.trips(Loop::t, m);
    double total = 0;
    for (int64_t i = 0; i < tiles; ++i) {
        const int64_t t = std::min(tile, s.fg.T - i * tile);
        const FoldCycles fc = fold_cycles(s.df, s.arr, t, false, s.preload);
        const int64_t st = std::min(m.step, t), n = ceil_div(t, st), last = t - (n - 1) * st;
        double e = late(st, static_cast<double>(last + fc.skew + fc.load));  // a fold's first
        if (n >= 3) e += static_cast<double>(n - 2) * late(st, static_cast<double>(st));
        if (n >= 2) e += late(last, static_cast<double>(st));
        total += e * static_cast<double>(folds);
    }
    return total;
}

// Each class of equal bands priced by its band's model, times its bands (cost.hpp).
MapCost CostModel::evaluate_banded(const Mapping& m) {
    Mapping inner = m;
    inner.band = 0;
    MapCost c;
    c.feasible = true;
    int64_t bands = 0;
    double heads = 0;
    for (const BandClass& k : band_classes(base_.shape, m.band)) {
        const MapCost b = band_model(k.span, k.first).evaluate(inner);
        const int64_t n = k.count;
        bands += n;
        c.too_fine = c.too_fine || b.too_fine;
        c.exact = c.exact && b.exact;
        if (c.feasible && !b.feasible) {
            c.feasible = false;
            c.why = b.why;
        }
        c.fold_execs += n * b.fold_execs;
        c.steps += n * b.steps;
        c.compute_cycles += n * b.compute_cycles;
        for (int o = 0; o < kOperands; ++o) {
            c.read_bytes[o] += n * b.read_bytes[o];
            c.need[o] = std::max(c.need[o], b.need[o]);
            c.double_buffered[o] = c.double_buffered[o] && b.double_buffered[o];
        }
        c.write_bytes += n * b.write_bytes;
        c.bursts += n * b.bursts;
        c.packets += n * b.packets;
        c.accum_bytes = std::max(c.accum_bytes, b.accum_bytes);
        c.max_store = std::max(c.max_store, b.max_store);
        c.est_cycles += static_cast<double>(n) * b.est_cycles;
        if (k.first) c.head_cycles = b.head_cycles;
        else heads += static_cast<double>(n) * b.head_cycles;
    }
    if (c.steps > mapping_limits::max_steps) c.too_fine = true;
    if (c.too_fine) c.feasible = false;
    c.est_cycles -= heads;
    (void)bands;
    return c;
}

MapCost CostModel::evaluate(const Mapping& m) {
    if (banded(base_.shape, m)) return evaluate_banded(m);
    MapCost c;
    first_bytes_ = 0;
    front_cycles_ = 0;
    compute(m, c);
    if (c.steps > mapping_limits::max_steps) {
        c.too_fine = true;
        return c;
    }
    for (Operand o : {Operand::ifmap, Operand::filter})
        if (o != base_.shape.roles.X || base_.shape.df != Dataflow::os) add_input(o, m, c);
    add_outputs(m, c);
    if (c.too_fine) return c;
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
