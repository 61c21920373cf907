// How much of something was going on over time (plain C++): a count as a step function of
// simulated time in femtoseconds — requests queued at a resource, transfers on a bus, DMA packets
// in flight — reported by the models as they schedule work. Intervals may arrive out of order
// (a bank-level DRAM reports a burst's queueing when it completes). The array asks, after a
// stall, what went on during it (stall_attribution.hpp); forget_before() folds away the past no
// later question reaches.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

namespace sasim {

class ActivityLog {
public:
    // The count is one higher over [begin, end).
    void add(uint64_t begin, uint64_t end) {
        if (end <= begin || end <= horizon_) return;
        step(begin, +1);
        step(end, -1);
    }
    // The count changes by `d` from `t` on. Changes mostly arrive in time order: appended.
    void step(uint64_t t, int64_t d) {
        if (t <= horizon_) {
            base_ += d;
            return;
        }
        auto it = delta_.end();
        if (delta_.size() > head_ && delta_.back().first >= t)
            it = std::lower_bound(delta_.begin() + static_cast<std::ptrdiff_t>(head_),
                                  delta_.end(), t,
                                  [](const Change& c, uint64_t v) { return c.first < v; });
        if (it != delta_.end() && it->first == t) {
            if ((it->second += d) == 0) delta_.erase(it);
        } else {
            delta_.insert(it, Change{t, d});
        }
    }

    // No question reaches before `t` again: changes up to `t` fold into the count from then on.
    void forget_before(uint64_t t) {
        if (t <= horizon_) return;
        const auto end = after(t);
        for (auto it = first(); it != end; ++it) base_ += it->second;
        head_ = static_cast<size_t>(end - delta_.begin());
        if (head_ >= 64 && 2 * head_ >= delta_.size()) {  // drop the folded prefix now and then
            delta_.erase(delta_.begin(), delta_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
        horizon_ = t;
    }

    // The count at `t` (not before the horizon).
    int64_t at(uint64_t t) const {
        int64_t c = base_;
        for (auto it = first(); it != delta_.end() && it->first <= t; ++it) c += it->second;
        return c;
    }

    // Time within [t0, t1) with a count above zero.
    uint64_t covered(uint64_t t0, uint64_t t1) const {
        if (t1 <= t0) return 0;
        uint64_t sum = 0, from = t0;
        int64_t c = at(t0);
        for (auto it = after(t0); it != delta_.end() && it->first < t1; ++it) {
            if (c > 0) sum += it->first - from;
            from = it->first;
            c += it->second;
        }
        if (c > 0) sum += t1 - from;
        return sum;
    }

    size_t changes() const { return delta_.size() - head_; }
    static const ActivityLog& none() {  // nothing ever goes on
        static const ActivityLog empty;
        return empty;
    }

    // Walks the count forward in time from `t0` (the log must not change meanwhile).
    class Cursor {
    public:
        Cursor(const ActivityLog& l, uint64_t t0)
            : it_(l.after(t0)), end_(l.delta_.end()), count_(l.at(t0)) {}
        int64_t count() const { return count_; }
        // When the count next changes (UINT64_MAX: never).
        uint64_t next_change() const { return it_ != end_ ? it_->first : UINT64_MAX; }
        void advance_to(uint64_t t) {
            for (; it_ != end_ && it_->first <= t; ++it_) count_ += it_->second;
        }

    private:
        std::vector<std::pair<uint64_t, int64_t>>::const_iterator it_, end_;
        int64_t count_;
    };

private:
    using Change = std::pair<uint64_t, int64_t>;  // time, change of the count
    using Iter = std::vector<Change>::const_iterator;
    Iter first() const { return delta_.begin() + static_cast<std::ptrdiff_t>(head_); }
    Iter after(uint64_t t) const {  // the first change later than t
        return std::upper_bound(first(), delta_.end(), t,
                                [](uint64_t v, const Change& c) { return v < c.first; });
    }

    // Changes after the horizon from head_ on, by time (no two at one time, none zero); the
    // entries before head_ are folded into base_ and dropped in bulk.
    std::vector<Change> delta_;
    size_t head_ = 0;
    int64_t base_ = 0;  // the count at the horizon
    uint64_t horizon_ = 0;
};

}  // namespace sasim
