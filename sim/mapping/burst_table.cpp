#include "sim/mapping/burst_table.hpp"

namespace sasim {

size_t BurstTable::ShapeHash::operator()(const Shape& k) const {
    uint64_t h = 0;
    for (int64_t v : {k.c, k.s, k.run}) {  // each value mixed in by MurmurHash3's finalizer
        h ^= static_cast<uint64_t>(v);
        h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdULL;
        h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 33;
    }
    return static_cast<size_t>(h);
}

int64_t BurstTable::row(const Shape& shape, int64_t r) const {
    const uint64_t c = static_cast<uint64_t>(shape.c), b = static_cast<uint64_t>(burst_),
                   s = static_cast<uint64_t>(shape.s), x = static_cast<uint64_t>(r);
    return static_cast<int64_t>(floor_sum(c, b, s, x + static_cast<uint64_t>(shape.run) - 1) -
                                floor_sum(c, b, s, x) + c);
}

std::vector<int64_t>* BurstTable::table(const Shape& shape) {
    if (last_ && last_shape_ == shape) return last_;  // a tile's patterns often share a shape
    last_shape_ = shape;
    last_ = find_table(shape);
    return last_;
}

std::vector<int64_t>* BurstTable::find_table(const Shape& shape) {
    if (auto it = tables_.find(shape); it != tables_.end()) return &it->second;
    if (burst_ > kMaxBurst || entries_ + burst_ > kMaxEntries) return nullptr;
    entries_ += burst_;
    return &tables_.emplace(shape, std::vector<int64_t>(static_cast<size_t>(burst_), -1))
                .first->second;
}

int64_t BurstTable::count(const AddrPattern& p) {
    const int64_t B = burst_;
    if (p.run <= 0) return 0;
    bool aligned = true, plain = true;  // plain: a pattern the layout makes
    for (size_t k = 0; k < 3; ++k) {
        if (p.count[k] > 1 && p.stride[k] % B != 0) aligned = false;
        if (p.count[k] < 1 || p.stride[k] < 0) plain = false;
    }
    if (aligned || !plain) return pattern_bursts(p, B);
    const Shape shape{p.count[0], p.stride[0] % B, p.run};
    std::vector<int64_t>* t = table(shape);
    if (!t) return pattern_bursts(p, B);
    // r = base mod B; a power-of-two burst (as DRAM bursts and DMA packets are) by a mask.
    const uint64_t ub = static_cast<uint64_t>(B);
    const bool pow2 = (ub & (ub - 1)) == 0;
    int64_t n = 0;
    for (int64_t i2 = 0; i2 < p.count[2]; ++i2)
        for (int64_t i1 = 0; i1 < p.count[1]; ++i1) {
            const uint64_t base =
                p.base + static_cast<uint64_t>(i1 * p.stride[1] + i2 * p.stride[2]);
            const int64_t r = static_cast<int64_t>(pow2 ? base & (ub - 1) : base % ub);
            int64_t& g = (*t)[static_cast<size_t>(r)];
            if (g < 0) g = row(shape, r);
            n += g;
        }
    return n;
}

}  // namespace sasim
