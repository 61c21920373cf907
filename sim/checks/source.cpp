// Strings and word lists quoted for checks-file messages (the config reader's wording), and
// reading back the report CSV texts that metrics come from.
#include "sim/checks/source.hpp"

#include <fmt/format.h>

#include <charconv>

#include "sim/config/config_fields.hpp"

namespace sasim::checks_detail {

std::string quoted(const std::string& s) { return toml_literal(FieldValue(s)); }

bool parse_number(const std::string& s, double& v) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace sasim::checks_detail
