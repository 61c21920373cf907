// Workload files: sasim's native CSV and SCALE-Sim's conv and GEMM topology files, read into
// Layers with every value checked up front. Errors throw InputError naming path:line, the column,
// the bad value and what is allowed. Format is detected from the header line.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/workload/layer.hpp"
#include "sim/base/text.hpp"

namespace sasim {

struct Workload {
    std::string path;
    std::string name;    // file stem
    std::string format;  // "native" | "scalesim-conv" | "scalesim-gemm"
    std::vector<Layer> layers;
};

// Sizes a workload may ask for; larger values are refused when the file is read.
namespace workload_limits {
constexpr int64_t max_dim = int64_t{1} << 20;    // C, K, H, W, R, S, groups; GEMM M, N, K
constexpr int64_t max_batch = int64_t{1} << 16;  // N
constexpr int64_t max_stride = 1024;
constexpr int64_t max_pad = 1024;
constexpr int64_t max_tensor_elems = int64_t{1} << 40;     // each of ifmap, filter, ofmap
constexpr int64_t max_layer_macs = 1'000'000'000'000'000;  // 10^15 per layer
constexpr int64_t max_layers = 100'000;                    // after depthwise expansion
constexpr int64_t max_file_bytes = int64_t{64} << 20;      // 64 MiB
}  // namespace workload_limits

Workload read_workload(const std::string& path);  // throws InputError
Workload parse_workload(const std::string& text, const std::string& path_for_messages);

// Checks any layer (however it was built) against the rules above: field ranges, fc shape,
// groups dividing C and K, filter fitting the (padded) input, tensor and MAC limits.
// Messages start with layer.source. Throws InputError.
void validate(const Layer& layer);

// Shared by the per-format readers (workload_native.cpp, workload_scalesim.cpp).
namespace detail {

struct CsvLine {
    int number = 0;                  // 1-based line number in the file
    std::string text;                // the whole line, trimmed
    std::vector<std::string> cells;  // split on ',', each trimmed
};

std::string location(const std::string& path, int line);  // "path:line"
std::string lowercase(std::string s);
// Parses an integer cell in [lo, hi]; otherwise throws naming the column and the range.
int64_t parse_int(const std::string& cell, const std::string& at, const std::string& column,
                  int64_t lo, int64_t hi);

// Collects layers: validates each, refuses duplicate names and too many layers.
class LayerSink {
public:
    LayerSink(Workload& workload, std::string name_column)
        : workload_(workload), name_column_(std::move(name_column)) {}
    // Refuses adding `count` more layers from one line if that would pass max_layers.
    void reserve(int64_t count, const std::string& at, const std::string& layer_name) const;
    void add(Layer layer);

private:
    Workload& workload_;
    std::string name_column_;
    std::map<std::string, int> lines_by_name_;
};

bool is_native_header(const CsvLine& header);
bool is_scalesim_conv_header(const CsvLine& header);
bool is_scalesim_gemm_header(const CsvLine& header);
void parse_native(const std::vector<CsvLine>& rows, const std::string& path, LayerSink& sink);
void parse_scalesim_conv(const CsvLine& header, const std::vector<CsvLine>& rows,
                         const std::string& path, LayerSink& sink);
void parse_scalesim_gemm(const CsvLine& header, const std::vector<CsvLine>& rows,
                         const std::string& path, LayerSink& sink);

}  // namespace detail
}  // namespace sasim
