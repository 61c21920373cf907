// User text in messages and reports: shortened and made safe for a terminal (shown_text), and
// quoted as a JSON string (json_string). One rule for every reader and writer.
#pragma once
#include <string>

namespace sasim {

// User text quoted in a message: at most 60 bytes (whole UTF-8 characters), then "..."; control
// bytes shown as \x1B.
std::string shown_text(const std::string& text);

// `s` as a JSON string literal: quotes and backslashes escaped, control bytes as \u00XX.
std::string json_string(const std::string& s);

}  // namespace sasim
