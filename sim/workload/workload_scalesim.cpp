// SCALE-Sim v2 topology files, read with its own semantics (scalesim/topology_utils.py): the
// last cell of every row is dropped (rows end with a comma), no padding, groups folded into
// channels, batch 1, output ceil((H - R + stride) / stride), "DP" layers expanded per channel.
#include <fmt/format.h>

#include <array>

#include "sim/base/errors.hpp"
#include "sim/workload/workload.hpp"

namespace sasim::detail {
namespace {

constexpr std::array<const char*, 7> kConvColumns = {"layer name",    "ifmap height", "ifmap width",
                                                     "filter height", "filter width", "channels",
                                                     "num filter"};

// Header cells without the empty one after a trailing comma.
std::vector<std::string> header_names(const CsvLine& header) {
    std::vector<std::string> names = header.cells;
    if (names.size() > 1 && names.back().empty()) names.pop_back();
    return names;
}

std::string joined(const std::vector<std::string>& names, size_t count) {
    std::string s;
    for (size_t i = 0; i < count && i < names.size(); ++i) s += (i ? ", " : "") + names[i];
    return s;
}

// SCALE-Sim drops the last cell of every row. We accept that cell only if it is empty (the line
// ends with a comma) or a '#' note (its own mobilnet_paper.csv ends rows with ",#dw"), so a
// value is never silently ignored.
std::vector<std::string> row_values(const CsvLine& row, const std::string& at) {
    std::vector<std::string> values = row.cells;
    if (!values.back().empty() && values.back()[0] != '#') {
        throw InputError(
            fmt::format("{}: the line does not end with a comma; SCALE-Sim drops the "
                        "last cell of every row, so '{}' would be ignored; end the "
                        "line with ','",
                        at, shown_text(values.back())));
    }
    values.pop_back();
    return values;
}

Layer scalesim_layer(const std::string& name, const std::string& at, int line) {
    Layer l;
    l.name = name;
    l.rule = OutputRule::scalesim;
    l.source = at;
    l.line = line;
    return l;
}

void check_fits(const Layer& l, const std::vector<std::string>& names, bool height) {
    const int64_t filt = height ? l.R : l.S, in = height ? l.H : l.W;
    if (filt <= in) return;
    const std::string& fname = names[height ? 3 : 4];
    const std::string& iname = names[height ? 1 : 2];
    throw InputError(
        fmt::format("{}: layer '{}': column '{}': '{}' is larger than {} = {}; "
                    "SCALE-Sim requires {} <= {} (its files have no padding: "
                    "pre-pad the input size)",
                    l.source, shown_text(l.name), fname, filt, iname, in, fname, iname));
}

void add_conv_row(const CsvLine& row, std::vector<std::string> names, const std::string& path,
                  LayerSink& sink) {
    using namespace workload_limits;
    const std::string at = location(path, row.number);
    const std::vector<std::string> v = row_values(row, at);
    if (names.size() < 9) names.push_back("Stride width");
    if (v.size() != 8 && v.size() != 9) {
        throw InputError(
            fmt::format("{}: expected 8 or 9 values before the trailing comma ({}, "
                        "optional {}), found {}",
                        at, joined(names, 8), names[8], v.size()));
    }
    Layer l = scalesim_layer(v[0], at, row.number);
    int64_t* const fields[] = {&l.H, &l.W, &l.R, &l.S, &l.C, &l.K};
    for (size_t i = 0; i < 6; ++i) *fields[i] = parse_int(v[1 + i], at, names[1 + i], 1, max_dim);
    l.stride_h = l.stride_w = parse_int(v[7], at, names[7], 1, max_stride);
    if (v.size() == 9) l.stride_w = parse_int(v[8], at, names[8], 1, max_stride);
    check_fits(l, names, true);
    check_fits(l, names, false);
    if (l.name.find("DP") == std::string::npos) return sink.add(std::move(l));
    // Depthwise: one single-channel layer per channel, each with all the filters.
    const int64_t channels = l.C;
    sink.reserve(channels, at, l.name);
    l.C = 1;
    const std::string base = l.name;
    for (int64_t i = 0; i < channels; ++i) {
        l.name = base + "Channel_" + std::to_string(i);
        sink.add(l);
    }
}

void add_gemm_row(const CsvLine& row, const std::vector<std::string>& names,
                  const std::string& path, LayerSink& sink) {
    const std::string at = location(path, row.number);
    const std::vector<std::string> v = row_values(row, at);
    if (v.size() != 4) {
        throw InputError(
            fmt::format("{}: expected 4 values before the trailing comma ({}), "
                        "found {}",
                        at, joined(names, 4), v.size()));
    }
    const int64_t lim = workload_limits::max_dim;
    const int64_t m = parse_int(v[1], at, names[1], 1, lim);
    const int64_t n = parse_int(v[2], at, names[2], 1, lim);
    const int64_t k = parse_int(v[3], at, names[3], 1, lim);
    // SCALE-Sim's conversion: ifmap M x K, one K-wide filter row per output column, stride 1.
    Layer l = scalesim_layer(v[0], at, row.number);
    l.type = LayerType::gemm;
    l.H = m;
    l.W = k;
    l.R = 1;
    l.S = k;
    l.C = 1;
    l.K = n;
    sink.add(std::move(l));
}

}  // namespace

bool is_scalesim_conv_header(const CsvLine& header) {
    const std::vector<std::string> names = header_names(header);
    if (names.size() < 8) return false;
    for (size_t i = 0; i < kConvColumns.size(); ++i) {
        if (lowercase(names[i]) != kConvColumns[i]) return false;
    }
    return lowercase(names[7]).rfind("stride", 0) == 0;
}

bool is_scalesim_gemm_header(const CsvLine& header) {
    const std::vector<std::string> names = header_names(header);
    if (names.size() != 4) return false;
    const std::string first = lowercase(names[0]);
    return (first == "layer" || first == "layer name") && lowercase(names[1]) == "m" &&
           lowercase(names[2]) == "n" && lowercase(names[3]) == "k";
}

void parse_scalesim_conv(const CsvLine& header, const std::vector<CsvLine>& rows,
                         const std::string& path, LayerSink& sink) {
    const std::vector<std::string> names = header_names(header);
    for (const CsvLine& row : rows) add_conv_row(row, names, path, sink);
}

void parse_scalesim_gemm(const CsvLine& header, const std::vector<CsvLine>& rows,
                         const std::string& path, LayerSink& sink) {
    const std::vector<std::string> names = header_names(header);
    for (const CsvLine& row : rows) add_gemm_row(row, names, path, sink);
}

}  // namespace sasim::detail
