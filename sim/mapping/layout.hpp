// Where a layer's tensors live in DRAM and which addresses a tile of them covers.
//
// Activations (ifmap, ofmap) are real 4-D tensors in `mapping.layout` order (NHWC or NCHW),
// unpadded; a layer's ofmap and the next layer's ifmap are one region when their element counts
// match. The raw input a tile of the im2col matrix needs is fetched as one box per output-pixel
// rectangle: the hull of the rows and columns its windows cover, its channel range (so a stride
// larger than the filter fetches the skipped rows too). Weights are stored the way the mapping
// reads them (a compiler packs them offline): each weight tile is one contiguous run. Spilled
// partial sums go to a scratch region, one contiguous run per tile.
// Leaves out: padding in memory (never stored), alignment of rows to bursts.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/addr.hpp"
#include "sim/config/config.hpp"
#include "sim/workload/layer.hpp"

namespace sasim {

// A box of a 4-D activation tensor: [n0, n1) x [h0, h1) x [w0, w1) x [c0, c1).
struct Box4 {
    int64_t n0 = 0, n1 = 0, h0 = 0, h1 = 0, w0 = 0, w1 = 0, c0 = 0, c1 = 0;
    bool empty() const { return n1 <= n0 || h1 <= h0 || w1 <= w0 || c1 <= c0; }
    int64_t elems() const { return empty() ? 0 : (n1 - n0) * (h1 - h0) * (w1 - w0) * (c1 - c0); }
};

// An activation tensor N x H x W x C in DRAM.
struct TensorPlace {
    uint64_t base = 0;
    int64_t N = 1, H = 1, W = 1, C = 1;
    // The box's runs: the fewest, longest runs the layout allows.
    AddrPattern pattern(const Box4& b, TensorLayout layout, int64_t word_bytes) const;
};

// A rectangle of output pixels: images [n0, n1), rows [p0, p1), columns [q0, q1).
struct PixelRect {
    int64_t n0, n1, p0, p1, q0, q1;
};
// At most five rectangles (a partial first row, a partial image head, whole images, a partial
// image tail, a partial last row), held in place: the cost model makes them for every tile.
struct PixelRects {
    std::array<PixelRect, 5> r;
    size_t n = 0;
    void push_back(const PixelRect& x) { r[n++] = x; }
    size_t size() const { return n; }
    const PixelRect* begin() const { return r.data(); }
    const PixelRect* end() const { return r.data() + n; }
};
// The im2col rows [m0, m1) (m = (n*P + p)*Q + q) as rectangles.
PixelRects pixel_rects(int64_t m0, int64_t m1, int64_t P, int64_t Q);

// Bounding box of a window range: im2col columns [j0, j1) (j = (r*S + s)*Cg + c).
struct WindowBox {
    int64_t r0, r1, s0, s1, c0, c1;  // half-open
};
WindowBox window_box(int64_t j0, int64_t j1, int64_t S, int64_t Cg);

// One layer's tensors in DRAM. A vector layer's filter region holds its second input (add,
// mul) or parameters (affine); it has no partial-sum region.
struct LayerPlacement {
    TensorPlace ifmap, ofmap;
    uint64_t filter_base = 0, psum_base = 0;
    uint64_t end = 0;  // first address after the layer's own regions
};

// Places every layer's tensors, one after another from address 0 (regions 4 KiB aligned); the
// layers are those that run (vector layers too; an activation fused into a GEMM is no layer).
std::vector<LayerPlacement> place_layers(const std::vector<Layer>& layers, int64_t word_bytes,
                                         int64_t psum_bytes);

// Raw ifmap addresses one group's im2col block [m0, m1) x [j0, j1) needs, fetched the cheaper
// of two ways: as boxes (one per pixel rectangle: the hull of the rows and columns its windows
// cover, each raw element once) or gathered tap by tap (for each filter tap, the elements its
// windows read at that tap: exactly the block's non-padding elements, an element shared by
// taps fetched once per tap). None when the block reads only padding.
AddrList ifmap_block(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                     int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes);
// The same into `out` (replaced; `spare` is scratch): their storage is reused from tile to tile.
void ifmap_block(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                 int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes, AddrList& out,
                 AddrList& spare);
// The two ways on their own (the second form of each appends to `out`).
AddrList ifmap_boxes(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                     int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes);
void ifmap_boxes(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                 int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes, AddrList& out);
AddrList ifmap_gather(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                      int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes);
void ifmap_gather(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                  int64_t j0, int64_t j1, TensorLayout layout, int64_t word_bytes, AddrList& out);

// Whole input rows [h0, h1) of image n, the group's channels.
AddrPattern ifmap_rows(const Layer& l, const TensorPlace& t, int64_t group, int64_t n, int64_t h0,
                       int64_t h1, TensorLayout layout, int64_t word_bytes);

// Output addresses of one group's output block [m0, m1) x filters [k0, k1).
AddrList ofmap_block(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                     int64_t k0, int64_t k1, TensorLayout layout, int64_t word_bytes);
// The same appended to `out`.
void ofmap_block(const Layer& l, const TensorPlace& t, int64_t group, int64_t m0, int64_t m1,
                 int64_t k0, int64_t k1, TensorLayout layout, int64_t word_bytes, AddrList& out);

// Input rows of image-relative output rows [p0, p1) for window rows [r0, r1): [h0, h1), clipped.
void input_rows(const Layer& l, int64_t p0, int64_t p1, int64_t r0, int64_t r1, int64_t& h0,
                int64_t& h1);

}  // namespace sasim
