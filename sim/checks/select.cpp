// Which layers a check covers: reading `layers = {...}`, matching layers against it, and the
// checks that need the workload and config (validate_checks), run before simulating.
#include <fmt/format.h>

#include <algorithm>

#include "sim/base/errors.hpp"
#include "sim/checks/checks.hpp"
#include "sim/checks/source.hpp"

namespace sasim {

using namespace checks_detail;

namespace {

const std::vector<std::string>& kTypes = layer_type_words();

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

struct Reader {
    const TomlSource& src;
    const std::string& label;

    [[noreturn]] void fail(const toml::node& n, const std::string& what) const {
        src.fail(n, label + ": " + what);
    }
    // A string or an array of strings; `what` names one item ("a layer name").
    std::vector<const toml::node*> items(const toml::node& v, const std::string& key,
                                         const std::string& what) const {
        std::vector<const toml::node*> out;
        if (const toml::array* a = v.as_array()) {
            if (a->empty()) fail(v, fmt::format("key '{}': an empty list selects no layer", key));
            for (const toml::node& n : *a) out.push_back(&n);
        } else {
            out.push_back(&v);
        }
        for (const toml::node* n : out)
            if (!n->is_string())
                fail(*n, fmt::format("key '{}': expected {} (a string, or an array of them), got "
                                     "{}",
                                     key, what, describe_node(*n)));
        return out;
    }
    void types(LayerSelection& sel, const toml::node& v) const {
        for (const toml::node* n : items(v, "layers.type", "a layer type")) {
            const std::string& t = n->as_string()->get();
            if (!contains(kTypes, t))
                fail(*n, fmt::format("key 'layers.type': '{}' is not allowed; allowed: {}", t,
                                     join_words(kTypes)));
            if (!contains(sel.types, t)) sel.types.push_back(t);
        }
        sel.types_at = src.at(v);
    }
    void names(LayerSelection& sel, const toml::node& v) const {
        for (const toml::node* n : items(v, "layers.names", "a layer name")) {
            sel.names.push_back(n->as_string()->get());
            sel.names_at.push_back(src.at(*n));
        }
    }
};

}  // namespace

void checks_detail::read_layers(LayerSelection& sel, const toml::node& v, const TomlSource& src,
                                const std::string& label) {
    const Reader r{src, label};
    const toml::table* t = v.as_table();
    if (!t)
        r.fail(v,
               "key 'layers': expected a table, { type = \"conv\" } or { names = [\"conv1\", "
               "\"conv2\"] }, got " +
                   describe_node(v));
    if (t->empty())
        r.fail(v,
               "key 'layers': { } selects no layer; give type = \"conv\" or names = "
               "[\"conv1\"], or leave 'layers' out for every layer");
    for (auto&& [k, n] : *t) {
        const std::string key(k.str());
        if (key == "type" || key == "names") continue;
        const std::string s = suggestion(key, {"type", "names"});
        fail_at(src.at(k.source()), fmt::format("{}: key 'layers': unknown key '{}'{}", label, key,
                                                s.empty() ? "; allowed: type, names" : s));
    }
    const toml::node* type = t->get("type");
    const toml::node* names = t->get("names");
    if (type && names)
        r.fail(type->source().begin < names->source().begin ? *names : *type,
               "key 'layers': give 'type' or 'names', not both");
    if (type) r.types(sel, *type);
    if (names) r.names(sel, *names);
}

std::string checks_detail::unknown_metric(const std::string& name, CheckScope scope) {
    for (CheckScope other : {CheckScope::layer, CheckScope::run, CheckScope::window})
        if (other != scope && is_metric(other, name))
            return fmt::format("'{}' is a metric of scope = \"{}\", not of scope = \"{}\"{}", name,
                               scope_word(other), scope_word(scope),
                               scope == CheckScope::run
                                   ? " (run metrics are sums of counts and the summary.json "
                                     "fields: write a ratio of sums)"
                                   : "");
    const std::string s = suggestion(name, metric_names(scope));
    return fmt::format("unknown metric '{}' at scope = \"{}\"{}", name, scope_word(scope),
                       s.empty() ? "; allowed: " + join_words(metric_names(scope)) : s);
}

bool LayerSelection::selects(const std::string& name, const std::string& type) const {
    return (types.empty() || contains(types, type)) && (names.empty() || contains(names, name));
}

void validate_checks(const Checks& checks, const Workload& wl, const Config& cfg) {
    std::vector<std::string> names, types;
    for (const Layer& l : wl.layers) {
        names.push_back(l.name);
        if (!contains(types, to_string(l.type))) types.push_back(to_string(l.type));
    }
    for (const Check& c : checks.checks) {
        const auto fail = [&](const std::string& where, const std::string& what) {
            throw InputError(fmt::format("{}: check '{}': {}", where, c.name, what));
        };
        for (size_t i = 0; i < c.layers.names.size(); ++i) {
            const std::string& n = c.layers.names[i];
            if (contains(names, n)) continue;
            const std::string s = suggestion(n, names);
            fail(c.layers.names_at[i],
                 fmt::format("key 'layers.names': no layer '{}' in workload '{}'{}", n, wl.name,
                             s.empty() ? "; its layers: " + join_words(names, 20) : s));
        }
        if (!c.layers.types.empty() &&
            std::none_of(types.begin(), types.end(),
                         [&](const std::string& t) { return contains(c.layers.types, t); }))
            fail(
                c.layers.types_at,
                fmt::format("key 'layers.type': workload '{}' has no {} layer; its layer types: {}",
                            wl.name, fmt::join(c.layers.types, " or "), join_words(types)));
        if (c.scope != CheckScope::window) continue;
        const int64_t w = cfg.report.timeline_window_cycles;
        if (w == 0)
            fail(c.scope_at,
                 "scope = \"window\" needs timeline.csv, but "
                 "report.timeline_window_cycles is 0; set it (e.g. --set "
                 "report.timeline_window_cycles=10000)");
        if (c.window_cycles % w != 0)
            fail(c.window_cycles_at, fmt::format("key 'window_cycles': {} is not a multiple of "
                                                 "report.timeline_window_cycles ({})",
                                                 c.window_cycles, w));
    }
}

}  // namespace sasim
