// The one field table of the accelerator config: for every key its dotted name, type, default,
// allowed values, unit, description and the Config member it sets. default_config(), the TOML
// reader, --set overrides, range checks, to_toml() and describe_config_keys() all read it.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/config/config.hpp"
#include "sim/base/text.hpp"

namespace sasim {

enum class FieldKind { integer, floating, boolean, string, enumeration };

// A field's value, already converted from TOML. Enum fields hold their word as a string.
using FieldValue = std::variant<int64_t, double, bool, std::string>;

struct ConfigField {
    std::string key;  // dotted: "array.rows"; no dot for top-level keys
    FieldKind kind;
    FieldValue default_value;
    FieldValue min;  // integer / floating only
    FieldValue max;
    bool power_of_two;               // integer only: value must also be a power of two
    std::string multiple_of;         // integer only: key whose value must divide this one
    std::vector<std::string> words;  // enumeration only
    std::string unit;                // "" when dimensionless
    std::string description;
    // Extra rule of a string field (e.g. the address map syntax): the problem, or nullopt; and
    // what it allows, for messages and the key table.
    std::function<std::optional<std::string>(const std::string&)> check_text;
    std::string allowed_words;
    bool ddr = false;   // a bank-level DRAM parameter: the keys a preset file (configs/dram/) sets
    bool tech = false;  // a technology parameter: the keys a preset file (configs/tech/) sets
    std::function<FieldValue(const Config&)> get;
    std::function<void(Config&, const FieldValue&)> set;  // value already checked

    std::string section() const;  // "array" for "array.rows", "" for top-level keys
    std::string name() const;     // "rows" for "array.rows"
};

// Every field, in to_toml() order: top-level keys first, then one contiguous run per section.
const std::vector<ConfigField>& config_fields();

// nullptr when the key is unknown.
const ConfigField* find_field(std::string_view key);

// Section names in table order ("array", "sram", ...).
std::vector<std::string> config_sections();

// "an integer", "a number", "a boolean", "a string", "one of os, ws, is".
std::string expected_text(const ConfigField& f);

// "integer", "float", "bool", "string", "enum".
std::string kind_name(FieldKind k);

// What the field accepts: "1 to 4096", "a power of two from 8 to 4096", "os, ws, is", ...
std::string allowed_text(const ConfigField& f);

// Range / power-of-two / enum-word check of a value of the right kind. Returns the problem
// ("0 is out of range; allowed 1 to 4096") or nullopt.
std::optional<std::string> check_value(const ConfigField& f, const FieldValue& v);

// The value as a TOML literal: 32, 16.0, true, "ws". Floats keep enough digits to round-trip.
std::string toml_literal(const FieldValue& v);

// A value for messages: 32, 16, true, ws (no quotes, no forced ".0").
std::string plain_text(const FieldValue& v);

// A check that involves more than one field, run after every field has been read.
struct CrossFieldError {
    std::vector<std::string> keys;  // the fields involved, the one to blame first
    std::string message;            // "key 'dma.packet_bytes': 1000 is not a multiple of ..."
};
std::optional<CrossFieldError> check_cross_fields(const Config& c);

}  // namespace sasim
