// The three operands of a layer, each with its own scratchpad and DMA stream.
#pragma once
#include <cstdint>

namespace sasim {

// The DMA's four streams (ifmap, filter and partial-sum fills, ofmap drain), as the memory
// models count them (TransferInfo::stream).
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
