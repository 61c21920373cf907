#include "sim/mapping/tile_count.hpp"

namespace sasim {

TileCounter::TileCounter(const MappedLayer& ml, int64_t burst_bytes, int64_t packet_bytes)
    : ml_(ml), bursts_(burst_bytes), packets_(packet_bytes) {}

size_t TileCounter::KeyHash::operator()(const Key& k) const {
    uint64_t h = static_cast<uint64_t>(k.o);
    for (int64_t v : {k.m0, k.m1, k.j0, k.j1})
        h = (h ^ static_cast<uint64_t>(v)) * 0x100000001b3ULL;  // FNV-1a style mixing
    return static_cast<size_t>(h ^ (h >> 29));
}

TileCount TileCounter::count(Operand o, int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
    const Key key{static_cast<int>(o), m0, m1, j0, j1};
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    const TileCount c = walk(o, m0, m1, j0, j1);
    memo_.emplace(key, c);
    return c;
}

TileCount TileCounter::walk(Operand o, int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
    const Layer& l = ml_.layer;
    const int64_t wb = ml_.shape.word_bytes;
    const AddrList addr = o == Operand::ifmap
                              ? ifmap_block(l, ml_.place.ifmap, 0, m0, m1, j0, j1, ml_.layout, wb)
                              : ofmap_block(l, ml_.place.ofmap, 0, m0, m1, j0, j1, ml_.layout, wb);
    TileCount c;
    for (const AddrPattern& p : addr) {
        c.bytes += p.bytes();
        c.bursts += bursts_.count(p);
        c.packets += packets_.count(p);
    }
    return c;
}

}  // namespace sasim
