// What one tile of an activation costs the memory path, for the cost model (cost.hpp): its bytes
// and the DRAM bursts and DMA packets its runs touch (the addresses the walker's fills carry,
// layout.hpp), remembered per tile: the mapper prices many tilings that share tiles (a t tile
// cut in one step is the same tile as a block of that size; tilings of different steps share
// the K blocks of their common ranges), so each tile's addresses are made and counted once.
// Leaves out: nothing of the count; the memo only saves recounting.
#pragma once
#include <cstdint>
#include <unordered_map>

#include "sim/mapping/burst_table.hpp"
#include "sim/mapping/walker.hpp"

namespace sasim {

struct TileCount {
    int64_t bytes = 0, bursts = 0, packets = 0;
};

class TileCounter {
public:
    // `ml`: the layer, its placement and layout (its shape's word size); it must outlive this.
    TileCounter(const MappedLayer& ml, int64_t burst_bytes, int64_t packet_bytes);
    // One group's tile: ifmap, the im2col block of pixels [m0, m1) (of the whole layer's M) x
    // window columns [j0, j1); ofmap, the output block of pixels [m0, m1) x filters [j0, j1).
    TileCount count(Operand o, int64_t m0, int64_t m1, int64_t j0, int64_t j1);

private:
    struct Key {
        int o;
        int64_t m0, m1, j0, j1;
        bool operator==(const Key& k) const {
            return o == k.o && m0 == k.m0 && m1 == k.m1 && j0 == k.j0 && j1 == k.j1;
        }
    };
    struct KeyHash {
        size_t operator()(const Key& k) const;
    };
    TileCount walk(Operand o, int64_t m0, int64_t m1, int64_t j0, int64_t j1);

    const MappedLayer& ml_;
    BurstTable bursts_, packets_;
    std::unordered_map<Key, TileCount, KeyHash> memo_;
};

}  // namespace sasim
