#include "sim/mapping/tile_count.hpp"

namespace sasim {

TileCounter::TileCounter(const MappedLayer& ml, int64_t burst_bytes, int64_t packet_bytes)
    : ml_(ml), bursts_(burst_bytes), packets_(packet_bytes) {}

size_t TileCounter::KeyHash::operator()(const Key& k) const {
    uint64_t h = 0;
    for (int64_t v : k) {  // each value mixed in by MurmurHash3's finalizer
        h ^= static_cast<uint64_t>(v);
        h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdULL;
        h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 33;
    }
    return static_cast<size_t>(h);
}

TileCount* TileCounter::row(Operand o, int64_t m0, int64_t m1, const std::array<int64_t, 3>& part,
                            int64_t n) {
    if (n > kMaxRow) return nullptr;
    const Key key{static_cast<int64_t>(o), m0, m1, part[0], part[1], part[2]};
    std::vector<TileCount>& r = rows_[key];
    if (r.empty()) r.assign(static_cast<size_t>(n), TileCount{-1, 0, 0});
    return r.data();
}

TileCount TileCounter::count(TileCount* row, int64_t k, Operand o, int64_t m0, int64_t m1,
                             int64_t j0, int64_t j1) {
    if (!row) return walk(o, m0, m1, j0, j1);
    TileCount& c = row[k];
    if (c.bytes < 0) c = walk(o, m0, m1, j0, j1);
    return c;
}

TileCount TileCounter::walk(Operand o, int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
    const Layer& l = ml_.layer;
    const int64_t wb = ml_.shape.word_bytes;
    if (o == Operand::ifmap) {
        ifmap_block(l, ml_.place.ifmap, 0, m0, m1, j0, j1, ml_.layout, wb, addr_, spare_);
    } else {
        addr_.clear();
        ofmap_block(l, ml_.place.ofmap, 0, m0, m1, j0, j1, ml_.layout, wb, addr_);
    }
    TileCount c;
    for (const AddrPattern& p : addr_) {
        c.bytes += p.bytes();
        c.bursts += bursts_.count(p);
        c.packets += packets_.count(p);
    }
    return c;
}

}  // namespace sasim
