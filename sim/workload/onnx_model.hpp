// The parts of an ONNX model (ModelProto) that sasim needs, read straight from the protobuf
// wire format: the graph's nodes (op, name, inputs, outputs, attributes), the graph inputs'
// shapes, the initializers' names and dims, and the integer values of small constant tensors
// (Reshape's shape, Squeeze's axes). Weight data (raw_data, float_data, external data) is never
// read or copied: a view into the mapped file is skipped. Field numbers are onnx.proto's.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sasim {

// Limits of what the reader holds, refused up front (InputError naming the limit).
namespace onnx_limits {
constexpr int64_t max_file_bytes = (int64_t{1} << 31) - 1;  // protobuf's 2 GB message limit
constexpr size_t max_nodes = 1'000'000;
constexpr size_t max_rank = 16;
constexpr size_t max_ints = 4096;        // integers in one attribute or constant
constexpr size_t max_name_bytes = 4096;  // one name or op type
}  // namespace onnx_limits

struct OnnxTensor {
    std::vector<int64_t> dims;
    int32_t data_type = 0;
    std::optional<std::vector<int64_t>> ints;  // values of a small integer tensor
};

struct OnnxAttr {
    std::string name;
    std::optional<int64_t> i;
    std::optional<double> f;
    std::vector<int64_t> ints;
    std::string s;
    std::optional<OnnxTensor> t;
};

struct OnnxNode {
    std::string name, op, domain;
    std::vector<std::string> inputs, outputs;
    std::vector<OnnxAttr> attrs;
    const OnnxAttr* attr(const std::string& n) const;
    int64_t int_attr(const std::string& n, int64_t fallback) const;
    std::vector<int64_t> ints_attr(const std::string& n) const;  // empty when absent
};

struct OnnxValue {
    std::string name;
    std::vector<int64_t> dims;
    std::vector<std::string> symbolic;  // per dim: its dim_param ("" for a fixed size)
};

struct OnnxModel {
    int64_t opset = 0;  // of the default domain
    std::vector<OnnxNode> nodes;
    std::vector<OnnxValue> inputs;
    std::map<std::string, OnnxTensor> initializers;
};

// Throws InputError naming `path` and the byte offset of a malformed field.
OnnxModel parse_onnx(std::string_view bytes, const std::string& path);

}  // namespace sasim
