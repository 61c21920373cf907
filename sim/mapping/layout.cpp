#include "sim/mapping/layout.hpp"

#include <algorithm>

namespace sasim {

namespace {

constexpr uint64_t kRegionAlign = 4096;

uint64_t align_up(uint64_t a) { return (a + kRegionAlign - 1) / kRegionAlign * kRegionAlign; }

// Runs of a box whose dimensions are listed innermost first (extent of the box, extent of the
// tensor, element stride): contiguous dimensions merge into the run while the box spans them
// whole; the rest become the pattern's counted levels (at most three remain for four dims).
AddrPattern box_pattern(uint64_t base, const int64_t lo[4], const int64_t len[4],
                        const int64_t full[4], int64_t word_bytes) {
    int64_t stride[4];
    stride[0] = word_bytes;
    for (int d = 1; d < 4; ++d) stride[d] = stride[d - 1] * full[d - 1];
    AddrPattern p;
    p.base = base;
    for (int d = 0; d < 4; ++d) p.base += static_cast<uint64_t>(lo[d] * stride[d]);
    int d = 0;
    p.run = len[0] * word_bytes;
    while (d < 3 && len[d] == full[d]) {
        ++d;
        p.run *= len[d];
    }
    for (int k = 0; k < 3 && d + 1 + k < 4; ++k) {
        p.count[k] = len[d + 1 + k];
        p.stride[k] = stride[d + 1 + k];
    }
    return p;
}

}  // namespace

AddrPattern TensorPlace::pattern(const Box4& b, TensorLayout layout, int64_t word_bytes) const {
    if (b.empty()) return AddrPattern{base, 0, {0, 1, 1}, {0, 0, 0}};
    if (layout == TensorLayout::nhwc) {
        const int64_t lo[4] = {b.c0, b.w0, b.h0, b.n0};
        const int64_t len[4] = {b.c1 - b.c0, b.w1 - b.w0, b.h1 - b.h0, b.n1 - b.n0};
        const int64_t full[4] = {C, W, H, N};
        return box_pattern(base, lo, len, full, word_bytes);
    }
    const int64_t lo[4] = {b.w0, b.h0, b.c0, b.n0};
    const int64_t len[4] = {b.w1 - b.w0, b.h1 - b.h0, b.c1 - b.c0, b.n1 - b.n0};
    const int64_t full[4] = {W, H, C, N};
    return box_pattern(base, lo, len, full, word_bytes);
}

PixelRects pixel_rects(int64_t m0, int64_t m1, int64_t P, int64_t Q) {
    PixelRects out;
    if (m1 <= m0) return out;
    // Global output rows g = n*P + p, first and last (inclusive) touched.
    int64_t g0 = m0 / Q, q0 = m0 % Q;
    const int64_t g1 = (m1 - 1) / Q, q1 = (m1 - 1) % Q + 1;
    if (g0 == g1) {
        out.push_back({g0 / P, g0 / P + 1, g0 % P, g0 % P + 1, q0, q1});
        return out;
    }
    if (q0 != 0) {  // partial first row
        out.push_back({g0 / P, g0 / P + 1, g0 % P, g0 % P + 1, q0, Q});
        ++g0;
    }
    int64_t last_full = q1 == Q ? g1 : g1 - 1;  // inclusive
    if (g0 <= last_full) {
        // Full rows g0..last_full: a partial image head, whole images, a partial image tail.
        int64_t n = g0 / P, p = g0 % P;
        const int64_t nl = last_full / P, pl = last_full % P;
        if (n == nl) {
            out.push_back({n, n + 1, p, pl + 1, 0, Q});
        } else {
            if (p != 0) {
                out.push_back({n, n + 1, p, P, 0, Q});
                ++n;
            }
            const int64_t whole_end = pl == P - 1 ? nl + 1 : nl;
            if (n < whole_end) out.push_back({n, whole_end, 0, P, 0, Q});
            if (pl != P - 1) out.push_back({nl, nl + 1, 0, pl + 1, 0, Q});
        }
    }
    if (q1 != Q) out.push_back({g1 / P, g1 / P + 1, g1 % P, g1 % P + 1, 0, q1});
    return out;
}

WindowBox window_box(int64_t j0, int64_t j1, int64_t S, int64_t Cg) {
    WindowBox b{0, 0, 0, S, 0, Cg};
    const int64_t last = j1 - 1;
    b.r0 = j0 / (S * Cg);
    b.r1 = last / (S * Cg) + 1;
    if (b.r1 - b.r0 == 1) {
        b.s0 = (j0 / Cg) % S;
        b.s1 = (last / Cg) % S + 1;
        if (b.s1 - b.s0 == 1) {
            b.c0 = j0 % Cg;
            b.c1 = last % Cg + 1;
        }
    }
    return b;
}

void input_rows(const Layer& l, int64_t p0, int64_t p1, int64_t r0, int64_t r1, int64_t& h0,
                int64_t& h1) {
    h0 = std::max<int64_t>(0, p0 * l.stride_h - l.pad_h + r0);
    h1 = std::min<int64_t>(l.H, (p1 - 1) * l.stride_h - l.pad_h + r1);
}

std::vector<LayerPlacement> place_layers(const std::vector<Layer>& layers, int64_t word_bytes,
                                         int64_t psum_bytes) {
    std::vector<LayerPlacement> out;
    uint64_t next = 0;
    for (size_t i = 0; i < layers.size(); ++i) {
        const Layer& l = layers[i];
        LayerPlacement pl;
        pl.ifmap = {0, l.N, l.H, l.W, l.C};
        if (i > 0 && layers[i - 1].ofmap_elems() == l.ifmap_elems()) {
            pl.ifmap.base = out.back().ofmap.base;  // the previous layer's output, read back
        } else {
            pl.ifmap.base = next;
            next = align_up(next + static_cast<uint64_t>(l.ifmap_elems() * word_bytes));
        }
        pl.filter_base = next;
        next = align_up(next + static_cast<uint64_t>(l.filter_elems() * word_bytes));
        pl.ofmap = {next, l.N, l.P(), l.Q(), l.K};
        next = align_up(next + static_cast<uint64_t>(l.ofmap_elems() * word_bytes));
        pl.psum_base = next;
        if (!is_vector(l.type))  // the vector unit spills no partial sums
            next = align_up(next + static_cast<uint64_t>(l.ofmap_elems() * psum_bytes));
        pl.end = next;
        out.push_back(pl);
    }
    return out;
}

AddrList ifmap_block(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                     int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes) {
    AddrList out, spare;
    ifmap_block(l, t, group, m0, m1, j0, j1, layout, word_bytes, out, spare);
    return out;
}

void ifmap_block(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                 int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes, AddrList& out,
                 AddrList& spare) {
    out.clear();
    ifmap_boxes(l, t, group, m0, m1, j0, j1, layout, word_bytes, out);
    // The gather never moves more than the im2col block itself: try it only when the boxes do.
    if (total_bytes(out) <= (m1 - m0) * (j1 - j0) * word_bytes) return;
    spare.clear();
    ifmap_gather(l, t, group, m0, m1, j0, j1, layout, word_bytes, spare);
    if (total_bytes(spare) < total_bytes(out)) out.swap(spare);
}

namespace {

// Output positions [lo, hi) whose window reads input index p * stride - pad + tap inside [0, n).
void valid_range(int64_t lo, int64_t hi, int64_t stride, int64_t pad, int64_t tap, int64_t n,
                 int64_t& a, int64_t& b) {
    const int64_t first = pad - tap > 0 ? (pad - tap + stride - 1) / stride : 0;  // ceil
    const int64_t last = (n - 1 + pad - tap) >= 0 ? (n - 1 + pad - tap) / stride : -1;
    a = std::max(lo, first);
    b = std::min(hi, last + 1);
}

}  // namespace

AddrList ifmap_gather(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                      int64_t j0, int64_t j1, TensorLayout layout, int64_t wb) {
    AddrList out;
    ifmap_gather(l, t, group, m0, m1, j0, j1, layout, wb, out);
    return out;
}

void ifmap_gather(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                  int64_t j0, int64_t j1, TensorLayout layout, int64_t wb, AddrList& out) {
    const int64_t cg = l.Cg();
    const PixelRects rects = pixel_rects(m0, m1, l.P(), l.Q());
    for (int64_t j = j0; j < j1;) {  // one tap (r, s) and its channel run at a time
        const int64_t c0 = j % cg, s = (j / cg) % l.S, r = j / (cg * l.S);
        const int64_t c1 = std::min(cg, c0 + (j1 - j));
        j += c1 - c0;
        for (const PixelRect& x : rects) {
            int64_t p0, p1, q0, q1;
            valid_range(x.p0, x.p1, l.stride_h, l.pad_h, r, l.H, p0, p1);
            valid_range(x.q0, x.q1, l.stride_w, l.pad_w, s, l.W, q0, q1);
            if (p1 <= p0 || q1 <= q0) continue;
            const int64_t c = group * cg + c0, h0 = p0 * l.stride_h - l.pad_h + r,
                          w0 = q0 * l.stride_w - l.pad_w + s;
            for (int64_t n = x.n0; n < x.n1; ++n) {
                AddrPattern p;
                if (layout == TensorLayout::nhwc) {
                    p.base = t.base + static_cast<uint64_t>(
                                          (((n * t.H + h0) * t.W + w0) * t.C + c) * wb);
                    p.run = (c1 - c0) * wb;
                    p.count = {q1 - q0, p1 - p0, 1};
                    p.stride = {l.stride_w * t.C * wb, l.stride_h * t.W * t.C * wb, 0};
                    if (c1 - c0 == t.C && l.stride_w == 1) {  // whole pixels, side by side
                        p.run *= q1 - q0;
                        p.count = {p1 - p0, 1, 1};
                        p.stride = {l.stride_h * t.W * t.C * wb, 0, 0};
                    }
                } else {
                    p.base = t.base + static_cast<uint64_t>(
                                          (((n * t.C + c) * t.H + h0) * t.W + w0) * wb);
                    const bool dense = l.stride_w == 1;
                    p.run = dense ? (q1 - q0) * wb : wb;
                    p.count = {dense ? p1 - p0 : q1 - q0, dense ? c1 - c0 : p1 - p0,
                               dense ? 1 : c1 - c0};
                    p.stride = {dense ? l.stride_h * t.W * wb : l.stride_w * wb,
                                dense ? t.H * t.W * wb : l.stride_h * t.W * wb,
                                dense ? 0 : t.H * t.W * wb};
                }
                out.push_back(p);
            }
        }
    }
}

AddrList ifmap_boxes(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                     int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes) {
    AddrList out;
    ifmap_boxes(l, t, group, m0, m1, j0, j1, layout, word_bytes, out);
    return out;
}

void ifmap_boxes(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                 int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes, AddrList& out) {
    if (m1 <= m0 || j1 <= j0) return;
    const WindowBox wbx = window_box(j0, j1, l.S, l.Cg());
    for (const PixelRect& r : pixel_rects(m0, m1, l.P(), l.Q())) {
        Box4 b;
        b.n0 = r.n0;
        b.n1 = r.n1;
        input_rows(l, r.p0, r.p1, wbx.r0, wbx.r1, b.h0, b.h1);
        b.w0 = std::max<int64_t>(0, r.q0 * l.stride_w - l.pad_w + wbx.s0);
        b.w1 = std::min<int64_t>(l.W, (r.q1 - 1) * l.stride_w - l.pad_w + wbx.s1);
        b.c0 = group * l.Cg() + wbx.c0;
        b.c1 = group * l.Cg() + wbx.c1;
        if (!b.empty()) out.push_back(t.pattern(b, layout, word_bytes));
    }
}

AddrPattern ifmap_rows(const Layer& l, const TensorPlace& t, int64_t group, int64_t n, int64_t h0,
                       int64_t h1, TensorLayout layout, int64_t word_bytes) {
    const Box4 b{n, n + 1, h0, h1, 0, l.W, group * l.Cg(), (group + 1) * l.Cg()};
    return t.pattern(b, layout, word_bytes);
}

AddrList ofmap_block(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                     int64_t k0, int64_t k1, TensorLayout layout, int64_t word_bytes) {
    AddrList out;
    ofmap_block(l, t, group, m0, m1, k0, k1, layout, word_bytes, out);
    return out;
}

void ofmap_block(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                 int64_t k0, int64_t k1, TensorLayout layout, int64_t word_bytes, AddrList& out) {
    for (const PixelRect& r : pixel_rects(m0, m1, l.P(), l.Q())) {
        const Box4 b{r.n0, r.n1, r.p0, r.p1, r.q0, r.q1, group * l.Kg() + k0, group * l.Kg() + k1};
        if (!b.empty()) out.push_back(t.pattern(b, layout, word_bytes));
    }
}

}  // namespace sasim
