// The fills of a layer made early, while the layer before it ran (network.prefetch_filters):
// which fill ids they are, the scratchpad bytes they hold when their layer starts, and the book
// their completions go to. Two sets, by the layer's parity: while layer i runs, its own early
// fills (set i % 2) may still be in flight and layer i+1's (set (i+1) % 2) are being made.
//
// Contract: the controller writes set L only before layer L starts (clear(L), then add() in
// increasing id order); from layer L's start on, the units that run it only read it.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <systemc>
#include <vector>

#include "models/common/completion_book.hpp"

namespace sasim {

class AheadFills {
public:
    void clear(int64_t layer) {
        Set& s = set(layer);
        s.book.clear();
        s.ids.clear();
        s.bytes = 0;
        s.first = sc_core::SC_ZERO_TIME;
    }
    void add(int64_t layer, int64_t id, int64_t bytes) {
        Set& s = set(layer);
        if (s.ids.empty()) s.first = sc_core::sc_time_stamp();
        s.ids.push_back(id);
        s.bytes += bytes;
    }
    bool has(int64_t layer, int64_t id) const {
        const std::vector<int64_t>& v = set(layer).ids;
        return !v.empty() && std::binary_search(v.begin(), v.end(), id);
    }
    int64_t count(int64_t layer) const { return static_cast<int64_t>(set(layer).ids.size()); }
    int64_t bytes(int64_t layer) const { return set(layer).bytes; }
    sc_core::sc_time first(int64_t layer) const { return set(layer).first; }  // first one made
    CompletionBook& book(int64_t layer) { return set(layer).book; }
    CompletionBook* book_at(int parity) { return &sets_[static_cast<size_t>(parity)].book; }
    static int parity(int64_t layer) { return static_cast<int>(layer & 1); }

private:
    struct Set {
        CompletionBook book;
        std::vector<int64_t> ids;
        int64_t bytes = 0;
        sc_core::sc_time first;
    };
    Set& set(int64_t layer) { return sets_[static_cast<size_t>(layer & 1)]; }
    const Set& set(int64_t layer) const { return sets_[static_cast<size_t>(layer & 1)]; }
    std::array<Set, 2> sets_;
};

}  // namespace sasim
