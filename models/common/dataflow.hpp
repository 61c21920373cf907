// Dataflow of a systolic array: which operand stays in the PEs while the others stream.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sasim {

enum class Dataflow { os, ws, is };

inline const char* to_string(Dataflow d) {
    switch (d) {
        case Dataflow::os:
            return "os";
        case Dataflow::ws:
            return "ws";
        case Dataflow::is:
            return "is";
    }
    return "?";
}

inline std::optional<Dataflow> parse_dataflow(std::string_view s) {
    if (s == "os") return Dataflow::os;
    if (s == "ws") return Dataflow::ws;
    if (s == "is") return Dataflow::is;
    return std::nullopt;
}

}  // namespace sasim
