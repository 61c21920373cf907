// A mapping of one layer onto the array: the loop nest over fold executions, the tiles of each
// operand kept on chip, buffering, and where partial sums accumulate.
//
// The array fixes how the GEMM of one group (M pixels x N filters, K window) lands on it per
// dataflow: Sr along rows, Sc along columns, T through time (os: M,N,K; ws: K,N,M; is: K,M,N).
// Three loops walk the work: `a` over row folds (Sr in blocks of R), `b` over column folds (Sc in
// blocks of C) and `t` over tiles of the streamed extent (T in tiles of `tile`). One iteration
// of all three is a fold execution: the stationary block is shifted in, `tile` rows stream in
// steps of `step`, the pipeline drains. With t innermost a fold streams all of T (SCALE-Sim's
// fold); outside, every t tile is a fold execution of its own (a load and a drain each).
// Per dataflow the operands sit on the loops as X on (a, b), Y on (a, t), Z on (b, t):
//   ws: X = filter (stationary), Y = ifmap, Z = ofmap (partial sums reduce over a)
//   is: X = ifmap (stationary),  Y = filter, Z = ofmap (partial sums reduce over a)
//   os: X = ofmap (accumulates in the PEs over t), Y = ifmap, Z = filter
// An input operand's tile is held at a level: whole (fetched once per group), per loop L
// (a new tile whenever L or a loop outside it advances; kept while the loops inside L run), or
// per step (streamed, double-buffered in steps).
// Outside all three loops an optional band loop walks M (images x output pixels) in bands
// (sim/mapping/band.hpp): the nest runs once per band, as it would for a layer of the band's
// pixels; a tile of an operand that varies with M (the ifmap, the outputs) belongs to its band,
// the filter held whole is fetched once for all bands, at any other level once per band.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "models/common/dataflow.hpp"
#include "models/common/gemm.hpp"
#include "models/common/operand.hpp"
#include "models/systolic/systolic_timing.hpp"

namespace sasim {

enum class Loop { a = 0, b = 1, t = 2 };

struct Roles {
    Operand X, Y, Z;
    bool psums;  // partial sums of Z reduce over a (ws, is); os accumulates in the PEs
};
Roles roles_of(Dataflow df);

// GEMM dimension letter of a loop under a dataflow (ws: a=K b=N t=M; os: a=M b=N t=K;
// is: a=K b=M t=N).
char loop_letter(Dataflow df, Loop l);

// Half-open ranges of one loop (or of M).
struct Span {
    int64_t lo = 0, hi = 0;
    int64_t size() const { return hi - lo; }
};

constexpr int kLevelWhole = 0;
constexpr int kLevelStep = 4;

struct Mapping {
    std::array<Loop, 3> order{Loop::b, Loop::a, Loop::t};  // outermost first
    int64_t tile = 0;  // streamed extent of one t tile (T: one tile)
    int64_t step = 0;  // streamed extent of one step
    // Per operand (ifmap, filter; the ofmap entry is unused): kLevelWhole, 1..3 (held while the
    // loops inside order[level - 1] run) or kLevelStep.
    int level[kOperands] = {kLevelStep, kLevelStep, kLevelStep};
    bool double_buffered[kOperands] = {true, true, true};  // ofmap: output buffers
    bool psum_onchip = true;  // ws/is: partial sums accumulate in the ofmap scratchpad
    int64_t band = 0;  // output pixels per band of M (band.hpp); 0: one band, all of M

    bool t_innermost() const { return order[2] == Loop::t; }
    int position(Loop l) const;  // 0 outermost .. 2 innermost
};

// One group's GEMM on the array, with what a mapping needs to know about it.
struct LayerShape {
    Dataflow df;
    ArrayShape arr;
    GemmShape gemm;  // one group
    FoldGeometry fg;
    Roles roles;
    int64_t groups = 1;
    int64_t word_bytes = 1, psum_bytes = 4;
    bool preload = false;
    int64_t P = 1, Q = 1;  // output rows and columns of one image (M = images x P x Q)

    int64_t extent(Loop l) const;               // Sr, Sc or T
    int64_t block(Loop l, const Mapping& m) const;  // R, C or the tile
    int64_t trips(Loop l, const Mapping& m) const;  // row folds, column folds, t tiles
    // Whether operand `o` (a physical operand) varies along loop `l`.
    bool depends(Operand o, Loop l) const;
};

// The two loops an input operand's tiles run along: (M side, K side) for the ifmap, (K side,
// N side) for the filter. ws: ifmap (t, a), filter (a, b); os: ifmap (a, t), filter (t, b);
// is: ifmap (b, a), filter (a, t).
std::pair<Loop, Loop> operand_sides(Dataflow df, Operand o);

// "N>K>M tile=3025 step=2048 ifmap=whole filter=per-K psum=chip" (no commas: a CSV cell); a
// banded mapping says "band=<pixels>" after the order, and its tile is within the band.
std::string mapping_text(const LayerShape& s, const Mapping& m);

// The inverse of mapping_text for this layer: order, tile, step, both input levels and (ws, is)
// psum; buffering suffixes ("/1buf", "out=1buf") are accepted and ignored (the cost model
// derives them). False with `why` set if the text is not a mapping of this layer.
bool parse_mapping_text(const LayerShape& s, const std::string& text, Mapping& m,
                        std::string& why);

// Parses a loop order of GEMM letters, outermost first ("NKM"); false if it is not one.
bool parse_order(Dataflow df, const std::string& text, std::array<Loop, 3>& order);

}  // namespace sasim
