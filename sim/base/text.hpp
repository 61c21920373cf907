// User text in messages and reports: shortened and made safe for a terminal (shown_text),
// quoted as a JSON or TOML string, trimmed, listed. One rule for every reader and writer.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sasim {

// User text quoted in a message: at most 60 bytes (whole UTF-8 characters), then "..."; control
// bytes shown as \x1B.
std::string shown_text(const std::string& text);

// `s` as a JSON string literal: quotes and backslashes escaped, control bytes as \u00XX.
std::string json_string(const std::string& s);

// `s` as a TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_quote(const std::string& s);

// `s` without leading and trailing blanks (space, tab, CR, VT, FF).
std::string trim(std::string_view s);

// "a, b, c"; past `max` words: "a, b, ... (N in all)".
std::string join_words(const std::vector<std::string>& words, size_t max = 1000);

}  // namespace sasim
