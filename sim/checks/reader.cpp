// Reading a checks file: [[check]] tables, each key's type and allowed values, and metric
// expressions against the metrics of the check's scope. Problems are reported at file:line:col
// in file order, except that a check's name and scope are read first (the rest depends on them).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/checks/checks.hpp"
#include "sim/checks/source.hpp"

namespace sasim {

using namespace checks_detail;

namespace {

const std::vector<std::string> kKeys = {"name", "scope", "layers",       "metric",
                                        "op",   "value", "window_cycles"};
const std::vector<std::string> kScopes = {"layer", "run", "window"};
const std::vector<std::string> kOps = {"<", "<=", ">", ">=", "==", "!="};

class CheckReader {
public:
    CheckReader(const TomlSource& src, const toml::table& t, size_t index)
        : src_(src), t_(t), index_(index) {}

    Check read(std::map<std::string, std::string>& names_seen) {
        c_.at = src_.at(t_);
        // Unknown keys first ("nme" is better reported as such than as a missing name), named
        // after the check if its name reads as one.
        if (const auto* n = t_.get_as<std::string>("name")) c_.name = n->get();
        for (const TomlKey& k : keys_in_file_order(t_))
            if (std::find(kKeys.begin(), kKeys.end(), k.name) == kKeys.end())
                fail(src_.at(k.at), unknown_key(k.name, kKeys));
        c_.name.clear();
        read_name(names_seen);
        if (const toml::node* s = t_.get("scope")) read_scope(*s);
        for (const TomlKey& k : keys_in_file_order(t_)) {
            const toml::node& v = *k.value;
            if (k.name == "name" || k.name == "scope") continue;
            if (k.name == "layers")
                read_layers(c_.layers, v, src_, label());
            else if (k.name == "metric")
                c_.metric = read_expr("metric", v);
            else if (k.name == "op")
                read_op(v);
            else if (k.name == "value")
                read_value(v);
            else if (k.name == "window_cycles")
                read_window(k, v);
        }
        for (const char* key : {"metric", "op", "value"})
            if (!t_.contains(key)) fail(c_.at, missing(key));
        return c_;
    }

private:
    std::string label() const {
        return c_.name.empty() ? fmt::format("check #{}", index_ + 1)
                               : fmt::format("check '{}'", c_.name);
    }
    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        fail_at(where, label() + ": " + what);
    }
    static std::string missing(const std::string& key) {
        if (key == "name") return "missing key 'name' (the check's name, shown in its results)";
        if (key == "metric")
            return "missing key 'metric' (what to measure, e.g. metric = \"stall_cycles / "
                   "total_cycles\")";
        if (key == "op") return "missing key 'op' (one of " + join_words(kOps) + ")";
        return "missing key 'value' (the bound: a number or a metric expression)";
    }
    std::string enum_word(const std::string& key, const toml::node& v,
                          const std::vector<std::string>& words) const {
        const auto* s = v.as_string();
        if (!s)
            fail(src_.at(v), fmt::format("key '{}': expected a string (one of: {}), got {}", key,
                                         join_words(words), describe_node(v)));
        if (std::find(words.begin(), words.end(), s->get()) == words.end())
            fail(src_.at(v), fmt::format("key '{}': '{}' is not allowed; allowed: {}", key,
                                         s->get(), join_words(words)));
        return s->get();
    }

    void read_name(std::map<std::string, std::string>& names_seen) {
        const toml::node* n = t_.get("name");
        if (!n) fail(c_.at, missing("name"));
        const auto* s = n->as_string();
        if (!s) fail(src_.at(*n), "key 'name': expected a string, got " + describe_node(*n));
        const std::string& name = s->get();
        if (name.empty() ||
            std::all_of(name.begin(), name.end(), [](char ch) { return ch == ' '; }))
            fail(src_.at(*n),
                 "key 'name': the name is empty; give the check a name, shown in its "
                 "results");
        if (std::any_of(name.begin(), name.end(), [](char ch) {
                return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
            }))
            fail(src_.at(*n), fmt::format("key 'name': {} has a control character; a name is one "
                                          "line of text",
                                          quoted(name)));
        const auto [it, fresh] = names_seen.emplace(name, c_.at);
        c_.name = name;
        if (!fresh)
            fail(src_.at(*n), fmt::format("key 'name': '{}' is already the name of the check at "
                                          "{}; check names must be unique",
                                          name, it->second));
    }
    void read_scope(const toml::node& v) {
        const std::string w = enum_word("scope", v, kScopes);
        c_.scope = w == "layer" ? CheckScope::layer
                   : w == "run" ? CheckScope::run
                                : CheckScope::window;
        c_.scope_at = src_.at(v);
    }
    void read_op(const toml::node& v) {
        const std::string w = enum_word("op", v, kOps);
        c_.op = static_cast<CheckOp>(std::find(kOps.begin(), kOps.end(), w) - kOps.begin());
    }
    void read_value(const toml::node& v) {
        if (v.is_string()) {
            c_.value = read_expr("value", v);
            return;
        }
        double x = 0;
        if (auto* i = v.as_integer())
            x = static_cast<double>(i->get());
        else if (auto* d = v.as_floating_point())
            x = d->get();
        else
            fail(src_.at(v),
                 "key 'value': expected a number or a metric expression (a string), "
                 "got " +
                     describe_node(v));
        if (std::isnan(x))
            fail(src_.at(v),
                 "key 'value': nan cannot be compared with; give a number or a metric "
                 "expression");
        c_.value = Expr::number(x);
    }
    void read_window(const TomlKey& k, const toml::node& v) {
        if (c_.scope != CheckScope::window)
            fail(src_.at(k.at), fmt::format("key 'window_cycles' applies only to scope = "
                                            "\"window\", not \"{}\"",
                                            scope_word(c_.scope)));
        const auto* i = v.as_integer();
        if (!i)
            fail(src_.at(v), "key 'window_cycles': expected an integer, got " + describe_node(v));
        if (i->get() < 1 || i->get() > kMaxWindowCycles)
            fail(src_.at(v), fmt::format("key 'window_cycles': {} is out of range; allowed 1 to {}",
                                         i->get(), kMaxWindowCycles));
        c_.window_cycles = i->get();
        c_.window_cycles_at = src_.at(v);
    }
    Expr read_expr(const std::string& key, const toml::node& v) const {
        const auto* s = v.as_string();
        if (!s)
            fail(src_.at(v), fmt::format("key '{}': expected a metric expression (a string), "
                                         "got {}",
                                         key, describe_node(v)));
        Expr e;
        try {
            e = Expr::parse(s->get());
        } catch (const ExprError& err) {
            fail(src_.at_char(v, err.offset),
                 fmt::format("key '{}': {} in {}", key, err.what(), quoted(s->get())));
        }
        for (const ExprName& n : e.names())
            if (!is_metric(c_.scope, n.name))
                fail(src_.at_char(v, n.offset),
                     fmt::format("key '{}': {}", key, unknown_metric(n.name, c_.scope)));
        return e;
    }
    std::string unknown_key(const std::string& key, const std::vector<std::string>& allowed) const {
        const std::string s = suggestion(key, allowed);
        return fmt::format("unknown key '{}'{}", key,
                           s.empty() ? "; allowed: " + join_words(allowed) : s);
    }

    const TomlSource& src_;
    const toml::table& t_;
    size_t index_;
    Check c_;
};

void read_document(const TomlSource& src, const toml::table& doc, Checks& out) {
    for (const TomlKey& k : keys_in_file_order(doc)) {
        if (k.name != "check") {
            const std::string s = suggestion(k.name, {"check"});
            fail_at(src.at(k.at),
                    fmt::format("unknown key '{}'{}", k.name,
                                s.empty() ? "; a checks file holds only [[check]] tables"
                                          : s + " (a checks file holds [[check]] tables)"));
        }
        const toml::array* arr = k.value->as_array();
        if (!arr || !arr->is_array_of_tables() || arr->empty())
            fail_at(src.at(k.at), "key 'check' must be an array of tables ([[check]]), got " +
                                      describe_node(*k.value));
    }
    const toml::array* arr = doc.get_as<toml::array>("check");
    if (!arr) src.fail_file("no [[check]] tables; a checks file declares at least one check");
    std::map<std::string, std::string> names_seen;
    for (size_t i = 0; i < arr->size(); ++i)
        out.checks.push_back(CheckReader(src, *arr->get(i)->as_table(), i).read(names_seen));
}

}  // namespace

Checks parse_checks_text(const std::string& text, const std::string& source_name) {
    const TomlSource src(source_name, text);
    const toml::table doc = parse_toml(text, source_name);
    Checks out;
    out.source = source_name;
    read_document(src, doc, out);
    return out;
}

Checks read_checks(const std::string& path) {
    return parse_checks_text(read_toml_file(path, "checks file"), path);
}

}  // namespace sasim
