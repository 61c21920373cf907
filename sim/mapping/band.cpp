#include "sim/mapping/band.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sasim {

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

Loop m_loop(Dataflow df) {
    if (df == Dataflow::ws) return Loop::t;
    if (df == Dataflow::os) return Loop::a;
    return Loop::b;
}

bool banded(const LayerShape& s, const Mapping& m) { return m.band > 0 && m.band < s.gemm.M; }

bool valid_band(const LayerShape& s, int64_t band, std::string& why) {
    const int64_t image = s.P * s.Q;
    if (band <= 0 || band >= s.gemm.M) {
        why = fmt::format("band={} is not fewer than the layer's {} output pixels", band, s.gemm.M);
        return false;
    }
    if (band % image == 0 || (band < image && band % s.Q == 0)) return true;
    why = fmt::format("band={} is neither whole images ({} pixels each) nor whole output rows "
                      "of one image ({} pixels each)",
                      band, image, s.Q);
    return false;
}

int64_t band_count(const LayerShape& s, int64_t band) {
    const int64_t M = s.gemm.M, image = s.P * s.Q;
    if (band <= 0 || band >= M) return 1;
    if (band % image == 0) return ceil_div(M, band);
    return (M / image) * ceil_div(s.P, band / s.Q);
}

Span band_at(const LayerShape& s, int64_t band, int64_t k) {
    const int64_t M = s.gemm.M, image = s.P * s.Q;
    if (band <= 0 || band >= M) return {0, M};
    if (band % image == 0) return {k * band, std::min(M, (k + 1) * band)};
    const int64_t r = band / s.Q, per_image = ceil_div(s.P, r);
    const int64_t n = k / per_image, j = k % per_image;
    return {n * image + j * r * s.Q, n * image + std::min(s.P, (j + 1) * r) * s.Q};
}

LayerShape band_shape(const LayerShape& s, int64_t pixels) {
    LayerShape b = s;
    b.gemm.M = pixels;
    b.fg = fold_geometry(s.df, b.gemm, s.arr);
    return b;
}

std::vector<BandClass> band_classes(const LayerShape& s, int64_t band) {
    const int64_t M = s.gemm.M, image = s.P * s.Q;
    std::vector<BandClass> out = {{band_at(s, band, 0), 1, true}};
    if (band <= 0 || band >= M) return out;
    if (band % image == 0) {
        const int64_t full = M / band;
        if (full >= 2) out.push_back({band_at(s, band, 1), full - 1, false});
        if (M % band != 0) out.push_back({band_at(s, band, full), 1, false});
        return out;
    }
    const int64_t images = M / image, per_image = ceil_div(s.P, band / s.Q);
    for (int64_t j = 0; j < per_image; ++j) {
        const int64_t count = images - (j == 0 ? 1 : 0);
        if (count > 0) out.push_back({band_at(s, band, j == 0 ? per_image : j), count, false});
    }
    return out;
}

}  // namespace sasim
