// ONNX models as workloads: the graph's nodes, in their (topological) order, become sasim
// layers with their shapes inferred by sasim itself from the graph inputs, the initializers'
// dims and Constant nodes (README, "ONNX models", lists what each op becomes):
//  - Conv -> conv; Gemm, MatMul with a constant operand -> fc; MatMul of two computed tensors
//    (attention's Q.K^T, A.V) -> matmul, one GEMM per batch index;
//  - activations, pooling, LRN, adds, softmax, layer and batch norm -> vector layers;
//  - a bias Add right after its MatMul is the GEMM's bias (as in Gemm): no layer;
//  - Flatten, Reshape, Squeeze, Unsqueeze, Identity, Dropout, and a Transpose that moves only
//    size-1 dimensions or feeds only GEMMs (which read the operand transposed): layout no-ops;
//    any other Transpose is a copy through the vector unit (transpose layer).
// Anything else is refused, naming every node whose op cannot be mapped.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "sim/workload/workload.hpp"

namespace sasim {

struct OnnxImport {
    Workload workload;
    int64_t opset = 0;
    int64_t nodes = 0;
    std::map<std::string, int64_t> noops;  // op -> nodes that became no layer
    int64_t biases = 0;                    // bias Adds folded into their GEMM
};

// The file is mapped, not read: weights are never copied. Throws InputError.
OnnxImport read_onnx(const std::string& path);
OnnxImport import_onnx(std::string_view bytes, const std::string& path);

// The workload as sasim's native CSV (header, one row per layer), after `comment` lines.
std::string native_csv(const Workload& w, const std::string& comment);

}  // namespace sasim
