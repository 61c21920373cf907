// Positions, reading and parsing, and value descriptions for the TOML readers
// (sim/base/toml_source.hpp).
#include "sim/base/toml_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "sim/base/text.hpp"
#include "sim/base/errors.hpp"
#include "sim/base/files.hpp"

namespace sasim {

namespace {

// Code points of UTF-8 text (toml++ counts columns in code points).
size_t code_points(const std::string& s) {
    return static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

void fail_at(const std::string& where, const std::string& what) {
    throw InputError(where + ": " + what);
}

TomlSource::TomlSource(std::string name, const std::string& text) : name_(std::move(name)) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
}

std::string TomlSource::at(const toml::source_position& p) const {
    return fmt::format("{}:{}:{}", name_, p.line, p.column);
}

std::string TomlSource::at_char(const toml::node& n, size_t offset) const {
    const auto* s = n.as_string();
    const toml::source_position& b = n.source().begin;
    if (!s || b.line == 0 || b.line > lines_.size()) return at(n);
    const std::string& line = lines_[b.line - 1];
    // Find the string's opening quote: column b.column, counted in code points.
    size_t byte = 0;
    for (size_t col = 1; col < b.column && byte < line.size(); ++col) {
        ++byte;
        while (byte < line.size() && (line[byte] & 0xC0) == 0x80) ++byte;
    }
    const std::string& v = s->get();
    if (byte >= line.size() || (line[byte] != '"' && line[byte] != '\'')) return at(n);
    if (line.compare(byte + 1, v.size(), v) != 0 || line.size() < byte + v.size() + 2 ||
        line[byte + 1 + v.size()] != line[byte] || (line[byte] == '"' && v.find('\\') != v.npos))
        return at(n);
    const size_t column = b.column + 1 + code_points(v.substr(0, std::min(offset, v.size())));
    return fmt::format("{}:{}:{}", name_, b.line, column);
}

void TomlSource::fail(const toml::node& n, const std::string& what) const { fail_at(at(n), what); }

void TomlSource::fail_file(const std::string& what) const { fail_at(name_, what); }

std::string read_toml_file(const std::string& path, const std::string& what) {
    return read_file(path, what, 1 << 20);  // configs and checks are a few KiB at most
}

toml::table parse_toml(const std::string& text, const std::string& name) {
    try {
        return toml::parse(std::string_view(text), std::string_view(name));
    } catch (const toml::parse_error& e) {
        fail_at(TomlSource(name).at(e.source()), std::string(e.description()));
    }
}

std::vector<TomlKey> keys_in_file_order(const toml::table& t) {
    std::vector<TomlKey> keys;
    for (auto&& [k, v] : t) keys.push_back({std::string(k.str()), k.source(), &v});
    std::stable_sort(keys.begin(), keys.end(), [](const TomlKey& a, const TomlKey& b) {
        return std::tie(a.at.begin.line, a.at.begin.column) <
               std::tie(b.at.begin.line, b.at.begin.column);
    });
    return keys;
}

std::string describe_node(const toml::node& n) {
    if (auto* s = n.as_string()) return "string " + shown_text(toml_quote(s->get()));
    if (auto* i = n.as_integer()) return fmt::format("integer {}", i->get());
    if (auto* d = n.as_floating_point()) return fmt::format("float {}", d->get());
    if (auto* b = n.as_boolean()) return b->get() ? "boolean true" : "boolean false";
    if (n.is_table()) return "a table";
    // An array, a date or a time: its type and its TOML text, on one line (toml++ wraps a long
    // array after each element; strings are written "..." with escapes), then cut.
    constexpr auto kOneLine =
        toml::toml_formatter::default_flags &
        ~(toml::format_flags::allow_literal_strings | toml::format_flags::allow_multi_line_strings |
          toml::format_flags::allow_real_tabs_in_strings | toml::format_flags::indentation);
    std::ostringstream os;
    os << n.type() << ' ' << toml::toml_formatter(n, kOneLine);
    std::string text = os.str();
    std::replace(text.begin(), text.end(), '\n', ' ');
    return shown_text(text);
}

}  // namespace sasim
