// Shared by the ONNX importer's files (onnx_import.cpp, onnx_ops.cpp): the importer's state
// and its helpers. Private to sim/workload.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/workload/onnx_import.hpp"
#include "sim/workload/onnx_model.hpp"

namespace sasim::onnx_detail {

using Dims = std::vector<int64_t>;

struct Tensor {
    Dims dims;
    bool constant = false;                     // an initializer or computed from constants only
    std::optional<std::vector<int64_t>> ints;  // its values, when a small integer constant
    int64_t layer = -1;                        // the layer whose output it is (-1: none)
};

class Importer {
public:
    Importer(const OnnxModel& m, const std::string& path, OnnxImport& out);
    void run();

    // Used by the op handlers (onnx_ops.cpp).
    [[noreturn]] void fail(const std::string& what) const;
    const Tensor& in(size_t i) const;
    void out(Tensor t, size_t i = 0);
    void alias(const std::string& op);  // output 0 is input 0: a layout no-op
    // A layer of `type` with the native columns; its output is output 0 with `dims`.
    void emit(LayerType type, std::array<int64_t, 10> cols, Dims dims);
    void emit_vector(LayerType type, const Dims& dims);  // K = C, no window
    const OnnxNode& node() const { return *node_; }
    int64_t opset() const { return m_.opset; }
    bool only_gemm_users(const std::string& tensor) const;
    int64_t users(const std::string& tensor) const;
    bool last_layer_is_gemm(int64_t layer) const;
    OnnxImport& result() { return out_; }

private:
    void check_ops() const;
    void inputs();
    void map_node();
    std::string layer_name() const;

    const OnnxModel& m_;
    const std::string& path_;
    OnnxImport& out_;
    detail::LayerSink sink_;
    std::map<std::string, Tensor> tensors_;
    std::map<std::string, std::vector<const OnnxNode*>> users_;
    const OnnxNode* node_ = nullptr;
    size_t index_ = 0;
};

// Dims as NCHW for a vector op: left-padded with 1s, leading dims folded into N past rank 4.
std::array<int64_t, 4> nchw(const Dims& d);
int64_t product(const Dims& d, size_t from = 0, size_t to = SIZE_MAX);
std::string show(const Dims& d);  // "[1, 3, 224, 224]"

// Positive axis of a possibly negative one; refused (fail) out of range.
size_t axis_of(Importer& im, int64_t axis, size_t rank);

// Layout ops (onnx_layout.cpp).
void flatten(Importer& im);
void reshape(Importer& im);
void squeeze(Importer& im);
void identity(Importer& im);
void transpose(Importer& im);
void constant(Importer& im);

// The op handlers: each maps the current node (op name -> handler).
using Handler = void (*)(Importer&);
const std::map<std::string, Handler>& handlers();

}  // namespace sasim::onnx_detail
