#include "sim/mapping/vector_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/base/errors.hpp"

namespace sasim {

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

std::string where(const Layer& l) {
    return fmt::format("{}: layer '{}'", l.source.empty() ? "config" : l.source, l.name);
}

// Refuses a scratchpad whose half (one tile's buffer) cannot hold `need` bytes.
void require_half(int64_t kb, int64_t need, const char* key, const Layer& l, const char* what) {
    if (kb * 1024 / 2 >= need) return;
    throw InputError(
        fmt::format("{}: {} = {} KiB is too small: one {} needs {} bytes per buffer, so the "
                    "double-buffered scratchpad needs at least {} KiB",
                    where(l), key, kb, what, need, ceil_div(2 * need, 1024)));
}

AddrList run_at(uint64_t base, int64_t bytes) {
    if (bytes <= 0) return {};
    AddrPattern p;
    p.base = base;
    p.run = bytes;
    return {p};
}

bool by_rows(VectorOp op) { return op == VectorOp::softmax || op == VectorOp::layernorm; }

}  // namespace

VectorPlan::VectorPlan(const Layer& layer, const LayerPlacement& place, const Config& cfg)
    : layer_(layer),
      place_(place),
      layout_(cfg.mapping.layout),
      op_(vector_op(layer.type)),
      vp_(cfg.vector),
      wb_(cfg.array.word_bytes) {
    const Layer& l = layer_;
    const int64_t rows = by_rows(op_) ? l.N * l.H * l.W : 0;
    const int64_t window = op_ == VectorOp::lrn ? l.R : l.R * l.S;
    work_ = vector_work(op_, {l.ifmap_elems(), l.ofmap_elems(), rows, window});
    if (by_rows(op_))
        plan_rows(cfg);
    else if (op_ == VectorOp::maxpool || op_ == VectorOp::avgpool)
        plan_pool(cfg);
    else if (op_ == VectorOp::lrn)
        plan_lrn(cfg);
    else
        plan_flat(cfg);
}

// Units of `unit` elements that fill what the DMA keeps in flight (max_outstanding packets):
// a smaller tile buys no more overlap, only per-tile costs.
int64_t VectorPlan::in_flight(const Config& cfg, int64_t unit) const {
    return ceil_div(cfg.dma.packet_bytes * cfg.dma.max_outstanding, unit * wb_);
}

int64_t VectorPlan::params_bytes() const {
    return op_ == VectorOp::affine ? 2 * layer_.C * wb_ : 0;
}

AddrList VectorPlan::params_addr() const { return run_at(place_.filter_base, params_bytes()); }

void VectorPlan::plan_flat(const Config& cfg) {
    const Layer& l = layer_;
    require_half(cfg.sram.ifmap_kb, wb_, "sram.ifmap_kb", l, "element");
    int64_t fit = cfg.sram.ifmap_kb * 512 / wb_;
    if (op_ != VectorOp::gap) {
        require_half(cfg.sram.ofmap_kb, wb_, "sram.ofmap_kb", l, "element");
        fit = std::min(fit, cfg.sram.ofmap_kb * 512 / wb_);
    }
    if (has_second_input(op_)) {
        require_half(cfg.sram.filter_kb, wb_, "sram.filter_kb", l, "element");
        fit = std::min(fit, cfg.sram.filter_kb * 512 / wb_);
    }
    if (params_bytes() > cfg.sram.filter_kb * 1024)
        throw InputError(fmt::format(
            "{}: sram.filter_kb = {} KiB is too small: the affine's parameters (a scale and a "
            "shift per channel, 2*C = {} elements) need {} bytes",
            where(l), cfg.sram.filter_kb, 2 * l.C, params_bytes()));
    if (op_ == VectorOp::gap) plan_gap_limit(cfg, fit);
    kind_ = Kind::flat;
    // At most 1/kMinTiles of the layer but not below what the DMA keeps in flight, in whole
    // lane groups (vector_plan.hpp).
    const int64_t least = std::max(ceil_div(l.ifmap_elems(), kMinTiles), in_flight(cfg, 1));
    fit = std::min(fit, std::max(vp_.lanes, ceil_div(least, vp_.lanes) * vp_.lanes));
    per_tile_ = std::min(fit >= vp_.lanes ? fit / vp_.lanes * vp_.lanes : fit, l.ifmap_elems());
    tiles_ = ceil_div(l.ifmap_elems(), per_tile_);
}

// gap's outputs of a plane (NCHW: 1 element per H*W) or an image (NHWC: C elements per H*W*C)
// are written by the tile that completes it: a tile of t elements completes at most
// (t - 1) / group + 1 of them, which must fit one output buffer.
void VectorPlan::plan_gap_limit(const Config& cfg, int64_t& fit) const {
    const Layer& l = layer_;
    const bool nchw = layout_ == TensorLayout::nchw;
    const int64_t group = nchw ? l.H * l.W : l.H * l.W * l.C, outs = nchw ? 1 : l.C;
    require_half(cfg.sram.ofmap_kb, outs * wb_, "sram.ofmap_kb", l,
                 nchw ? "output element" : "row of C outputs");
    const int64_t groups = cfg.sram.ofmap_kb * 512 / (outs * wb_);
    if ((fit - 1) / group + 1 > groups) fit = (groups - 1) * group + 1;
}

void VectorPlan::plan_rows(const Config& cfg) {
    const Layer& l = layer_;
    require_half(cfg.sram.ifmap_kb, l.C * wb_, "sram.ifmap_kb", l, "row of C elements");
    require_half(cfg.sram.ofmap_kb, l.C * wb_, "sram.ofmap_kb", l, "row of C elements");
    kind_ = Kind::rows;
    const int64_t rows = l.N * l.H * l.W;
    per_tile_ = std::min(std::min(cfg.sram.ifmap_kb, cfg.sram.ofmap_kb) * 512 / (l.C * wb_),
                         std::min(rows, std::max(ceil_div(rows, kMinTiles), in_flight(cfg, l.C))));
    tiles_ = ceil_div(rows, per_tile_);
}

void VectorPlan::plan_pool(const Config& cfg) {
    const Layer& l = layer_;
    const int64_t P = l.P(), Q = l.Q(), s = l.stride_h;
    const int64_t hi = cfg.sram.ifmap_kb * 512, ho = cfg.sram.ofmap_kb * 512;
    col_lo_ = 0;
    col_hi_ = std::min(l.W, (Q - 1) * l.stride_w - l.pad_w + l.S);
    const int64_t colb = (col_hi_ - col_lo_) * wb_;
    const int64_t band1 = std::min(l.H, l.R);  // input rows of one output row, at most
    // Output rows of a band of cb channels that fit: its input rows are at most (b-1)*s + R.
    auto max_band = [&](int64_t cb) {
        const int64_t rows_fit = hi / (colb * cb);
        const int64_t by_in = rows_fit >= l.H ? P : (rows_fit - l.R) / s + 1;
        return std::min({P, by_in, ho / (Q * wb_ * cb)});
    };
    kind_ = Kind::pool;
    const int64_t plane_in = (std::min(l.H, (P - 1) * s - l.pad_h + l.R)) * colb;
    if (layout_ == TensorLayout::nchw && plane_in <= hi && P * Q * wb_ <= ho) {
        per_tile_ = std::min({l.C, hi / plane_in, ho / (P * Q * wb_)});  // whole planes
        per_tile2_ = P;
    } else if (layout_ == TensorLayout::nhwc && band1 * colb * l.C <= hi && Q * wb_ * l.C <= ho) {
        per_tile_ = l.C;  // bands of output rows with every channel
        per_tile2_ = max_band(l.C);
    } else {
        require_half(cfg.sram.ifmap_kb, band1 * colb, "sram.ifmap_kb", l,
                     "band of R input rows of one channel");
        require_half(cfg.sram.ofmap_kb, Q * wb_, "sram.ofmap_kb", l, "output row of one channel");
        if (layout_ == TensorLayout::nchw) {  // bands of one plane
            per_tile_ = 1;
            per_tile2_ = max_band(1);
        } else {  // one output row, as many channels as fit
            per_tile_ = std::min({l.C, hi / (band1 * colb), ho / (Q * wb_)});
            per_tile2_ = 1;
        }
    }
    blocks_ = ceil_div(l.C, per_tile_);
    blocks2_ = ceil_div(P, per_tile2_);
    tiles_ = l.N * blocks_ * blocks2_;
}

void VectorPlan::plan_lrn(const Config& cfg) {
    const Layer& l = layer_;
    const int64_t hw = l.H * l.W, size = l.R;
    const int64_t hi = cfg.sram.ifmap_kb * 512, ho = cfg.sram.ofmap_kb * 512;
    kind_ = Kind::lrn;
    if (l.C * wb_ <= std::min(hi, ho)) {  // every channel of a block of pixels
        per_tile_ = l.C;
        per_tile2_ = std::min(hw, std::min(hi, ho) / (l.C * wb_));
    } else {  // blocks of channels, each with the size - 1 neighbours its sums need
        const int64_t span = std::min(size, l.C);
        require_half(cfg.sram.ifmap_kb, span * wb_, "sram.ifmap_kb", l, "pixel of `size` channels");
        per_tile2_ = std::min({hw, hi / (span * wb_), ho / wb_});
        per_tile_ = std::clamp<int64_t>(
            std::min(hi / (per_tile2_ * wb_) - (span - 1), ho / (per_tile2_ * wb_)), 1, l.C);
    }
    blocks_ = ceil_div(l.C, per_tile_);
    // At least kMinTiles tiles per image (pixel blocks share no input: no cost in bytes).
    if (blocks_ < kMinTiles)
        per_tile2_ = std::min(per_tile2_, std::max(ceil_div(hw, ceil_div(kMinTiles, blocks_)),
                                                   in_flight(cfg, per_tile_)));
    blocks2_ = ceil_div(hw, per_tile2_);
    tiles_ = l.N * blocks_ * blocks2_;
}

AddrList VectorPlan::pixel_boxes(const TensorPlace& t, int64_t m0, int64_t m1, int64_t c0,
                                 int64_t c1) const {
    AddrList out;
    for (const PixelRect& r : pixel_rects(m0, m1, t.H, t.W)) {
        const Box4 b{r.n0, r.n1, r.p0, r.p1, r.q0, r.q1, c0, c1};
        if (!b.empty()) out.push_back(t.pattern(b, layout_, wb_));
    }
    return out;
}

void VectorPlan::flat_tile(int64_t i, VectorTile& t) const {
    const Layer& l = layer_;
    const int64_t e0 = i * per_tile_, e1 = std::min(l.ifmap_elems(), e0 + per_tile_);
    const uint64_t off = static_cast<uint64_t>(e0 * wb_);
    t.in = e1 - e0;
    t.in_addr = run_at(place_.ifmap.base + off, t.in * wb_);
    if (has_second_input(op_)) {
        t.in2 = t.in;
        t.in2_addr = run_at(place_.filter_base + off, t.in2 * wb_);
    }
    if (op_ == VectorOp::gap) {  // the planes (NCHW) or images (NHWC) the run completes
        const bool nchw = layout_ == TensorLayout::nchw;
        const int64_t group = nchw ? l.H * l.W : l.H * l.W * l.C, outs = nchw ? 1 : l.C;
        const int64_t k0 = e0 / group, k1 = e1 / group;
        t.out = (k1 - k0) * outs;
        t.out_addr =
            run_at(place_.ofmap.base + static_cast<uint64_t>(k0 * outs * wb_), t.out * wb_);
    } else {
        t.out = t.in;
        t.out_addr = run_at(place_.ofmap.base + off, t.out * wb_);
    }
    t.work = vector_work(op_, {t.in, t.out, 0, 1});
}

void VectorPlan::pool_tile(int64_t i, VectorTile& t) const {
    const Layer& l = layer_;
    const int64_t n = i / (blocks_ * blocks2_), r = i % (blocks_ * blocks2_);
    const int64_t c0 = r / blocks2_ * per_tile_, c1 = std::min(l.C, c0 + per_tile_);
    const int64_t p0 = r % blocks2_ * per_tile2_, p1 = std::min(l.P(), p0 + per_tile2_);
    const Box4 in{n,
                  n + 1,
                  std::max<int64_t>(0, p0 * l.stride_h - l.pad_h),
                  std::min(l.H, (p1 - 1) * l.stride_h - l.pad_h + l.R),
                  col_lo_,
                  col_hi_,
                  c0,
                  c1};
    const Box4 out{n, n + 1, p0, p1, 0, l.Q(), c0, c1};
    t.in = in.elems();
    t.out = out.elems();
    t.in_addr = {place_.ifmap.pattern(in, layout_, wb_)};
    t.out_addr = {place_.ofmap.pattern(out, layout_, wb_)};
    t.work = vector_work(op_, {t.in, t.out, 0, l.R * l.S});
}

void VectorPlan::lrn_tile(int64_t i, VectorTile& t) const {
    const Layer& l = layer_;
    const int64_t hw = l.H * l.W;
    const int64_t n = i / (blocks_ * blocks2_), r = i % (blocks_ * blocks2_);
    const int64_t c0 = r / blocks2_ * per_tile_, c1 = std::min(l.C, c0 + per_tile_);
    const int64_t x0 = r % blocks2_ * per_tile2_, x1 = std::min(hw, x0 + per_tile2_);
    const int64_t lo = (l.R - 1) / 2, hi = l.R - 1 - lo;  // ONNX's window around channel c
    const int64_t ci0 = std::max<int64_t>(0, c0 - lo), ci1 = std::min(l.C, c1 + hi);
    t.in = (ci1 - ci0) * (x1 - x0);
    t.out = (c1 - c0) * (x1 - x0);
    t.in_addr = pixel_boxes(place_.ifmap, n * hw + x0, n * hw + x1, ci0, ci1);
    t.out_addr = pixel_boxes(place_.ofmap, n * hw + x0, n * hw + x1, c0, c1);
    t.work = vector_work(op_, {t.in, t.out, 0, l.R});
}

VectorTile VectorPlan::tile(int64_t i) const {
    VectorTile t;
    const Layer& l = layer_;
    switch (kind_) {
        case Kind::flat:
            flat_tile(i, t);
            break;
        case Kind::rows: {
            const int64_t m0 = i * per_tile_, m1 = std::min(l.N * l.H * l.W, m0 + per_tile_);
            t.in = t.out = (m1 - m0) * l.C;
            t.in_addr = pixel_boxes(place_.ifmap, m0, m1, 0, l.C);
            t.out_addr = pixel_boxes(place_.ofmap, m0, m1, 0, l.C);
            t.work = vector_work(op_, {t.in, t.out, m1 - m0, 1});
            break;
        }
        case Kind::pool:
            pool_tile(i, t);
            break;
        case Kind::lrn:
            lrn_tile(i, t);
            break;
    }
    return t;
}

int64_t VectorPlan::max_store_bytes() const {
    const Layer& l = layer_;
    int64_t elems = 0;
    switch (kind_) {
        case Kind::flat:
            if (op_ == VectorOp::gap) {
                const bool nchw = layout_ == TensorLayout::nchw;
                const int64_t group = nchw ? l.H * l.W : l.H * l.W * l.C;
                elems = ((per_tile_ - 1) / group + 1) * (nchw ? 1 : l.C);
            } else {
                elems = per_tile_;
            }
            break;
        case Kind::rows:
            elems = per_tile_ * l.C;
            break;
        case Kind::pool:
            elems = per_tile_ * per_tile2_ * l.Q();
            break;
        case Kind::lrn:
            elems = per_tile_ * per_tile2_;
            break;
    }
    return std::min(elems, l.ofmap_elems()) * wb_;
}

std::string VectorPlan::describe() const {
    switch (kind_) {
        case Kind::flat:
            return fmt::format("vector tiles={} elements={}", tiles_, per_tile_);
        case Kind::rows:
            return fmt::format("vector tiles={} rows={}x{}", tiles_, per_tile_, layer_.C);
        case Kind::pool:
            return fmt::format("vector tiles={} channels={} out_rows={}", tiles_, per_tile_,
                               per_tile2_);
        case Kind::lrn:
            return fmt::format("vector tiles={} channels={} pixels={}", tiles_, per_tile_,
                               per_tile2_);
    }
    return "";
}

}  // namespace sasim
