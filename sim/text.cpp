#include "sim/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sasim {

std::string shown_text(const std::string& text) {
    constexpr size_t kMax = 60;
    size_t cut = std::min(text.size(), kMax);
    while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;  // never split a UTF-8 character
    std::string out;
    for (size_t i = 0; i < cut; ++i) {  // control bytes must not reach the terminal raw
        const auto c = static_cast<unsigned char>(text[i]);
        out += c < 0x20 || c == 0x7F ? fmt::format("\\x{:02X}", c) : std::string(1, text[i]);
    }
    return cut < text.size() ? out + "..." : out;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\')
            out += fmt::format("\\{}", static_cast<char>(c));
        else if (c < 0x20)
            out += fmt::format("\\u{:04x}", c);
        else
            out += static_cast<char>(c);
    }
    return out + "\"";
}

}  // namespace sasim
