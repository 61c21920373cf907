#include "sim/footprint.hpp"

#include <algorithm>

namespace sasim {

IfmapFootprint::IfmapFootprint(const Layer& layer) : l_(layer), P_(layer.P()), Q_(layer.Q()) {
    const int64_t elems = l_.N * l_.H * l_.W * l_.Cg();
    stamp_.assign(static_cast<size_t>(elems), 0);
    fetched_.assign(static_cast<size_t>(elems), 0);
    untouched_ = elems;
}

int64_t IfmapFootprint::raw_index(int64_t m, int64_t j) const {
    const int64_t cg = l_.Cg();
    const int64_t q = m % Q_, p = (m / Q_) % P_, n = m / (P_ * Q_);
    const int64_t c = j % cg, s = (j / cg) % l_.S, r = j / (cg * l_.S);
    const int64_t h = p * l_.stride_h - l_.pad_h + r;
    const int64_t w = q * l_.stride_w - l_.pad_w + s;
    if (h < 0 || h >= l_.H || w < 0 || w >= l_.W) return -1;
    return ((n * l_.H + h) * l_.W + w) * cg + c;
}

int64_t IfmapFootprint::distinct(int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
    if (++epoch_ == 0) {  // wrapped: clear and start again
        std::fill(stamp_.begin(), stamp_.end(), 0);
        epoch_ = 1;
    }
    int64_t count = 0;
    for (int64_t m = m0; m < m1; ++m) {
        for (int64_t j = j0; j < j1; ++j) {
            const int64_t i = raw_index(m, j);
            if (i >= 0 && stamp_[static_cast<size_t>(i)] != epoch_) {
                stamp_[static_cast<size_t>(i)] = epoch_;
                ++count;
            }
        }
    }
    return count;
}

int64_t IfmapFootprint::first_touch(int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
    if (untouched_ == 0) return 0;
    int64_t count = 0;
    for (int64_t m = m0; m < m1; ++m) {
        for (int64_t j = j0; j < j1; ++j) {
            const int64_t i = raw_index(m, j);
            if (i >= 0 && !fetched_[static_cast<size_t>(i)]) {
                fetched_[static_cast<size_t>(i)] = 1;
                ++count;
            }
        }
    }
    untouched_ -= count;
    return count;
}

}  // namespace sasim
