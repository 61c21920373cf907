// Counters owned by the models, registered once with a name, unit and description.
// Per-layer numbers are differences of snapshots taken at layer boundaries: nothing resets.
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
    void add(int64_t v) { value += v; }
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
