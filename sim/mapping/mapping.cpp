#include "sim/mapping/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "sim/mapping/band.hpp"

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

std::string mapping_text(const LayerShape& full, const Mapping& m) {
    const bool band = banded(full, m);
    const LayerShape s = band ? band_shape(full, m.band) : full;
    std::string order;
    for (int i = 0; i < 3; ++i) {
        if (i) order += '>';
        order += loop_letter(s.df, m.order[i]);
    }
    if (band) order += fmt::format(" band={}", m.band);
    std::string text = fmt::format("{} tile={} step={}", order, s.block(Loop::t, m), m.step);
    for (Operand o : {Operand::ifmap, Operand::filter})
        if (o != s.roles.X || s.df != Dataflow::os) text += fmt::format(" {}={}", to_string(o),
                                                                         level_text(s, m, o));
    if (s.roles.psums) text += m.psum_onchip ? " psum=chip" : " psum=spill";
    if (!m.double_buffered[static_cast<int>(Operand::ofmap)]) text += " out=1buf";
    return text;
}

namespace {

bool parse_count(const std::string& v, int64_t& out) {
    if (v.empty() || v.size() > 15 ||
        !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    out = std::stoll(v);
    return out > 0;
}

}  // namespace

bool parse_mapping_text(const LayerShape& full, const std::string& text, Mapping& m,
                        std::string& why) {
    m = Mapping{};
    std::vector<std::string> words;
    for (size_t i = 0; i < text.size();) {
        const size_t j = std::min(text.find(' ', i), text.size());
        if (j > i) words.push_back(text.substr(i, j - i));
        i = j + 1;
    }
    if (words.empty()) {
        why = "empty";
        return false;
    }
    // The band first: the other fields are of the band's shape.
    for (size_t w = 1; w < words.size(); ++w) {
        if (words[w].rfind("band=", 0) != 0) continue;
        if (m.band != 0 || !parse_count(words[w].substr(5), m.band)) {
            why = fmt::format("'{}': one band=<output pixels> field", words[w]);
            return false;
        }
        if (!valid_band(full, m.band, why)) return false;
        words.erase(words.begin() + static_cast<std::ptrdiff_t>(w));
        --w;
    }
    const LayerShape s = m.band ? band_shape(full, m.band) : full;
    std::string order = words[0];
    order.erase(std::remove(order.begin(), order.end(), '>'), order.end());
    if (words[0].size() != 5 || words[0][1] != '>' || words[0][3] != '>' ||
        !parse_order(s.df, order, m.order)) {
        why = fmt::format("'{}' is not a loop order like N>K>M", words[0]);
        return false;
    }
    if (s.df == Dataflow::os && !m.t_innermost()) {
        why = "an output-stationary mapping streams K innermost";
        return false;
    }
    bool tile = false, step = false, level[2] = {false, false}, psum = false;
    for (size_t w = 1; w < words.size(); ++w) {
        const size_t eq = words[w].find('=');
        const std::string key = words[w].substr(0, eq);
        std::string value = eq == std::string::npos ? "" : words[w].substr(eq + 1);
        if (key == "tile" && parse_count(value, m.tile)) {
            tile = true;
        } else if (key == "step" && parse_count(value, m.step)) {
            step = true;
        } else if (key == "ifmap" || key == "filter") {
            const int o = key == "ifmap" ? 0 : 1;
            const size_t slash = value.find("/1buf");
            if (slash != std::string::npos && slash + 5 == value.size()) value.resize(slash);
            if (value == "whole") {
                m.level[o] = kLevelWhole;
            } else if (value == "per-step") {
                m.level[o] = kLevelStep;
            } else if (value.size() == 5 && value.rfind("per-", 0) == 0) {
                int found = 0;
                for (int i = 0; i < 3; ++i)
                    if (loop_letter(s.df, m.order[static_cast<size_t>(i)]) == value[4]) found = i + 1;
                if (!found) {
                    why = fmt::format("'{}={}': no loop {}", key, value, value.substr(4));
                    return false;
                }
                m.level[o] = found;
            } else {
                why = fmt::format("'{}': the level is whole, per-step or per-<loop letter>",
                                  words[w]);
                return false;
            }
            level[o] = true;
        } else if (key == "psum" && s.roles.psums && (value == "chip" || value == "spill")) {
            m.psum_onchip = value == "chip";
            psum = true;
        } else if (words[w] == "out=1buf") {
        } else {
            why = fmt::format("'{}' is not a mapping field of this layer", words[w]);
            return false;
        }
    }
    const char* missing = !tile ? "tile" : !step ? "step" : !level[0] ? "ifmap" : !level[1] ? "filter"
                          : s.roles.psums && !psum ? "psum" : nullptr;
    if (missing) {
        why = fmt::format("no {}= field", missing);
        return false;
    }
    if (m.t_innermost() ? m.tile != s.fg.T : m.tile > s.fg.T) {
        why = fmt::format("tile={} does not fit the layer's streamed extent {}{}", m.tile, s.fg.T,
                          m.t_innermost() ? " (t innermost streams all of it)" : "");
        return false;
    }
    if (m.step > s.block(Loop::t, m)) {
        why = fmt::format("step={} is larger than the tile {}", m.step, s.block(Loop::t, m));
        return false;
    }
    return true;
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
