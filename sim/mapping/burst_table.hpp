// Bursts of one size that address patterns touch, counted as pattern_bursts
// (models/common/addr.hpp) counts them, for the cost model's many tiles: a pattern whose runs are
// not aligned to the burst costs pattern_bursts two floor sums per row (the runs of its innermost
// level, at one index of the outer two), and a gathered ifmap tile has a row per output row.
// Here what one row touches is remembered per row shape and alignment. A row of c runs of `run`
// bytes, s apart, starting at base = q*B + r, touches
//   G(r) = floor_sum(c, B, s mod B, r + run - 1) - floor_sum(c, B, s mod B, r) + c
// bursts: its run i touches floor((base + i*s + run - 1) / B) - floor((base + i*s) / B) + 1;
// adding q*B to base adds q to both floors, and s = u*B + (s mod B) adds u*i to both, so both
// cancel: G depends on r = base mod B alone, and one table of B entries per shape (c, s mod B,
// run) serves every row of that shape at any address.
// Leaves out: nothing of the count. Tables are kept for bursts of at most kMaxBurst bytes and up
// to kMaxEntries entries in all; past that, rows are counted by floor sums as pattern_bursts does.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "models/common/addr.hpp"

namespace sasim {

class BurstTable {
public:
    static constexpr int64_t kMaxBurst = int64_t{1} << 14;
    static constexpr int64_t kMaxEntries = int64_t{1} << 20;

    explicit BurstTable(int64_t burst) : burst_(burst) {}
    // = pattern_bursts(p, burst)
    int64_t count(const AddrPattern& p);

private:
    struct Shape {
        int64_t c, s, run;  // runs per row, their stride mod the burst, bytes per run
        bool operator==(const Shape& o) const { return c == o.c && s == o.s && run == o.run; }
    };
    struct ShapeHash {
        size_t operator()(const Shape& k) const;
    };
    int64_t row(const Shape& shape, int64_t r) const;  // G(r)
    std::vector<int64_t>* table(const Shape& shape);   // null when no room for another
    std::vector<int64_t>* find_table(const Shape& shape);

    int64_t burst_;
    int64_t entries_ = 0;
    std::unordered_map<Shape, std::vector<int64_t>, ShapeHash> tables_;
    Shape last_shape_{0, 0, 0};
    std::vector<int64_t>* last_ = nullptr;  // the table of last_shape_ (elements never move)
};

}  // namespace sasim
