#include "sim/mapping/footprint.hpp"

#include <algorithm>

namespace sasim {

IfmapFootprint::IfmapFootprint(const Layer& layer)
    : l_(layer), P_(layer.P()), Q_(layer.Q()), elems_(raw_elements(layer)), untouched_(elems_) {}

int64_t IfmapFootprint::raw_elements(const Layer& l) { return l.N * l.H * l.W * l.Cg(); }

template <class Visit>
void IfmapFootprint::walk(int64_t m0, int64_t m1, int64_t j0, int64_t j1, Visit&& visit) const {
    const int64_t cg = l_.Cg(), S = l_.S;
    const int64_t c0 = j0 % cg, s0 = (j0 / cg) % S, r0 = j0 / (cg * S);
    // Row m = (n*P + p)*Q + q, also stepped with carries.
    int64_t q = m0 % Q_, p = (m0 / Q_) % P_, n = m0 / (P_ * Q_);
    for (int64_t m = m0; m < m1; ++m) {
        const int64_t h0 = p * l_.stride_h - l_.pad_h, w0 = q * l_.stride_w - l_.pad_w;
        const int64_t nh = n * l_.H;
        if (++q == Q_) {  // on to the next row's output pixel
            q = 0;
            if (++p == P_) {
                p = 0;
                ++n;
            }
        }
        // Column j = (r*S + s)*cg + c, stepped with carries instead of divided out.
        int64_t r = r0, s = s0, c = c0;
        for (int64_t j = j0; j < j1;) {
            const int64_t h = h0 + r;
            if (h < 0 || h >= l_.H) {  // a padding row of the window: skip to the next r
                j += (S - s) * cg - c;
                ++r;
                s = c = 0;
                continue;
            }
            const int64_t run = std::min(cg - c, j1 - j);  // channels c.. of pixel (r, s)
            const int64_t w = w0 + s;
            if (w >= 0 && w < l_.W) {
                const int64_t base = ((nh + h) * l_.W + w) * cg + c;
                for (int64_t k = 0; k < run; ++k) visit(static_cast<size_t>(base + k));
            }
            j += run;
            c += run;
            if (c == cg) {
                c = 0;
                if (++s == S) {
                    s = 0;
                    ++r;
                }
            }
        }
    }
}

int64_t IfmapFootprint::distinct(int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
    if (stamp_.empty()) stamp_.assign(static_cast<size_t>(elems_), 0);
    if (++epoch_ == 0) {  // wrapped: clear and start again
        std::fill(stamp_.begin(), stamp_.end(), 0);
        epoch_ = 1;
    }
    int64_t count = 0;
    walk(m0, m1, j0, j1, [&](size_t i) {
        if (stamp_[i] != epoch_) {
            stamp_[i] = epoch_;
            ++count;
        }
    });
    return count;
}

int64_t IfmapFootprint::first_touch(int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
    if (untouched_ == 0) return 0;
    if (fetched_.empty()) fetched_.assign(static_cast<size_t>(elems_), 0);
    int64_t count = 0;
    walk(m0, m1, j0, j1, [&](size_t i) {
        if (!fetched_[i]) {
            fetched_[i] = 1;
            ++count;
        }
    });
    untouched_ -= count;
    return count;
}

}  // namespace sasim
