// What the fuzz targets run on one input (see harness.cpp.in): the readers, plus the promises
// their results make (an accepted config validates and round-trips through config.toml; an
// accepted layer validates and has positive output sizes). A broken promise aborts: a finding.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/base/errors.hpp"
#include "sim/config/config.hpp"
#include "sim/mapping/mapping.hpp"
#include "sim/mapping/pinned.hpp"
#include "sim/workload/onnx_import.hpp"
#include "sim/workload/workload.hpp"

namespace sasim::fuzz {

[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
    std::abort();
}

// Pieces of the input between NUL bytes: the first is the TOML text, the rest --set items.
inline std::vector<std::string> split_nul(const std::string& text) {
    std::vector<std::string> parts(1);
    for (char c : text) {
        if (c == '\0')
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

inline void config_text(const std::string& text) {
    std::vector<std::string> parts = split_nul(text);
    const std::vector<std::string> overrides(parts.begin() + 1, parts.end());
    try {
        (void)apply_overrides(default_config(), overrides);
    } catch (const InputError&) {
    }
    const Config c = parse_config_text(parts[0], "fuzz.toml", overrides);  // may throw InputError
    const std::string dumped = to_toml(c);
    try {
        validate_config(c);
        const std::string again = to_toml(parse_config_text(dumped, "config.toml", {}));
        if (again != dumped) finding("config.toml does not round-trip:\n" + dumped + "\n" + again);
    } catch (const InputError& e) {
        finding(std::string("an accepted config is refused when read back: ") + e.what() + "\n" +
                dumped);
    }
}

inline void workload_text(const std::string& text) {
    const Workload w = parse_workload(text, "fuzz.csv");  // may throw InputError
    if (w.layers.empty()) finding("a workload was accepted with no layers");
    for (const Layer& l : w.layers) {
        try {
            validate(l);
        } catch (const InputError& e) {
            finding(std::string("an accepted layer fails validate(): ") + e.what());
        }
        if (l.P() < 1 || l.Q() < 1 || (l.macs() < 1) != is_vector(l.type))
            finding("layer " + l.name + ": empty output");
    }
}

// An ONNX model's bytes: an accepted import gives layers that validate, and its native CSV
// reads back as the same layers.
inline void onnx_bytes(const std::string& bytes) {
    const OnnxImport im = import_onnx(bytes, "fuzz.onnx");  // may throw InputError
    if (im.workload.layers.empty()) finding("an ONNX model was accepted with no layers");
    for (const Layer& l : im.workload.layers) {
        try {
            validate(l);
        } catch (const InputError& e) {
            finding(std::string("an imported layer fails validate(): ") + e.what());
        }
    }
    const std::string csv = native_csv(im.workload, "");
    try {
        const Workload back = parse_workload(csv, "fuzz.csv");
        if (back.layers.size() != im.workload.layers.size() || native_csv(back, "") != csv)
            finding("the imported CSV does not read back the same:\n" + csv);
    } catch (const InputError& e) {
        finding(std::string("the imported CSV is refused: ") + e.what() + "\n" + csv);
    }
}

// mapping.from: a layers.csv's mapping cells, each parsed for AlexNet's conv2 (one group: M =
// 729, N = 128, K = 1200) on a 32x32 array under every dataflow. Promise: an accepted mapping
// renders (mapping_text) to a text that parses back to the same mapping.
inline void pinned_text(const std::string& text) {
    const PinnedMappings pinned = parse_pinned_mappings(text, "fuzz.csv");  // may throw
    for (Dataflow df : {Dataflow::ws, Dataflow::os, Dataflow::is}) {
        LayerShape s;
        s.df = df;
        s.arr = {32, 32};
        s.gemm = {729, 128, 1200};
        s.fg = fold_geometry(df, s.gemm, s.arr);
        s.roles = roles_of(df);
        s.P = s.Q = 27;
        for (const auto& [layer, p] : pinned) {
            Mapping m, again;
            std::string why;
            if (!parse_mapping_text(s, p.text, m, why)) continue;
            const std::string shown = mapping_text(s, m);
            if (!parse_mapping_text(s, shown, again, why))
                finding("'" + p.text + "' renders as '" + shown + "', refused: " + why);
            if (mapping_text(s, again) != shown || again.order != m.order || again.tile != m.tile ||
                again.step != m.step || again.band != m.band || again.level[0] != m.level[0] ||
                again.level[1] != m.level[1] || again.psum_onchip != m.psum_onchip)
                finding("'" + p.text + "' does not round-trip through '" + shown + "'");
        }
    }
}

}  // namespace sasim::fuzz
