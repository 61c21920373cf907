#include "sim/base/text.hpp"

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

std::string toml_quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += static_cast<char>(ch);
        } else if (ch == '\n') {
            out += "\\n";
        } else if (ch == '\t') {
            out += "\\t";
        } else if (ch < 0x20 || ch == 0x7f) {
            out += fmt::format("\\u{:04X}", ch);
        } else {
            out += static_cast<char>(ch);
        }
    }
    return out + "\"";
}

std::string trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\v\f";
    const size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return "";
    const size_t e = s.find_last_not_of(kSpace);
    return std::string(s.substr(b, e - b + 1));
}

std::string join_words(const std::vector<std::string>& words, size_t max) {
    std::string s;
    for (size_t i = 0; i < words.size() && i < max; ++i) s += (i ? ", " : "") + words[i];
    if (words.size() > max) s += fmt::format(", ... ({} in all)", words.size());
    return s;
}

}  // namespace sasim
