// The [[axis]] and [[zip]] tables of a sweep spec: keys looked up in the config field table,
// every value converted to the field's kind and range-checked there, with spec:line:col.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "sim/config/config_fields.hpp"
#include "sim/base/errors.hpp"
#include "sim/sweep/spec_detail.hpp"

namespace sasim::sweep_detail {

namespace {

struct RawDim {
    toml::source_position pos;
    const toml::table* table;
    bool zip;
};

std::vector<RawDim> collect(const TomlSource& src, const toml::table& doc, const char* name,
                            bool zip) {
    std::vector<RawDim> out;
    const toml::node* n = doc.get(name);
    if (!n) return out;
    if (!n->is_array_of_tables())
        src.fail(*n, fmt::format("key '{}': expected [[{}]] tables, got {}", name, name,
                                 describe_node(*n)));
    for (const toml::node& t : *n->as_array()) out.push_back({t.source().begin, t.as_table(), zip});
    return out;
}

// "unknown key 'array.rowz'; did you mean 'array.rows'?": the config reader's own wording.
std::string unknown_key(const std::string& key) {
    if (key.find_first_of("= \t") == std::string::npos) {
        const std::string item = key + "=0";
        try {
            apply_overrides(default_config(), {item});
        } catch (const InputError& e) {
            const std::string msg = e.what(), prefix = "--set " + item + ": ";
            if (msg.rfind(prefix, 0) == 0) return msg.substr(prefix.size());
        }
    }
    return fmt::format("unknown key '{}'", key);
}

const ConfigField& field_of(const TomlSource& src, const toml::node& n,
                            std::map<std::string, std::string>& swept) {
    const auto* s = n.as_string();
    if (!s) src.fail(n, fmt::format("expected a config key (a string), got {}", describe_node(n)));
    const ConfigField* f = find_field(s->get());
    if (!f) src.fail(n, unknown_key(s->get()));
    auto [it, fresh] = swept.emplace(f->key, src.at(n));
    if (!fresh)
        src.fail(n, fmt::format("key '{}' is already swept at {}; sweep each key once (use "
                                "[[zip]] to vary keys together)",
                                f->key, it->second));
    return *f;
}

std::optional<FieldValue> convert(const ConfigField& f, const toml::node& n) {
    if (f.kind == FieldKind::integer) {
        if (auto* i = n.as_integer()) return FieldValue(i->get());
    } else if (f.kind == FieldKind::floating) {
        if (auto* d = n.as_floating_point()) return FieldValue(d->get());
        if (auto* i = n.as_integer()) return FieldValue(static_cast<double>(i->get()));
    } else if (f.kind == FieldKind::boolean) {
        if (auto* b = n.as_boolean()) return FieldValue(b->get());
    } else if (auto* s = n.as_string()) {
        return FieldValue(s->get());
    }
    return std::nullopt;
}

FieldValue checked_value(const TomlSource& src, const ConfigField& f, const toml::node& n) {
    auto v = convert(f, n);
    if (!v)
        src.fail(n, fmt::format("key '{}': expected {}, got {}", f.key, expected_text(f),
                                describe_node(n)));
    if (auto problem = check_value(f, *v))
        src.fail(n, fmt::format("key '{}': {}", f.key, *problem));
    return *v;
}

void check_table_keys(const TomlSource& src, const toml::table& t, const char* kind,
                      const std::set<std::string>& allowed, const char* allowed_text) {
    for (const TomlKey& k : keys_in_file_order(t))
        if (!allowed.count(k.name))
            fail_at(src.at(k.at), fmt::format("unknown key '{}' in [[{}]]; allowed: {}", k.name,
                                              kind, allowed_text));
    for (const std::string& key : allowed)
        if (!t.get(key))
            src.fail(t, fmt::format("[[{}]] is missing key '{}' (allowed: {})", kind, key,
                                    allowed_text));
}

const toml::array& value_list(const TomlSource& src, const toml::table& t, const char* kind) {
    const toml::node& n = *t.get("values");
    const toml::array* arr = n.as_array();
    if (!arr || arr->empty())
        src.fail(n, fmt::format("[[{}]] 'values': expected a non-empty array, got {}", kind,
                                describe_node(n)));
    return *arr;
}

// Adds one step (the values of all keys at one position) and refuses a repeated step.
void add_step(const TomlSource& src, SweepDim& d, const std::vector<const ConfigField*>& fields,
              const std::vector<const toml::node*>& nodes, const toml::node& step_node) {
    std::vector<std::string> sets, shown, at;
    for (size_t k = 0; k < fields.size(); ++k) {
        const FieldValue v = checked_value(src, *fields[k], *nodes[k]);
        sets.push_back(fields[k]->key + "=" + toml_literal(v));
        shown.push_back(plain_text(v));
        at.push_back(src.at(*nodes[k]));
    }
    for (size_t s = 0; s < d.sets.size(); ++s)
        if (d.sets[s] == sets)
            src.fail(step_node, fmt::format("value {} is listed twice (first at {})",
                                            fmt::join(shown, ", "), d.at[s][0]));
    d.sets.push_back(std::move(sets));
    d.shown.push_back(std::move(shown));
    d.at.push_back(std::move(at));
}

SweepDim read_axis(const TomlSource& src, const toml::table& t,
                   std::map<std::string, std::string>& swept) {
    check_table_keys(src, t, "axis", {"key", "values"}, "key, values");
    const ConfigField& f = field_of(src, *t.get("key"), swept);
    SweepDim d;
    d.keys = {f.key};
    for (const toml::node& v : value_list(src, t, "axis")) add_step(src, d, {&f}, {&v}, v);
    return d;
}

SweepDim read_zip(const TomlSource& src, const toml::table& t,
                  std::map<std::string, std::string>& swept) {
    check_table_keys(src, t, "zip", {"keys", "values"}, "keys, values");
    const toml::node& keys = *t.get("keys");
    if (!keys.as_array() || keys.as_array()->empty())
        src.fail(keys, fmt::format("[[zip]] 'keys': expected a non-empty array of config keys, "
                                   "got {}",
                                   describe_node(keys)));
    SweepDim d;
    std::vector<const ConfigField*> fields;
    for (const toml::node& k : *keys.as_array()) {
        fields.push_back(&field_of(src, k, swept));
        d.keys.push_back(fields.back()->key);
    }
    for (const toml::node& row : value_list(src, t, "zip")) {
        const toml::array* arr = row.as_array();
        if (!arr || arr->size() != fields.size())
            src.fail(row, fmt::format("[[zip]] values: expected an array of {} values ({}), got "
                                      "{}",
                                      fields.size(), fmt::join(d.keys, ", "), describe_node(row)));
        std::vector<const toml::node*> nodes;
        for (const toml::node& v : *arr) nodes.push_back(&v);
        add_step(src, d, fields, nodes, row);
    }
    return d;
}

}  // namespace

std::vector<SweepDim> read_dims(const TomlSource& src, const toml::table& doc) {
    std::vector<RawDim> raw = collect(src, doc, "axis", false);
    for (const RawDim& z : collect(src, doc, "zip", true)) raw.push_back(z);
    std::stable_sort(raw.begin(), raw.end(), [](const RawDim& a, const RawDim& b) {
        return std::tie(a.pos.line, a.pos.column) < std::tie(b.pos.line, b.pos.column);
    });
    std::map<std::string, std::string> swept;
    std::vector<SweepDim> dims;
    for (const RawDim& r : raw)
        dims.push_back(r.zip ? read_zip(src, *r.table, swept) : read_axis(src, *r.table, swept));
    return dims;
}

std::string resolve_point(const std::string& base_path, const std::string& base_text,
                          const SweepPoint& p,
                          const std::map<std::string, std::string>& where_of_set) {
    try {
        return to_toml(parse_config_text(base_text, base_path, p.sets));
    } catch (const InputError& e) {
        const std::string msg = e.what();
        for (const std::string& set : p.sets) {
            const std::string prefix = "--set " + set + ": ";
            if (msg.rfind(prefix, 0) != 0) continue;
            fail_at(where_of_set.at(set),
                    fmt::format("{} (point {}: {})", msg.substr(prefix.size()), p.index,
                                fmt::join(p.sets, ", ")));
        }
        throw;
    }
}

}  // namespace sasim::sweep_detail
