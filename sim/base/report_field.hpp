// What a report column or field holds, declared where the report is written, so that readers
// (checks, sweeps) know the names and kinds without formatting a run and parsing it back.
#pragma once
#include <string>

namespace sasim {

enum class ValueKind {
    text,      // a name or label
    count,     // an integer that adds up over layers (cycles, bytes, MACs)
    number,    // any other number (rates, percentages, energies with decimals)
    optional,  // a number, or empty where it does not apply (row-hit rates without rows)
};

struct ReportField {
    std::string name;
    ValueKind kind;
};

}  // namespace sasim
