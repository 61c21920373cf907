// Parameters of how the controller runs a network's layers across their boundaries. Defaults,
// ranges and units live in the config field table.
#pragma once

namespace sasim {

struct NetworkParams {
    bool prefetch_filters;  // the next layer's first filter tiles are fetched during this one
    bool keep_ofmap;        // an output that fits stays in the ofmap scratchpad for the next layer
};

}  // namespace sasim
