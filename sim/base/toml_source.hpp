// A TOML file being read, shared by its three readers (config, checks, sweep spec) so their
// messages read alike: the file's name for messages and its lines, "file:line:col" of a node, a
// key or a character inside a plain string value, the file read and parsed, [[noreturn]] helpers
// that throw InputError (sim/base/errors.hpp) as "where: what", and one wording of a value ("got ...").
#pragma once
#include <toml++/toml.h>

#include <string>
#include <vector>

namespace sasim {

// Throws InputError "where: what"; `where` is "file:line:col", a file name, "--set x=1", ...
[[noreturn]] void fail_at(const std::string& where, const std::string& what);

class TomlSource {
public:
    // `text` (the file's text) lets at_char find a character of a string value in its line.
    explicit TomlSource(std::string name, const std::string& text = "");
    const std::string& name() const { return name_; }
    std::string at(const toml::source_position& p) const;  // "file:line:col"
    std::string at(const toml::source_region& r) const { return at(r.begin); }
    std::string at(const toml::node& n) const { return at(n.source()); }
    // Where character `offset` of the string node `n` was written; the string's own position
    // when it was not written plainly ("..." or '...' on one line, without escapes).
    std::string at_char(const toml::node& n, size_t offset) const;
    [[noreturn]] void fail(const toml::node& n, const std::string& what) const;
    [[noreturn]] void fail_file(const std::string& what) const;  // "file: what"

private:
    std::string name_;
    std::vector<std::string> lines_;
};

// The whole file, at most 1 MiB (an endless file such as /dev/zero must not fill memory), or
// InputError "path: cannot open <what>: <reason>"; `what` is "config file", "checks file".
std::string read_toml_file(const std::string& path, const std::string& what);

// `text` parsed, or InputError "name:line:col: what toml++ says".
toml::table parse_toml(const std::string& text, const std::string& name);

// A key of a table: its name, where it was written and its value.
struct TomlKey {
    std::string name;
    toml::source_region at;
    const toml::node* value;
};

// The keys of a table in file order (toml++ iterates them sorted by name).
std::vector<TomlKey> keys_in_file_order(const toml::table& t);

// A value for "got ..." messages: "string \"abc\"", "integer 3", "float 1.5", "boolean true",
// "a table", "array [ 1, 2 ]", "date 2024-01-02"; on one line, cut as shown_text cuts.
std::string describe_node(const toml::node& n);

}  // namespace sasim
