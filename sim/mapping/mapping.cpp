#include "sim/mapping/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sasim {

Roles roles_of(Dataflow df) {
    switch (df) {
        case Dataflow::ws:
            return {Operand::filter, Operand::ifmap, Operand::ofmap, true};
        case Dataflow::is:
            return {Operand::ifmap, Operand::filter, Operand::ofmap, true};
        case Dataflow::os:
            break;
    }
    return {Operand::ofmap, Operand::ifmap, Operand::filter, false};
}

char loop_letter(Dataflow df, Loop l) {
    static const char letters[3][4] = {{'M', 'N', 'K'}, {'K', 'N', 'M'}, {'K', 'M', 'N'}};
    return letters[static_cast<int>(df)][static_cast<int>(l)];
}

int Mapping::position(Loop l) const {
    return static_cast<int>(std::find(order.begin(), order.end(), l) - order.begin());
}

int64_t LayerShape::extent(Loop l) const {
    switch (l) {
        case Loop::a:
            return fg.Sr;
        case Loop::b:
            return fg.Sc;
        case Loop::t:
            break;
    }
    return fg.T;
}

int64_t LayerShape::block(Loop l, const Mapping& m) const {
    switch (l) {
        case Loop::a:
            return arr.rows;
        case Loop::b:
            return arr.cols;
        case Loop::t:
            break;
    }
    return m.t_innermost() ? fg.T : m.tile;
}

int64_t LayerShape::trips(Loop l, const Mapping& m) const {
    const int64_t b = block(l, m);
    return b > 0 ? (extent(l) + b - 1) / b : 0;
}

bool LayerShape::depends(Operand o, Loop l) const {
    if (o == roles.X) return l != Loop::t;
    if (o == roles.Y) return l != Loop::b;
    return l != Loop::a;  // Z
}

std::pair<Loop, Loop> operand_sides(Dataflow df, Operand o) {
    if (o == Operand::ifmap) {
        if (df == Dataflow::ws) return {Loop::t, Loop::a};
        if (df == Dataflow::os) return {Loop::a, Loop::t};
        return {Loop::b, Loop::a};
    }
    if (df == Dataflow::ws) return {Loop::a, Loop::b};
    if (df == Dataflow::os) return {Loop::t, Loop::b};
    return {Loop::a, Loop::t};
}

namespace {

std::string level_text(const LayerShape& s, const Mapping& m, Operand o) {
    const int lv = m.level[static_cast<int>(o)];
    std::string t = lv == kLevelWhole  ? "whole"
                    : lv == kLevelStep ? "per-step"
                                       : std::string("per-") + loop_letter(s.df, m.order[lv - 1]);
    if (!m.double_buffered[static_cast<int>(o)]) t += "/1buf";
    return t;
}

}  // namespace

std::string mapping_text(const LayerShape& s, const Mapping& m) {
    std::string order;
    for (int i = 0; i < 3; ++i) {
        if (i) order += '>';
        order += loop_letter(s.df, m.order[i]);
    }
    std::string text = fmt::format("{} tile={} step={}", order, s.block(Loop::t, m), m.step);
    for (Operand o : {Operand::ifmap, Operand::filter})
        if (o != s.roles.X || s.df != Dataflow::os) text += fmt::format(" {}={}", to_string(o),
                                                                         level_text(s, m, o));
    if (s.roles.psums) text += m.psum_onchip ? " psum=chip" : " psum=spill";
    if (!m.double_buffered[static_cast<int>(Operand::ofmap)]) text += " out=1buf";
    return text;
}

bool parse_order(Dataflow df, const std::string& text, std::array<Loop, 3>& order) {
    if (text.size() != 3) return false;
    bool seen[3] = {false, false, false};
    for (int i = 0; i < 3; ++i) {
        bool found = false;
        for (Loop l : {Loop::a, Loop::b, Loop::t}) {
            if (loop_letter(df, l) != text[static_cast<size_t>(i)]) continue;
            if (seen[static_cast<int>(l)]) return false;
            seen[static_cast<int>(l)] = found = true;
            order[static_cast<size_t>(i)] = l;
        }
        if (!found) return false;
    }
    return true;
}

}  // namespace sasim
