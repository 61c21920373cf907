// Config helpers for tests: the error text of parsing config text.
#pragma once
#include <string>
#include <vector>

#include "sim/config/config.hpp"
#include "sim/base/errors.hpp"

namespace sasim::test {

// The InputError text of parsing `text` as "cfg.toml" with `overrides`, or "" if it parsed.
inline std::string config_text_error(const std::string& text,
                                     const std::vector<std::string>& overrides = {}) {
    try {
        parse_config_text(text, "cfg.toml", overrides);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace sasim::test
