// mapping.from: the mappings of an earlier run, read from its layers.csv (the `layer` and
// `mapping` columns), to pin each layer's mapping instead of searching (what-if runs use it, so
// a variant measures its cause alone). The text of each mapping is parsed per layer by
// parse_mapping_text (mapping.hpp) when the layer's shape is known. Rows of vector layers (their
// `mapping` cell describes tiles, "vector tiles=..."), are read like any other and never looked
// up: a vector layer has no mapping to pin. A `kept_ofmap_bytes` column, when the file has one,
// also pins whether each layer keeps its output on chip (network.keep_ofmap, when on).
#pragma once
#include <map>
#include <string>

namespace sasim {

struct PinnedMapping {
    std::string text;   // mapping_text of the layer, as layers.csv holds it
    std::string where;  // "FILE:LINE", for messages
    int kept = -1;      // kept_ofmap_bytes > 0: 1, = 0: 0; no such column: -1
};
using PinnedMappings = std::map<std::string, PinnedMapping>;  // by layer name

// Throws InputError naming the file when it is no layers.csv (no `layer` or `mapping` column).
PinnedMappings parse_pinned_mappings(const std::string& text, const std::string& path);
// The file (at most 64 MiB), parsed; InputError if it cannot be read.
PinnedMappings read_pinned_mappings(const std::string& path);

}  // namespace sasim
