// Workload reading: the file, line splitting, format detection from the header, the shared
// integer parser and layer collector, and validate(Layer). The formats themselves are read in
// workload_native.cpp and workload_scalesim.cpp.
#include "sim/workload/workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>
#include <string_view>

#include "sim/base/errors.hpp"
#include "sim/base/files.hpp"
#include "sim/workload/onnx_import.hpp"

namespace sasim {
namespace detail {
namespace {

std::vector<std::string> split_cells(std::string_view line) {
    std::vector<std::string> cells;
    size_t pos = 0;
    while (true) {
        const size_t comma = line.find(',', pos);
        cells.push_back(
            trim(line.substr(pos, comma == std::string_view::npos ? line.npos : comma - pos)));
        if (comma == std::string_view::npos) return cells;
        pos = comma + 1;
    }
}

// Non-blank lines that are not '#' comments, with their line numbers.
std::vector<CsvLine> significant_lines(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte-order mark
    std::vector<CsvLine> out;
    int number = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        ++number;
        std::string line = trim(text.substr(pos, end - pos));
        if (!line.empty() && line[0] != '#') {
            CsvLine l;
            l.number = number;
            l.cells = split_cells(line);
            l.text = std::move(line);
            out.push_back(std::move(l));
        }
        pos = end + 1;
    }
    return out;
}

std::string accepted_headers() {
    return "sasim native 'layer,type,N,C,K,H,W,R,S,stride,pad,groups', "
           "SCALE-Sim conv 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
           "Channels, Num Filter, Strides,' or SCALE-Sim GEMM 'Layer, M, N, K,'";
}

[[noreturn]] void unknown_header(const CsvLine& header, const std::string& path) {
    const std::string native = "layer,type,n,c,k,h,w,r,s,stride,pad,groups";
    std::string joined;
    for (const std::string& c : header.cells) joined += (joined.empty() ? "" : ",") + c;
    const bool case_only = lowercase(joined) == native;
    throw InputError(fmt::format("{}: unknown header '{}'; expected one of: {}{}",
                                 location(path, header.number), shown_text(header.text),
                                 accepted_headers(),
                                 case_only ? " (native column names are case-sensitive)" : ""));
}

}  // namespace

std::string lowercase(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string location(const std::string& path, int line) { return fmt::format("{}:{}", path, line); }

int64_t parse_int(const std::string& cell, const std::string& at, const std::string& column,
                  int64_t lo, int64_t hi) {
    const std::string allowed = fmt::format("expected an integer from {} to {}", lo, hi);
    const auto fail = [&](const char* what) {
        return InputError(fmt::format("{}: column '{}': '{}' {}; {}", at, column, shown_text(cell),
                                      what, allowed));
    };
    const bool negative = !cell.empty() && cell[0] == '-';
    const std::string_view digits =
        std::string_view(cell).substr(!cell.empty() && (cell[0] == '-' || cell[0] == '+'));
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
        throw fail("is not an integer");
    }
    const char* below = lo == 1 ? "is not a positive integer" : "is not a non-negative integer";
    if (negative && digits.find_first_not_of('0') != std::string_view::npos) throw fail(below);
    int64_t value = 0;
    const auto ec = std::from_chars(digits.data(), digits.data() + digits.size(), value).ec;
    if (ec == std::errc::result_out_of_range || value > hi) throw fail("is above the limit");
    if (value < lo) throw fail(below);
    return value;
}

void LayerSink::reserve(int64_t count, const std::string& at, const std::string& name) const {
    const int64_t total = static_cast<int64_t>(workload_.layers.size()) + count;
    if (total <= workload_limits::max_layers) return;
    throw InputError(
        fmt::format("{}: layer '{}' would make {} layers; a workload may have at most {} layers",
                    at, shown_text(name), total, workload_limits::max_layers));
}

void LayerSink::add(Layer layer) {
    reserve(1, layer.source, layer.name);
    if (layer.name.empty()) {
        throw InputError(
            fmt::format("{}: column '{}': '' is not a layer name; expected a non-empty name",
                        layer.source, name_column_));
    }
    validate(layer);
    const auto [it, inserted] = lines_by_name_.emplace(layer.name, layer.line);
    if (!inserted) {
        throw InputError(
            fmt::format("{}: column '{}': '{}' is not a unique layer name; line {} already has a "
                        "layer of that name",
                        layer.source, name_column_, shown_text(layer.name), it->second));
    }
    workload_.layers.push_back(std::move(layer));
}

}  // namespace detail

namespace {

using Wide = __int128;  // products of up to seven bounded fields, exact

std::string wide_str(Wide v) {
    if (v == 0) return "0";
    std::string s;
    for (; v > 0; v /= 10) s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    return s;
}

std::string head(const Layer& l) {
    return fmt::format("{}: layer '{}'", l.source, shown_text(l.name));
}

void check_range(const Layer& l, const char* field, int64_t value, int64_t lo, int64_t hi) {
    if (value >= lo && value <= hi) return;
    throw InputError(
        fmt::format("{}: field '{}' = {} is out of range; expected an integer from {} to {}",
                    head(l), field, value, lo, hi));
}

// What a type requires of its fixed columns, for messages.
std::string type_rule(LayerType t) {
    switch (t) {
        case LayerType::fc:
            return "an fc layer needs H=W=R=S=1, stride=1, pad=0, groups=1 (C = input features, "
                   "K = output features)";
        case LayerType::matmul:
            return "a matmul layer needs R=S=1, stride=1, pad=0 (per image and group: [H*W x "
                   "C/groups] x [C/groups x K/groups])";
        case LayerType::maxpool:
        case LayerType::avgpool:
            return fmt::format("a {} layer needs K=C, groups=1 (window R x S, stride, pad)",
                               to_string(t));
        case LayerType::lrn:
            return "an lrn layer needs K=C, S=1, stride=1, pad=0, groups=1 (R = size: channels "
                   "summed over)";
        default:
            return fmt::format("a {} layer needs K=C, R=S=1, stride=1, pad=0, groups=1",
                               to_string(t));
    }
}

void check_fields(const Layer& l) {
    using namespace workload_limits;
    check_range(l, "N", l.N, 1, max_batch);
    const std::pair<const char*, int64_t> dims[] = {{"C", l.C},          {"K", l.K}, {"H", l.H},
                                                    {"W", l.W},          {"R", l.R}, {"S", l.S},
                                                    {"groups", l.groups}};
    for (const auto& [field, value] : dims) check_range(l, field, value, 1, max_dim);
    check_range(l, "stride_h", l.stride_h, 1, max_stride);
    check_range(l, "stride_w", l.stride_w, 1, max_stride);
    check_range(l, "pad_h", l.pad_h, 0, max_pad);
    check_range(l, "pad_w", l.pad_w, 0, max_pad);
}

// Columns a layer type fixes: fc (a 1x1 conv on a 1x1 input), matmul (no window) and the
// vector ops (K = C, groups 1; no window except pooling's, lrn's size in R).
void check_fixed(const Layer& l) {
    if (l.type == LayerType::conv || l.type == LayerType::gemm) return;
    struct Fixed {
        const char* column;
        int64_t value, want;
    };
    std::vector<Fixed> fixed;
    const bool pool = l.type == LayerType::maxpool || l.type == LayerType::avgpool;
    if (l.type == LayerType::fc) fixed = {{"H", l.H, 1}, {"W", l.W, 1}};
    if (is_vector(l.type)) fixed = {{"K", l.K, l.C}, {"groups", l.groups, 1}};
    if (!pool) {
        if (l.type != LayerType::lrn) fixed.push_back({"R", l.R, 1});
        fixed.insert(fixed.end(), {{"S", l.S, 1},
                                   {"stride", l.stride_h, 1},
                                   {"stride", l.stride_w, 1},
                                   {"pad", l.pad_h, 0},
                                   {"pad", l.pad_w, 0}});
    }
    if (l.type == LayerType::fc) fixed.push_back({"groups", l.groups, 1});
    for (const Fixed& f : fixed) {
        if (f.value == f.want) continue;
        throw InputError(fmt::format("{}: column '{}': '{}' is not {}; {}", head(l), f.column,
                                     f.value, f.want, type_rule(l.type)));
    }
    if (pool && (l.pad_h >= l.R || l.pad_w >= l.S))
        throw InputError(fmt::format(
            "{}: column 'pad': '{}' is not less than the window {}x{}; a pooling window must "
            "overlap the input",
            head(l), std::max(l.pad_h, l.pad_w), l.R, l.S));
}

void check_groups(const Layer& l) {
    const std::pair<const char*, int64_t> shared[] = {{"C", l.C}, {"K", l.K}};
    for (const auto& [field, value] : shared) {
        if (value % l.groups == 0) continue;
        throw InputError(fmt::format(
            "{}: column 'groups': '{}' is not a divisor of {} = {}; groups must divide both C "
            "and K",
            head(l), l.groups, field, value));
    }
}

// floor(a / b) for b > 0
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

struct Axis {
    const char* filter_name;  // "height" / "width"
    const char *in, *filt, *out;
    int64_t in_size, filt_size, stride, pad;
};

void check_axis(const Layer& l, const Axis& a) {
    if (l.rule == OutputRule::scalesim) {
        if (a.pad != 0) throw InputError(head(l) + ": SCALE-Sim's output rule has no padding");
        if (a.filt_size <= a.in_size) return;
        throw InputError(fmt::format(
            "{}: filter {} {} = {} is larger than the input {} {} = {}; SCALE-Sim requires "
            "filter <= input (no padding)",
            head(l), a.filter_name, a.filt, a.filt_size, a.filter_name, a.in, a.in_size));
    }
    const int64_t padded = a.in_size + 2 * a.pad;
    if (a.filt_size <= padded) return;
    throw InputError(fmt::format(
        "{}: filter {} {} = {} is larger than the padded input {} + 2*pad = {} + 2*{} = {}, so "
        "the output {} {} = floor(({} + 2*{} - {}) / {}) + 1 = {} is not positive; expected "
        "{} <= {}",
        head(l), a.filter_name, a.filt, a.filt_size, a.in, a.in_size, a.pad, padded, a.filter_name,
        a.out, a.in_size, a.pad, a.filt_size, a.stride,
        floor_div(padded - a.filt_size, a.stride) + 1, a.filt, padded));
}

void check_limit(const Layer& l, const char* formula, const std::vector<int64_t>& factors,
                 int64_t limit, const char* note) {
    Wide product = 1;
    std::string arithmetic;
    for (int64_t f : factors) {
        product *= f;
        arithmetic += (arithmetic.empty() ? "" : "*") + std::to_string(f);
    }
    if (product <= limit) return;
    throw InputError(fmt::format("{}: {} = {} = {}, more than the limit of {} {}", head(l), formula,
                                 arithmetic, wide_str(product), limit, note));
}

void check_sizes(const Layer& l) {
    using workload_limits::max_tensor_elems;
    const char* per_tensor = "(2^40) elements per tensor";
    check_limit(l, "ifmap elements N*C*H*W", {l.N, l.C, l.H, l.W}, max_tensor_elems, per_tensor);
    if (is_vector(l.type)) {
        check_limit(l, "ofmap elements N*K*P*Q", {l.N, l.K, l.P(), l.Q()}, max_tensor_elems,
                    per_tensor);
        return;
    }
    check_limit(l, "filter elements K*(C/groups)*R*S", {l.K, l.Cg(), l.R, l.S}, max_tensor_elems,
                per_tensor);
    check_limit(l, "ofmap elements N*K*P*Q", {l.N, l.K, l.P(), l.Q()}, max_tensor_elems,
                per_tensor);
    check_limit(l, "MACs N*P*Q*K*R*S*(C/groups)", {l.N, l.P(), l.Q(), l.K, l.R, l.S, l.Cg()},
                workload_limits::max_layer_macs, "(10^15) MACs per layer");
}

}  // namespace

void validate(const Layer& l) {
    check_fields(l);
    check_fixed(l);
    check_groups(l);
    if (!is_vector(l.type) || l.type == LayerType::maxpool || l.type == LayerType::avgpool) {
        check_axis(l, {"height", "H", "R", "P", l.H, l.R, l.stride_h, l.pad_h});
        check_axis(l, {"width", "W", "S", "Q", l.W, l.S, l.stride_w, l.pad_w});
    }
    check_sizes(l);
}

Workload parse_workload(const std::string& text, const std::string& path) {
    Workload w;
    w.path = path;
    w.name = std::filesystem::path(path).stem().string();
    const std::vector<detail::CsvLine> lines = detail::significant_lines(text);
    if (lines.empty()) {
        throw InputError(
            fmt::format("{}: no header: the file is empty or has only blank and comment lines; "
                        "expected one of: {}",
                        path, detail::accepted_headers()));
    }
    const detail::CsvLine& header = lines.front();
    const std::vector<detail::CsvLine> rows(lines.begin() + 1, lines.end());
    const bool native = detail::is_native_header(header);
    const bool conv = !native && detail::is_scalesim_conv_header(header);
    if (!native && !conv && !detail::is_scalesim_gemm_header(header)) {
        detail::unknown_header(header, path);
    }
    if (rows.empty()) {
        throw InputError(
            fmt::format("{}: no layers: line {} is the header and no layer lines follow; expected "
                        "at least one layer",
                        path, header.number));
    }
    w.format = native ? "native" : conv ? "scalesim-conv" : "scalesim-gemm";
    detail::LayerSink sink(w, header.cells.at(0));
    if (native) {
        detail::parse_native(rows, path, sink);
    } else if (conv) {
        detail::parse_scalesim_conv(header, rows, path, sink);
    } else {
        detail::parse_scalesim_gemm(header, rows, path, sink);
    }
    return w;
}

Workload read_workload(const std::string& path) {
    const std::string ext = std::filesystem::path(path).extension().string();
    if (ext == ".onnx" || ext == ".ONNX") return read_onnx(path).workload;
    return parse_workload(read_file(path, "workload file", workload_limits::max_file_bytes), path);
}

}  // namespace sasim
