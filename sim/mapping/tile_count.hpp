// What one tile of an activation costs the memory path, for the cost model (cost.hpp): its bytes
// and the DRAM bursts and DMA packets its runs touch (the addresses the walker's fills carry,
// layout.hpp), remembered per tile: the mapper prices many tilings that share tiles (a t tile
// cut in one step is the same tile as a block of that size; tilings of different steps share
// the K blocks of their common ranges), so each tile's addresses are made and counted once.
// Tiles are remembered by rows: the tiles of one pixel range [m0, m1) across one partition of
// the other side (its blocks or steps), kept side by side, so a tiling's tiles, walked row by
// row, cost one look-up per row.
// Leaves out: nothing of the count; the memo only saves recounting.
#pragma once
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/mapping/burst_table.hpp"
#include "sim/mapping/walker.hpp"

namespace sasim {

struct TileCount {
    int64_t bytes = 0, bursts = 0, packets = 0;
};

class TileCounter {
public:
    // Partitions of a row of more columns than this are not remembered (counted each time).
    static constexpr int64_t kMaxRow = int64_t{1} << 12;

    // `ml`: the layer, its placement and layout (its shape's word size); it must outlive this.
    TileCounter(const MappedLayer& ml, int64_t burst_bytes, int64_t packet_bytes);
    // The row of tiles of pixels [m0, m1) (of the whole layer's M) across a partition of the
    // other side into `n` ranges, named by `part` (equal names, equal ranges); null when not
    // remembered. Valid as long as this counter.
    TileCount* row(Operand o, int64_t m0, int64_t m1, const std::array<int64_t, 3>& part,
                   int64_t n);
    // One group's tile: ifmap, the im2col block of pixels [m0, m1) x window columns [j0, j1);
    // ofmap, the output block of pixels [m0, m1) x filters [j0, j1); it is range k of `row`.
    TileCount count(TileCount* row, int64_t k, Operand o, int64_t m0, int64_t m1, int64_t j0,
                    int64_t j1);

private:
    using Key = std::array<int64_t, 6>;  // operand, m0, m1, the partition's name
    struct KeyHash {
        size_t operator()(const Key& k) const;
    };
    TileCount walk(Operand o, int64_t m0, int64_t m1, int64_t j0, int64_t j1);

    const MappedLayer& ml_;
    BurstTable bursts_, packets_;
    AddrList addr_, spare_;  // a tile's patterns (storage reused from tile to tile)
    // Rows by key; a tile not yet counted has bytes < 0. A row's storage never moves.
    std::unordered_map<Key, std::vector<TileCount>, KeyHash> rows_;
};

}  // namespace sasim
