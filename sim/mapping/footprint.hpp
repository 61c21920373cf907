// Which raw input elements a block of the im2col matrix touches. The array reads the im2col
// matrix A[M][K] of one group (rows m = (n*P + p)*Q + q, columns j = (r*S + s)*Cg + c); DRAM
// holds the raw, unpadded input, so a block costs its distinct raw elements, and padding none.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/workload/layer.hpp"

namespace sasim {

class IfmapFootprint {
public:
    explicit IfmapFootprint(const Layer& layer);

    // Raw input elements of one group, N*H*W*(C/groups): the length of the table behind
    // distinct() (4 bytes each) or first_touch() (1 byte each), allocated on first use.
    static int64_t raw_elements(const Layer& layer);

    // Distinct raw elements in rows [m0, m1) x columns [j0, j1).
    int64_t distinct(int64_t m0, int64_t m1, int64_t j0, int64_t j1);

    // Raw elements of the block not touched by any earlier first_touch() call.
    int64_t first_touch(int64_t m0, int64_t m1, int64_t j0, int64_t j1);
    int64_t untouched() const { return untouched_; }

private:
    // Calls visit(i) for the raw element index i (within one group) of every non-padding
    // position of the block, in row-major order; each row's columns are walked in runs of
    // consecutive channels, which share one input pixel and so need no division per element.
    template <class Visit>
    void walk(int64_t m0, int64_t m1, int64_t j0, int64_t j1, Visit&& visit) const;

    Layer l_;
    int64_t P_, Q_;
    int64_t elems_;
    std::vector<uint32_t> stamp_;  // epoch per raw element, for distinct()
    uint32_t epoch_ = 0;
    std::vector<uint8_t> fetched_;  // for first_touch()
    int64_t untouched_ = 0;
};

}  // namespace sasim
