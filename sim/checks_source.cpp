// Positions, node descriptions and suggestions for checks-file errors (the config reader's
// wording), and reading back the report CSV texts that metrics come from.
#include "sim/checks_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <sstream>

#include "sim/config_fields.hpp"
#include "sim/errors.hpp"
#include "sim/suggest.hpp"

namespace sasim::checks_detail {

namespace {

// Code points of UTF-8 text (toml++ counts columns in code points).
size_t code_points(const std::string& s) {
    return static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

Source::Source(std::string name, const std::string& text) : name_(std::move(name)) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
}

std::string Source::at(const toml::source_region& r) const {
    return fmt::format("{}:{}:{}", name_, r.begin.line, r.begin.column);
}

std::string Source::at_char(const toml::node& n, size_t offset) const {
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

void Source::fail(const std::string& where, const std::string& what) const {
    throw InputError(where + ": " + what);
}

std::string describe_node(const toml::node& n) {
    if (auto* s = n.as_string()) return "string " + toml_literal(s->get());
    if (auto* i = n.as_integer()) return fmt::format("integer {}", i->get());
    if (auto* d = n.as_floating_point()) return fmt::format("float {}", d->get());
    if (auto* b = n.as_boolean()) return b->get() ? "boolean true" : "boolean false";
    if (n.is_table()) return "a table";
    std::ostringstream os;
    os << n.type() << ' ';
    n.visit([&os](const auto& x) { os << x; });
    return os.str();
}

std::string quoted(const std::string& s) { return toml_literal(FieldValue(s)); }

std::vector<Row> parse_csv(const std::string& text) {
    std::vector<Row> rows;
    Row row(1);
    bool in_quotes = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes && c == '"' && i + 1 < text.size() && text[i + 1] == '"')
            row.back() += c, ++i;
        else if (c == '"')
            in_quotes = !in_quotes;
        else if (in_quotes || (c != ',' && c != '\n'))
            row.back() += c;
        else if (c == ',')
            row.emplace_back();
        else
            rows.push_back(std::move(row)), row.assign(1, "");
    }
    if (row.size() > 1 || !row[0].empty()) rows.push_back(std::move(row));
    return rows;
}

bool parse_number(const std::string& s, double& v) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string join_words(const std::vector<std::string>& words, size_t max) {
    std::string s;
    for (size_t i = 0; i < words.size() && i < max; ++i) s += (i ? ", " : "") + words[i];
    if (words.size() > max) s += fmt::format(", ... ({} in all)", words.size());
    return s;
}

}  // namespace sasim::checks_detail
