// Reading the accelerator config: TOML file over the defaults, then --set overrides, then the
// cross-field checks; and writing it back (to_toml, describe_config_keys). Every rule about a
// key comes from the field table in sim/config/config_fields.cpp.
#include "sim/config/config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "sim/config/config_detail.hpp"
#include "sim/config/config_fields.hpp"
#include "sim/base/suggest.hpp"
#include "sim/base/toml_source.hpp"

namespace sasim {

const char* to_string(MapStrategy s) { return s == MapStrategy::automatic ? "auto" : "scalesim"; }
const char* to_string(TensorLayout l) { return l == TensorLayout::nhwc ? "nhwc" : "nchw"; }

namespace {

using Origins = std::map<std::string, std::string>;  // key -> where it was set

std::vector<std::string> field_keys() {
    std::vector<std::string> keys;
    for (const auto& f : config_fields()) keys.push_back(f.key);
    return keys;
}

bool is_section(const std::string& name) {
    auto s = config_sections();
    return std::find(s.begin(), s.end(), name) != s.end();
}

// The node converted to the field's kind, or nullopt when the TOML type does not fit.
std::optional<FieldValue> convert(const ConfigField& f, const toml::node& n) {
    switch (f.kind) {
        case FieldKind::integer:
            if (auto* i = n.as_integer()) return FieldValue(i->get());
            break;
        case FieldKind::floating:
            if (auto* d = n.as_floating_point()) return FieldValue(d->get());
            if (auto* i = n.as_integer()) return FieldValue(static_cast<double>(i->get()));
            break;
        case FieldKind::boolean:
            if (auto* b = n.as_boolean()) return FieldValue(b->get());
            break;
        case FieldKind::string:
        case FieldKind::enumeration:
            if (auto* s = n.as_string()) return FieldValue(s->get());
            break;
    }
    return std::nullopt;
}

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), as TOML requires.
bool valid_utf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const auto b = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
        const unsigned char c = b(i);
        const size_t len = c < 0x80           ? 1
                           : (c >> 5) == 0x06 ? 2
                           : (c >> 4) == 0x0E ? 3
                           : (c >> 3) == 0x1E ? 4
                                              : 0;
        if (len == 0 || i + len > s.size()) return false;
        uint32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (size_t k = 1; k < len; ++k) {
            if ((b(i + k) & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b(i + k) & 0x3F);
        }
        const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

void apply_node(Config& c, const ConfigField& f, const toml::node& n, const std::string& where) {
    auto v = convert(f, n);
    if (!v) {
        fail_at(where, fmt::format("key '{}': expected {}, got {}", f.key, expected_text(f),
                                   describe_node(n)));
    }
    // A TOML file is checked by toml++; a raw --set value is not, and the text ends up in
    // config.toml and summary.json, which must stay readable.
    if (auto* s = std::get_if<std::string>(&*v); s && !valid_utf8(*s)) {
        fail_at(where, fmt::format("key '{}': the value is not valid UTF-8 text", f.key));
    }
    if (auto problem = check_value(f, *v)) {
        fail_at(where, fmt::format("key '{}': {}", f.key, *problem));
    }
    f.set(c, *v);
}

struct Entry {
    std::string key;  // dotted
    bool top_level;
    toml::source_region key_source;
    const toml::node* node;
};

// Every key of the document, sections expanded, in file order (toml++ iterates sorted by name).
std::vector<Entry> collect_entries(const toml::table& doc) {
    std::vector<Entry> out;
    for (auto&& [k, v] : doc) {
        std::string key(k.str());
        if (is_section(key) && v.is_table()) {
            for (auto&& [k2, v2] : *v.as_table()) {
                out.push_back({key + "." + std::string(k2.str()), false, k2.source(), &v2});
            }
        } else {
            out.push_back({key, true, k.source(), &v});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
        const auto &x = a.key_source.begin, &y = b.key_source.begin;
        return std::tie(x.line, x.column) < std::tie(y.line, y.column);
    });
    return out;
}

void apply_document(Config& c, const toml::table& doc, const std::string& source, Origins& o,
                    const config_detail::PresetKind* preset) {
    const TomlSource src(source);
    for (const Entry& e : collect_entries(doc)) {
        std::string at = src.at(e.key_source);
        if (const ConfigField* f = find_field(e.key)) {
            if (preset && !preset->in_group(*f)) {
                fail_at(at, fmt::format("key '{}' cannot be set in a {}; allowed: {}", e.key,
                                        preset->what, config_detail::group_text(*preset)));
            }
            std::string value_at = src.at(*e.node);
            apply_node(c, *f, *e.node, value_at);
            o[e.key] = value_at;
        } else if (e.top_level && is_section(e.key)) {
            fail_at(at, fmt::format("key '{}' must be a section ([{}]), got {}", e.key, e.key,
                                    describe_node(*e.node)));
        } else if (e.top_level && e.node->is_table()) {
            fail_at(at, fmt::format("unknown section '{}'{}", shown_text(e.key),
                                    suggestion(e.key, config_sections())));
        } else {
            fail_at(at, fmt::format("unknown key '{}'{}", shown_text(e.key),
                                    suggestion(e.key, field_keys())));
        }
    }
}

// An override value is TOML; string and enum keys also take the raw text (dataflow=os).
toml::table override_value(const ConfigField& f, const std::string& raw) {
    toml::table t;
    try {
        t = toml::parse("v = " + raw);
    } catch (const toml::parse_error&) {
        t.clear();
    }
    bool textual = f.kind == FieldKind::string || f.kind == FieldKind::enumeration;
    if (t.size() != 1 || !t.contains("v") || (textual && !t["v"].is_string())) {
        t.clear();
        t.insert("v", raw);
    }
    return t;
}

void apply_override(Config& c, const std::string& item, Origins& o) {
    std::string where = "--set " + shown_text(item);
    auto eq = item.find('=');
    if (eq == std::string::npos) fail_at(where, "expected key=value, e.g. --set array.rows=64");
    std::string key = trim(item.substr(0, eq));
    const ConfigField* f = find_field(key);
    if (!f) {
        fail_at(where,
                fmt::format("unknown key '{}'{}", shown_text(key), suggestion(key, field_keys())));
    }
    toml::table t = override_value(*f, trim(item.substr(eq + 1)));
    apply_node(c, *f, *t.get("v"), where);
    o[key] = where;
}

// Blames the first involved key the user set (config file or --set), else the first one a DRAM
// preset set.
void check_cross(const Config& c, const Origins& user, const Origins& all) {
    auto err = check_cross_fields(c);
    if (!err) return;
    for (const Origins* o : {&user, &all}) {
        for (const auto& key : err->keys) {
            auto it = o->find(key);
            if (it != o->end()) fail_at(it->second, err->message);
        }
    }
    fail_at("config", err->message);
}

// The user's keys (a document, then --set items) over `base`, their origins recorded.
Config apply_user_keys(Config c, const toml::table* doc, const std::string& source,
                       const std::vector<std::string>& overrides, Origins& o) {
    if (doc) apply_document(c, *doc, source, o, nullptr);
    for (const auto& item : overrides) apply_override(c, item, o);
    return c;
}

// When the user's keys switch dram.model or tech.node to a preset, they are applied again over
// the presets' values (user keys win), unless they set every key of that preset's group
// themselves (as a dumped config.toml does, so it reproduces a run without the preset files).
Config resolve(const Config& base, const toml::table* doc, const std::string& source,
               const std::vector<std::string>& overrides) {
    Origins o;
    Config c = apply_user_keys(base, doc, source, overrides, o);
    const Origins user = o;
    Origins preset_origins;
    Config p = base;
    bool any = false;
    for (const config_detail::PresetKind& k : config_detail::preset_kinds()) {
        const ConfigField& selector = *find_field(k.selector);
        const std::string name = std::get<std::string>(selector.get(c));
        if (!k.applies(c) || name == std::get<std::string>(selector.get(base)) ||
            config_detail::sets_every_key(k, o))
            continue;
        const std::string dir = doc ? std::filesystem::path(source).parent_path().string() : "";
        config_detail::apply_preset(k, p, name, dir, o.at(k.selector), preset_origins);
        any = true;
    }
    if (any) {
        c = apply_user_keys(p, doc, source, overrides, preset_origins);
        o = std::move(preset_origins);
    }
    check_cross(c, user, o);
    return c;
}

}  // namespace

namespace config_detail {

void apply_document(Config& c, const toml::table& doc, const std::string& source, Origins& o,
                    const PresetKind* preset) {
    sasim::apply_document(c, doc, source, o, preset);
}

}  // namespace config_detail

Config default_config() {
    Config c{};
    for (const auto& f : config_fields()) f.set(c, f.default_value);
    return c;
}

Config parse_config_text(const std::string& text, const std::string& source_name,
                         const std::vector<std::string>& overrides) {
    const toml::table doc = parse_toml(text, source_name);
    return resolve(default_config(), &doc, source_name, overrides);
}

Config load_config(const std::string& path, const std::vector<std::string>& overrides) {
    return parse_config_text(read_toml_file(path, "config file"), path, overrides);
}

Config apply_overrides(Config base, const std::vector<std::string>& overrides) {
    return resolve(base, nullptr, "", overrides);
}

void validate_config(const Config& c) {
    for (const auto& f : config_fields()) {
        if (auto problem = check_value(f, f.get(c))) {
            fail_at("config", fmt::format("key '{}': {}", f.key, *problem));
        }
    }
    check_cross(c, {}, {});
}

std::string to_toml(const Config& c) {
    std::string out = "# sasim accelerator config (every key; units in the trailing comments)\n";
    std::string section;
    for (const auto& f : config_fields()) {
        if (f.section() != section) {
            section = f.section();
            out += fmt::format("\n[{}]\n", section);
        }
        auto line = fmt::format("{} = {}", f.name(), toml_literal(f.get(c)));
        out += f.unit.empty() ? line + "\n" : fmt::format("{:<30}# {}\n", line + " ", f.unit);
    }
    return out;
}

std::string describe_config_keys() {
    std::string out = "| key | type | default | allowed | unit | description |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const auto& f : config_fields()) {
        std::string type = kind_name(f.kind);
        out += fmt::format("| `{}` | {} | `{}` | {} | {} | {} |\n", f.key, type,
                           toml_literal(f.default_value), allowed_text(f),
                           f.unit.empty() ? "-" : f.unit, f.description);
    }
    return out;
}

}  // namespace sasim
