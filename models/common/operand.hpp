// The three operands of a layer, each with its own scratchpad and DMA stream.
#pragma once
#include <cstdint>

namespace sasim {

// The DMA gives each of its four streams (ifmap, filter and partial-sum fills, ofmap drain)
// its own address region of this size, so memory models can tell the streams apart.
constexpr uint64_t kStreamRegionBytes = uint64_t{1} << 30;
constexpr int kStreams = 4;
constexpr const char* kStreamNames[kStreams] = {"ifmap", "filter", "psum", "ofmap"};

enum class Operand { ifmap = 0, filter = 1, ofmap = 2 };
constexpr int kOperands = 3;

inline const char* to_string(Operand o) {
    switch (o) {
        case Operand::ifmap:
            return "ifmap";
        case Operand::filter:
            return "filter";
        case Operand::ofmap:
            return "ofmap";
    }
    return "?";
}

}  // namespace sasim
