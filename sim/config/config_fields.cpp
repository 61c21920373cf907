// The config field table and the per-value rules it implies (ranges, words, formatting).
// Every default, range, unit and description of the accelerator config is written here, once;
// models/*_params.hpp hold only the members.
#include "sim/config/config_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "sim/config/config_fields_detail.hpp"

namespace sasim {
namespace {

using namespace field_detail;

std::optional<DramModel> parse_dram_model(std::string_view s) {
    for (DramModel m : kDramModels)
        if (s == to_string(m)) return m;
    return std::nullopt;
}

const char* dram_model_word(DramModel m) { return to_string(m); }

std::vector<std::string> dram_model_words() {
    std::vector<std::string> w;
    for (DramModel m : kDramModels) w.push_back(to_string(m));
    return w;
}

std::optional<MapStrategy> parse_strategy(std::string_view s) {
    if (s == "auto") return MapStrategy::automatic;
    if (s == "scalesim") return MapStrategy::scalesim;
    return std::nullopt;
}

std::optional<TensorLayout> parse_layout(std::string_view s) {
    if (s == "nhwc") return TensorLayout::nhwc;
    if (s == "nchw") return TensorLayout::nchw;
    return std::nullopt;
}

// "" or a permutation of M, N and K.
std::optional<std::string> check_order(const std::string& v) {
    if (v.empty()) return std::nullopt;
    std::string sorted = v;
    std::sort(sorted.begin(), sorted.end());
    if (sorted == "KMN") return std::nullopt;
    return fmt::format("'{}' is not a loop order; allowed: \"\" (searched) or the letters M, N "
                       "and K once each, outermost first (e.g. \"NKM\")",
                       shown_text(v));
}

std::optional<std::string> check_path_text(const std::string& v) {
    if (v.size() <= 4096 && v.find('\0') == std::string::npos &&
        v.find('\n') == std::string::npos)
        return std::nullopt;
    return fmt::format("'{}' is not a usable file path (at most 4096 characters, one line)",
                       shown_text(v));
}

std::vector<ConfigField> build_table() {
    using K = FieldKind;
    constexpr int64_t kMaxKib = 4194304;  // 4 GiB
    constexpr int64_t kMaxLatency = 1000000;
    std::vector<ConfigField> rows = {
        make("name", K::string, std::string("edge"), "",
             "free-text name of the design, copied into the reports", member(&Config::name)),
        float_field("clock_mhz", 1000.0, 1.0, 100000.0, "MHz",
                    "accelerator clock; every cycle count in the config and reports is of this "
                    "clock",
                    member(&Config::clock_mhz)),
        int_field("array.rows", 32, 1, 4096, "PEs", "rows of processing elements",
                  member(&Config::array, &ArrayParams::rows)),
        int_field("array.cols", 32, 1, 4096, "PEs", "columns of processing elements",
                  member(&Config::array, &ArrayParams::cols)),
        enum_field(
            "array.dataflow", "ws", {"os", "ws", "is"},
            "operand that stays in the PEs: output, weight or input stationary",
            enum_member(&Config::array, &ArrayParams::dataflow, &to_string, &parse_dataflow)),
        make("array.preload", K::boolean, false, "",
             "stationary operand double-buffered in the PEs, so the next fold's load overlaps "
             "compute (TPU-style)",
             member(&Config::array, &ArrayParams::preload)),
        int_field("array.word_bytes", 1, 1, 8, "bytes", "bytes per ifmap / filter / ofmap element",
                  member(&Config::array, &ArrayParams::word_bytes)),
        int_field("array.psum_bytes", 4, 1, 8, "bytes", "bytes per partial sum spilled to memory",
                  member(&Config::array, &ArrayParams::psum_bytes)),
        clock_gating_field(),
        int_field("sram.ifmap_kb", 256, 1, kMaxKib, "KiB",
                  "ifmap scratchpad capacity (double-buffered: half fills while the array reads "
                  "the other half)",
                  member(&Config::sram, &SramParams::ifmap_kb)),
        int_field("sram.filter_kb", 256, 1, kMaxKib, "KiB",
                  "filter scratchpad capacity (double-buffered)",
                  member(&Config::sram, &SramParams::filter_kb)),
        int_field("sram.ofmap_kb", 512, 1, kMaxKib, "KiB",
                  "ofmap scratchpad capacity (double-buffered)",
                  member(&Config::sram, &SramParams::ofmap_kb)),
        int_field("sram.banks", 16, 1, 1024, "banks", "banks per scratchpad",
                  member(&Config::sram, &SramParams::banks)),
        int_field("sram.bank_width_bytes", 16, 0, 4096, "bytes/cycle",
                  "bytes one bank port moves per cycle; 0 = unlimited (no port contention)",
                  member(&Config::sram, &SramParams::bank_width_bytes)),
        int_field("sram.ports_per_bank", 2, 1, 2, "ports",
                  "1: array and DMA reads and writes share each bank's port; 2: one read and one "
                  "write port per bank",
                  member(&Config::sram, &SramParams::ports_per_bank)),
        enum_field(
            "dram.model", "bandwidth", dram_model_words(),
            "off-chip memory model: ideal (never stalls), bandwidth (peak rate plus a fixed "
            "latency), or a bank-level DRAM preset: its configs/dram/<name>.toml sets every "
            "bank-level dram key first, then the keys you set win",
            enum_member(&Config::dram, &DramParams::model, &dram_model_word, &parse_dram_model)),
        float_field("dram.bandwidth_gbps", 16.0, 0.001, 100000.0, "GB/s",
                    "bandwidth model: peak bandwidth (1 GB = 1e9 bytes)",
                    member(&Config::dram, &DramParams::bandwidth_gbps)),
        int_field("dram.latency_cycles", 100, 0, kMaxLatency, "cycles",
                  "bandwidth model: fixed latency of every request",
                  member(&Config::dram, &DramParams::latency_cycles)),
        power_of_two(int_field("dram.burst_bytes", 64, 8, 4096, "bytes",
                               "transfers are split into bursts of this size",
                               member(&Config::dram, &DramParams::burst_bytes))),
        int_field("interconnect.bytes_per_cycle", 32, 0, 65536, "bytes/cycle",
                  "link width between the DMA and DRAM; 0 = unlimited",
                  member(&Config::interconnect, &InterconnectParams::bytes_per_cycle)),
        int_field("interconnect.latency_cycles", 4, 0, kMaxLatency, "cycles",
                  "one-way latency added to every transfer",
                  member(&Config::interconnect, &InterconnectParams::latency_cycles)),
        link_length_field(),
        multiple_of(int_field("dma.packet_bytes", 1024, 64, 1048576, "bytes",
                              "largest transfer the DMA issues at once (split into bursts)",
                              member(&Config::dma, &DmaParams::packet_bytes)),
                    "dram.burst_bytes"),
        int_field("dma.max_outstanding", 8, 1, 4096, "packets",
                  "DMA packets in flight at once, over all streams",
                  member(&Config::dma, &DmaParams::max_outstanding)),
        enum_field("mapping.strategy", "auto", {"auto", "scalesim"},
                   "auto: the mapper searches loop orders, tiles and buffering per layer; "
                   "scalesim: SCALE-Sim's fixed mapping (column folds outermost, operands whole "
                   "or re-read every fold)",
                   enum_member(&Config::mapping, &MappingParams::strategy, &to_string,
                               &parse_strategy)),
        text_field(make("mapping.order", K::string, std::string(""), "",
                        "loop order of the GEMM dimensions M (pixels x batch), N (filters), K "
                        "(window), outermost first, e.g. \"NKM\"; empty: searched (auto only)",
                        member(&Config::mapping, &MappingParams::order)),
                   check_order, "\"\" or a permutation of M, N, K"),
        int_field("mapping.tile", 0, 0, int64_t{1} << 40, "rows",
                  "streamed rows per fold execution (the t tile); 0: searched (auto only)",
                  member(&Config::mapping, &MappingParams::tile)),
        int_field("mapping.step", 0, 0, int64_t{1} << 40, "rows",
                  "streamed rows per step (the DMA's double-buffered unit); 0: searched (auto "
                  "only)",
                  member(&Config::mapping, &MappingParams::step)),
        enum_field("mapping.layout", "nhwc", {"nhwc", "nchw"},
                   "order of activation tensors in DRAM (weights are packed as the mapping "
                   "reads them)",
                   enum_member(&Config::mapping, &MappingParams::layout, &to_string,
                               &parse_layout)),
        text_field(make("mapping.from", K::string, std::string(""), "",
                        "\"\": each layer mapped by the strategy; else the path of a run's "
                        "layers.csv (relative to the working directory): each layer keeps the "
                        "mapping in its `mapping` column (what-if runs use this)",
                        member(&Config::mapping, &MappingParams::from)),
                   check_path_text, "\"\" or a file path"),
        int_field("vector.lanes", 32, 1, 65536, "elements/cycle",
                  "elements the vector unit (pooling, activations, normalization, adds, softmax) "
                  "works on per cycle",
                  member(&Config::vector, &VectorParams::lanes)),
        int_field("vector.alu_cycles", 1, 1, 1000, "cycles",
                  "lane cycles of one add, compare, max or multiply-add",
                  member(&Config::vector, &VectorParams::alu_cycles)),
        int_field("vector.exp_cycles", 4, 1, 1000, "cycles",
                  "lane cycles of one exponential (softmax, sigmoid, tanh, LRN's pow)",
                  member(&Config::vector, &VectorParams::exp_cycles)),
        int_field("vector.div_cycles", 8, 1, 1000, "cycles",
                  "lane cycles of one division, reciprocal or square root",
                  member(&Config::vector, &VectorParams::div_cycles)),
        int_field("vector.pipeline_cycles", 4, 0, 1000, "cycles",
                  "per tile of a vector layer: cycles from its first scratchpad read to its last "
                  "write beyond the lane cycles (read latency, ALU stages, write)",
                  member(&Config::vector, &VectorParams::pipeline_cycles)),
        make("vector.fuse_activation", K::boolean, true, "",
             "an activation (relu, clip, sigmoid, tanh) right after a conv, fc or matmul is "
             "applied to its outputs on the way out of the array, with no layer of its own",
             member(&Config::vector, &VectorParams::fuse_activation)),
        make("network.prefetch_filters", K::boolean, false, "",
             "the next layer's filter tiles (in program order) are fetched while a layer runs, "
             "into filter-scratchpad space the running layer can no longer take, one packet at a "
             "time while the DMA has nothing of the running layer; false: a layer starts with "
             "nothing on chip",
             member(&Config::network, &NetworkParams::prefetch_filters)),
        make("network.keep_ofmap", K::boolean, false, "",
             "a layer's output that the next layer reads stays in the ofmap scratchpad when it "
             "and the tensor the layer reads take at most half of it (README, \"Across "
             "layers\"): not written to DRAM, copied into the ifmap scratchpad as the next "
             "layer needs it; false: every layer reads its input from DRAM",
             member(&Config::network, &NetworkParams::keep_ofmap)),
        int_field("workload.batch", 1, 1, 65536, "images",
                  "images per run: every layer's N (batch) is multiplied by it",
                  member(&Config::workload, &WorkloadParams::batch)),
        int_field("report.timeline_window_cycles", 10000, 0, 1000000000, "cycles",
                  "width of one timeline.csv window; 0 = no timeline.csv",
                  member(&Config::report, &ReportParams::timeline_window_cycles)),
    };
    // The bank-level keys close the [dram] section (sections stay contiguous).
    auto after = std::find_if(rows.begin(), rows.end(),
                              [](const ConfigField& f) { return f.key == "dram.burst_bytes"; });
    std::vector<ConfigField> ddr = ddr_fields();
    const std::vector<ConfigField> power = dram_power_fields();
    ddr.insert(ddr.end(), power.begin(), power.end());
    rows.insert(after + 1, ddr.begin(), ddr.end());
    const std::vector<ConfigField> tech = tech_fields();  // the [tech] section closes the table
    rows.insert(rows.end(), tech.begin(), tech.end());
    return rows;
}

}  // namespace

std::string ConfigField::section() const {
    auto dot = key.find('.');
    return dot == std::string::npos ? std::string() : key.substr(0, dot);
}

std::string ConfigField::name() const {
    auto dot = key.find('.');
    return dot == std::string::npos ? key : key.substr(dot + 1);
}

const std::vector<ConfigField>& config_fields() {
    static const std::vector<ConfigField> table = build_table();
    return table;
}

const ConfigField* find_field(std::string_view key) {
    for (const auto& f : config_fields()) {
        if (f.key == key) return &f;
    }
    return nullptr;
}

std::vector<std::string> config_sections() {
    std::vector<std::string> out;
    for (const auto& f : config_fields()) {
        auto s = f.section();
        if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    return out;
}

std::string kind_name(FieldKind k) {
    switch (k) {
        case FieldKind::integer:
            return "integer";
        case FieldKind::floating:
            return "float";
        case FieldKind::boolean:
            return "bool";
        case FieldKind::string:
            return "string";
        case FieldKind::enumeration:
            return "enum";
    }
    return "?";
}

std::string expected_text(const ConfigField& f) {
    switch (f.kind) {
        case FieldKind::integer:
            return "an integer";
        case FieldKind::floating:
            return "a number";
        case FieldKind::boolean:
            return "a boolean";
        case FieldKind::string:
            return "a string";
        case FieldKind::enumeration:
            return "a string (one of: " + join_words(f.words) + ")";
    }
    return "?";
}

std::string allowed_text(const ConfigField& f) {
    switch (f.kind) {
        case FieldKind::boolean:
            return "true, false";
        case FieldKind::string:
            return f.allowed_words.empty() ? "any text" : f.allowed_words;
        case FieldKind::enumeration:
            return join_words(f.words);
        case FieldKind::integer:
        case FieldKind::floating:
            break;
    }
    auto range = fmt::format("{} to {}", plain_text(f.min), plain_text(f.max));
    if (f.power_of_two) range = "a power of two from " + range;
    if (!f.multiple_of.empty()) range += ", a multiple of " + f.multiple_of;
    return range;
}

std::optional<std::string> check_value(const ConfigField& f, const FieldValue& v) {
    auto out_of_range = [&] {
        return fmt::format("{} is out of range; allowed {}", plain_text(v), allowed_text(f));
    };
    if (f.kind == FieldKind::integer) {
        int64_t x = std::get<int64_t>(v);
        if (x < std::get<int64_t>(f.min) || x > std::get<int64_t>(f.max)) return out_of_range();
        if (f.power_of_two && (x & (x - 1)) != 0) {
            return fmt::format("{} is not a power of two; allowed {}", x, allowed_text(f));
        }
    } else if (f.kind == FieldKind::floating) {
        double x = std::get<double>(v);
        if (!(x >= std::get<double>(f.min) && x <= std::get<double>(f.max))) return out_of_range();
    } else if (f.kind == FieldKind::enumeration) {
        const auto& w = std::get<std::string>(v);
        if (std::find(f.words.begin(), f.words.end(), w) == f.words.end()) {
            return fmt::format("'{}' is not allowed; allowed: {}", shown_text(w), allowed_text(f));
        }
    } else if (f.kind == FieldKind::string && f.check_text) {
        return f.check_text(std::get<std::string>(v));
    }
    return std::nullopt;
}

std::string toml_literal(const FieldValue& v) {
    if (auto* s = std::get_if<std::string>(&v)) return toml_quote(*s);
    if (auto* d = std::get_if<double>(&v)) {
        auto text = fmt::format("{}", *d);  // shortest text that round-trips
        if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
        return text;
    }
    return plain_text(v);
}

std::string plain_text(const FieldValue& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, bool>)
                return x ? "true" : "false";
            else
                return fmt::format("{}", x);
        },
        v);
}

std::optional<CrossFieldError> check_cross_fields(const Config& c) {
    for (const auto& f : config_fields()) {
        if (f.multiple_of.empty()) continue;
        const ConfigField* other = find_field(f.multiple_of);
        if (!other) throw std::logic_error("config field table: unknown key " + f.multiple_of);
        int64_t x = std::get<int64_t>(f.get(c));
        int64_t m = std::get<int64_t>(other->get(c));
        if (m != 0 && x % m == 0) continue;
        return CrossFieldError{
            {f.key, other->key},
            fmt::format("key '{}': {} is not a multiple of {} ({})", f.key, x, other->key, m)};
    }
    if (!c.mapping.from.empty()) {
        const char* key = c.mapping.strategy == MapStrategy::scalesim ? "mapping.strategy"
                          : !c.mapping.order.empty()                  ? "mapping.order"
                          : c.mapping.tile != 0                       ? "mapping.tile"
                          : c.mapping.step != 0                       ? "mapping.step"
                                                                      : nullptr;
        if (key)
            return CrossFieldError{{key, "mapping.from"},
                                   fmt::format("key '{}': mapping.from pins every layer's mapping, "
                                               "so '{}' cannot also choose one; leave it at its "
                                               "default or mapping.from at \"\"",
                                               key, key)};
    }
    if (c.mapping.strategy == MapStrategy::scalesim) {
        const char* key = !c.mapping.order.empty() ? "mapping.order"
                          : c.mapping.tile != 0    ? "mapping.tile"
                          : c.mapping.step != 0    ? "mapping.step"
                                                   : nullptr;
        if (key)
            return CrossFieldError{{key, "mapping.strategy"},
                                   fmt::format("key '{}': applies to mapping.strategy = \"auto\" "
                                               "only (scalesim's mapping is fixed); leave it at "
                                               "its default (\"\" or 0) or use strategy auto",
                                               key)};
    }
    if (auto e = check_ddr_cross(c)) return e;
    return check_energy_cross(c);
}

}  // namespace sasim
