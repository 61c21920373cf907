// Turns a mapped layer into its program events (models/common/program.hpp), walking the loop
// nest one step at a time: a tile is filled when a step first needs it and released after the
// last step that reads it; partial sums that do not stay on chip are stored after every row
// fold but the last and read back by the next one (after that store completed). A banded
// mapping walks the nest once per band of M (band.hpp), outermost within each group: at a
// band's end its ifmap tiles are released (the next band fetches its own input rows, the halo
// again) and so are the tiles held per loop; a filter held whole stays for every band.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/common/program.hpp"
#include "sim/mapping/event_queue.hpp"
#include "sim/mapping/layout.hpp"
#include "sim/mapping/mapping.hpp"

namespace sasim {

// Everything a walker reads; owned by the layer's plan, which outlives its walkers.
struct MappedLayer {
    Layer layer;
    LayerShape shape;
    Mapping map;
    LayerPlacement place;
    TensorLayout layout = TensorLayout::nhwc;
};

class MappedWalker : public ProgramWalker {
public:
    explicit MappedWalker(const MappedLayer& ml);
    bool next(ProgramEvent& e) override;

private:
    struct Held {  // the tile of an input operand held at levels 1..3
        std::array<int64_t, 4> key{-1, -1, -1, -1};
        int64_t bytes = 0;
    };
    void emit_step();
    bool advance();  // moves to the next step; false when the layer is done
    void begin_group();
    void end_group();
    void begin_band();
    void end_band();
    void input_fills(Operand o);
    void whole_fill(Operand o);
    void psum_fill();
    void make_step();
    Span span(Loop l, int gran) const;  // gran: 0 full, 1 the current tile/block, 2 the step
    Span band_span(Loop l, int gran) const;  // the same within the band (M from its first pixel)
    void fill(Operand o, int64_t bytes, AddrList addr, int64_t after_store = -1);
    void release(Operand o, int64_t bytes);
    AddrList tile_addr(Operand o, const Span& s1, const Span& s2, const std::array<int64_t, 4>& key,
                       int64_t bytes) const;
    int64_t psum_key() const;

    const MappedLayer& ml_;
    const LayerShape& full_;  // the layer's shape (addresses of partial sums)
    LayerShape s_;            // the current band's shape
    const Mapping& m_;
    Loop m_loop_;             // the loop along M, offset by the band's first pixel
    int64_t band_ = 0, bands_ = 1, m_off_ = 0;
    EventQueue q_;  // events made and not yet handed out; fill and store ids
    bool started_ = false, done_ = false;
    int64_t g_ = 0;
    std::array<int64_t, 3> idx_{0, 0, 0};  // by loop position, outermost first
    std::array<int64_t, 3> trips_{1, 1, 1};
    int64_t k_ = 0, steps_in_fold_ = 1;  // step within the fold execution
    int64_t step_ = 0, fold_ = 0;
    Held held_[kOperands];
    int64_t whole_bytes_[kOperands] = {0, 0, 0};
    std::vector<std::pair<int64_t, int64_t>> rows_fetched_;  // per image: input rows [lo, hi)
    std::unordered_set<int64_t> pieces_;                     // whole filter: tiles fetched
    int64_t step_release_[kOperands] = {0, 0, 0};            // given back after the step
    std::unordered_map<int64_t, int64_t> psum_store_;        // step region -> spilled store
};

}  // namespace sasim
