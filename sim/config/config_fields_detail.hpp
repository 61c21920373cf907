// Builders of config field table rows, shared by the two files that write rows:
// config_fields.cpp (the accelerator keys) and config_fields_ddr.cpp (the bank-level DRAM keys).
// Not for other users: read the table through sim/config/config_fields.hpp.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/config/config_fields.hpp"

namespace sasim::field_detail {

struct Access {
    std::function<FieldValue(const Config&)> get;
    std::function<void(Config&, const FieldValue&)> set;
};

template <class T>
Access member(T Config::*mem) {
    return {[mem](const Config& c) { return FieldValue(c.*mem); },
            [mem](Config& c, const FieldValue& v) { c.*mem = std::get<T>(v); }};
}

template <class T, class S>
Access member(S Config::*sec, T S::*mem) {
    return {[sec, mem](const Config& c) { return FieldValue(c.*sec.*mem); },
            [sec, mem](Config& c, const FieldValue& v) { c.*sec.*mem = std::get<T>(v); }};
}

// A member of the bank-level DRAM parameters (Config::dram.ddr).
template <class T>
Access ddr_member(T DdrParams::*mem) {
    return {[mem](const Config& c) { return FieldValue(c.dram.ddr.*mem); },
            [mem](Config& c, const FieldValue& v) { c.dram.ddr.*mem = std::get<T>(v); }};
}

// Enum members are stored in the table as their words; word() and parse() convert.
template <class E, class Get, class Put>
Access enum_access(Get get, Put put, const char* (*word)(E),
                   std::optional<E> (*parse)(std::string_view)) {
    return {[=](const Config& c) { return FieldValue(std::string(word(get(c)))); },
            [=](Config& c, const FieldValue& v) {
                auto e = parse(std::get<std::string>(v));
                if (!e) throw std::logic_error("config field table: enum word without a value");
                put(c, *e);
            }};
}

template <class E, class S>
Access enum_member(S Config::*sec, E S::*mem, const char* (*word)(E),
                   std::optional<E> (*parse)(std::string_view)) {
    return enum_access<E>([=](const Config& c) { return c.*sec.*mem; },
                          [=](Config& c, E e) { c.*sec.*mem = e; }, word, parse);
}

inline ConfigField make(std::string key, FieldKind kind, FieldValue def, std::string unit,
                        std::string desc, Access a) {
    ConfigField f;
    f.key = std::move(key);
    f.kind = kind;
    f.default_value = std::move(def);
    f.power_of_two = false;
    f.unit = std::move(unit);
    f.description = std::move(desc);
    f.get = std::move(a.get);
    f.set = std::move(a.set);
    return f;
}

inline ConfigField int_field(std::string key, int64_t def, int64_t lo, int64_t hi, std::string unit,
                             std::string desc, Access a) {
    ConfigField f = make(std::move(key), FieldKind::integer, def, std::move(unit), std::move(desc),
                         std::move(a));
    f.min = lo;
    f.max = hi;
    return f;
}

inline ConfigField float_field(std::string key, double def, double lo, double hi, std::string unit,
                               std::string desc, Access a) {
    ConfigField f = make(std::move(key), FieldKind::floating, def, std::move(unit), std::move(desc),
                         std::move(a));
    f.min = lo;
    f.max = hi;
    return f;
}

inline ConfigField enum_field(std::string key, std::string def, std::vector<std::string> words,
                              std::string desc, Access a) {
    ConfigField f = make(std::move(key), FieldKind::enumeration, std::move(def), "",
                         std::move(desc), std::move(a));
    f.words = std::move(words);
    return f;
}

// A string field with an extra rule: `check` names the problem of a value, `allowed` says what
// the field accepts (messages, the key table).
inline ConfigField text_field(ConfigField f,
                              std::function<std::optional<std::string>(const std::string&)> check,
                              std::string allowed) {
    f.check_text = std::move(check);
    f.allowed_words = std::move(allowed);
    return f;
}

inline ConfigField power_of_two(ConfigField f) {
    f.power_of_two = true;
    return f;
}

inline ConfigField multiple_of(ConfigField f, std::string other_key) {
    f.multiple_of = std::move(other_key);
    return f;
}

// The bank-level DRAM rows (every DdrParams member), defaults DDR4-3200's; in table order.
std::vector<ConfigField> ddr_fields();

// Cross-field rules of the bank-level keys beyond multiple_of (write watermarks vs queue).
std::optional<CrossFieldError> check_ddr_cross(const Config& c);

// The energy rows (sim/config/config_fields_energy.cpp): the DRAM currents (bank-level dram
// keys: the DRAM presets set them), the technology table (tech.node first), and the two design
// keys energy and area alone depend on.
std::vector<ConfigField> dram_power_fields();
std::vector<ConfigField> tech_fields();
ConfigField clock_gating_field();
ConfigField link_length_field();
// Cross-field rules of the energy keys (device width, currents against each other).
std::optional<CrossFieldError> check_energy_cross(const Config& c);

}  // namespace sasim::field_detail
