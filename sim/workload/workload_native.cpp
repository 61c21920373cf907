// sasim's native workload CSV: header `layer,type,N,C,K,H,W,R,S,stride,pad,groups`, one layer
// per line (conv, fc, matmul, or a vector op: README, "Workloads", gives each type's columns),
// '#' comment lines. Stride and pad apply to both spatial dimensions; output size
// P = floor((H + 2*pad - R) / stride) + 1 for conv and pooling.
#include <fmt/format.h>

#include <array>

#include "sim/base/errors.hpp"
#include "sim/workload/workload.hpp"

namespace sasim::detail {
namespace {

constexpr std::array<const char*, 12> kColumns = {"layer", "type", "N", "C",      "K",   "H",
                                                  "W",     "R",    "S", "stride", "pad", "groups"};

std::string column_list() {
    std::string s;
    for (const char* c : kColumns) s += (s.empty() ? "" : ",") + std::string(c);
    return s;
}

// Every type but SCALE-Sim's gemm (its files say M, N, K; ours say conv, fc or matmul).
std::vector<std::string> native_types() {
    std::vector<std::string> words;
    for (const std::string& w : layer_type_words())
        if (w != "gemm") words.push_back(w);
    return words;
}

LayerType parse_type(const std::string& cell, const std::string& at) {
    const std::optional<LayerType> t = parse_layer_type(cell);
    if (t && *t != LayerType::gemm) return *t;
    throw InputError(fmt::format("{}: column 'type': '{}' is not a layer type; expected one of: {}",
                                 at, shown_text(cell), join_words(native_types())));
}

Layer native_layer(const CsvLine& row, const std::string& path) {
    using namespace workload_limits;
    const std::string at = location(path, row.number);
    const std::vector<std::string>& c = row.cells;
    if (c.size() != kColumns.size()) {
        const bool trailing_comma = c.size() == kColumns.size() + 1 && c.back().empty();
        throw InputError(fmt::format("{}: expected {} columns ({}), found {}{}", at,
                                     kColumns.size(), column_list(), c.size(),
                                     trailing_comma ? "; remove the trailing comma" : ""));
    }
    Layer l;
    l.name = c[0];
    l.type = parse_type(c[1], at);
    l.N = parse_int(c[2], at, kColumns[2], 1, max_batch);
    int64_t* const dims[] = {&l.C, &l.K, &l.H, &l.W, &l.R, &l.S};
    for (size_t i = 0; i < 6; ++i) *dims[i] = parse_int(c[3 + i], at, kColumns[3 + i], 1, max_dim);
    l.stride_h = l.stride_w = parse_int(c[9], at, kColumns[9], 1, max_stride);
    l.pad_h = l.pad_w = parse_int(c[10], at, kColumns[10], 0, max_pad);
    l.groups = parse_int(c[11], at, kColumns[11], 1, max_dim);
    l.rule = OutputRule::standard;
    l.source = at;
    l.line = row.number;
    return l;
}

}  // namespace

bool is_native_header(const CsvLine& header) {
    if (header.cells.size() != kColumns.size()) return false;
    for (size_t i = 0; i < kColumns.size(); ++i) {
        if (header.cells[i] != kColumns[i]) return false;
    }
    return true;
}

void parse_native(const std::vector<CsvLine>& rows, const std::string& path, LayerSink& sink) {
    for (const CsvLine& row : rows) sink.add(native_layer(row, path));
}

}  // namespace sasim::detail
