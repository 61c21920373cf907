// "Did you mean ...?" for unknown names in any input file: the nearest candidate by edit
// distance, one rule for configs, sweep specs and checks files.
#pragma once
#include <string>
#include <vector>

namespace sasim {

size_t edit_distance(const std::string& a, const std::string& b);

// "; did you mean 'array.rows'?" for the nearest candidate within distance 3 (comparing whole
// names, and for dotted names also their last parts, so `[sram] rows` still finds array.rows),
// keeping at least half of the shorter name ("zzz" is not near "cl"); "" when none is near.
std::string suggestion(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace sasim
