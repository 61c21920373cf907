// Counters owned by the models, registered once with a name, unit and description.
// Per-layer numbers are differences of snapshots taken at layer boundaries: nothing resets.
// A model reads its own counters over such an interval (a StatSpan) into a plain struct, with
// the formulas that combine them next to the counters (e.g. Scratchpad::reading); the names
// are for the stats dump only.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace sasim {

struct Counter {
    std::string name;  // dotted: "<module>.<what>"
    std::string unit;
    std::string desc;
    int64_t value = 0;
    size_t index = 0;  // its place in the registry's snapshots
    void add(int64_t v) { value += v; }
};

// How far each counter moved over an interval: snapshots at its two ends.
class StatSpan {
public:
    StatSpan(const std::vector<int64_t>& before, const std::vector<int64_t>& after)
        : before_(before), after_(after) {}
    int64_t operator()(const Counter& c) const { return after_[c.index] - before_[c.index]; }

private:
    const std::vector<int64_t>& before_;
    const std::vector<int64_t>& after_;
};

class StatRegistry {
public:
    // The returned reference stays valid for the registry's lifetime.
    Counter& add(std::string name, std::string unit, std::string desc);
    std::vector<int64_t> snapshot() const;
    const std::deque<Counter>& counters() const { return counters_; }
    // Index of a counter by name; throws std::logic_error if it was never registered.
    size_t index(const std::string& name) const;

private:
    std::deque<Counter> counters_;
};

}  // namespace sasim
