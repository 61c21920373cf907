#include "models/common/stats.hpp"

#include <stdexcept>

namespace sasim {

Counter& StatRegistry::add(std::string name, std::string unit, std::string desc) {
    for (const Counter& c : counters_)
        if (c.name == name) throw std::logic_error("counter registered twice: " + name);
    counters_.push_back(
        Counter{std::move(name), std::move(unit), std::move(desc), 0, counters_.size()});
    return counters_.back();
}

std::vector<int64_t> StatRegistry::snapshot() const {
    std::vector<int64_t> v;
    v.reserve(counters_.size());
    for (const Counter& c : counters_) v.push_back(c.value);
    return v;
}

size_t StatRegistry::index(const std::string& name) const {
    for (size_t i = 0; i < counters_.size(); ++i)
        if (counters_[i].name == name) return i;
    throw std::logic_error("no counter named " + name);
}

}  // namespace sasim
