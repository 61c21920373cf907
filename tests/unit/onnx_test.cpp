// ONNX import: models written here field by field in the protobuf wire format (and the tiny
// fixtures of tests/data/onnx) map to the expected layers; malformed or unmappable models are
// refused with the file, the byte offset or the node, and what is wrong.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/base/errors.hpp"
#include "sim/workload/onnx_import.hpp"
#include "support/files.hpp"

using namespace sasim;

namespace {

// --- a protobuf writer: varints, keys, length-delimited fields ---
std::string varint(uint64_t v) {
    std::string s;
    do {
        s += static_cast<char>((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return s;
}
std::string num(int field, int64_t v) { return varint(uint64_t(field) << 3) + varint(uint64_t(v)); }
std::string msg(int field, const std::string& s) {
    return varint((uint64_t(field) << 3) | 2) + varint(s.size()) + s;
}
std::string attr_int(const std::string& name, int64_t v) {
    return msg(5, msg(1, name) + num(3, v) + num(20, 2));
}
std::string attr_ints(const std::string& name, std::vector<int64_t> vs) {
    std::string a = msg(1, name);
    for (int64_t v : vs) a += num(8, v);
    return msg(5, a + num(20, 7));
}
std::string node(const std::string& op, const std::string& name, std::vector<std::string> in,
                 std::vector<std::string> out, const std::string& attrs = "") {
    std::string n;
    for (const auto& i : in) n += msg(1, i);
    for (const auto& o : out) n += msg(2, o);
    return msg(1, n + msg(3, name) + msg(4, op) + attrs);
}
std::string tensor(const std::string& name, std::vector<int64_t> dims) {
    std::string t;
    for (int64_t d : dims) t += num(1, d);
    return msg(5, t + num(2, 1) + msg(8, name) + msg(9, std::string(64, '\0')));  // weights
}
std::string input(const std::string& name, std::vector<int64_t> dims, std::string sym = "") {
    std::string shape;
    for (size_t i = 0; i < dims.size(); ++i)
        shape += msg(1, i == 1 && !sym.empty() ? msg(2, sym) : num(1, dims[i]));
    return msg(11, msg(1, name) + msg(2, msg(1, num(1, 1) + msg(2, shape))));
}
std::string model(const std::string& graph, int64_t opset = 14) {
    return num(1, 8) + msg(8, msg(1, "") + num(2, opset)) + msg(7, graph);
}

// conv 3 -> 8 (3x3, pad 1) on 1x3x16x16, then `tail` nodes reading "c".
std::string conv_model(const std::string& tail, const std::string& more = "") {
    return model(input("x", {1, 3, 16, 16}) + tensor("w", {8, 3, 3, 3}) + more +
                 node("Conv", "conv", {"x", "w"}, {"c"}, attr_ints("pads", {1, 1, 1, 1})) + tail);
}

std::string import_error(const std::string& bytes) {
    try {
        import_onnx(bytes, "m.onnx");
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string csv_of(const std::string& bytes) {
    return native_csv(import_onnx(bytes, "m.onnx").workload, "");
}

const std::string kHeader = "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n";

}  // namespace

TEST_CASE("onnx: conv, relu, max-pool, flatten, gemm and softmax map to layers", "[onnx]") {
    const std::string m =
        conv_model(node("Relu", "relu", {"c"}, {"r"}) +
                       node("MaxPool", "pool", {"r"}, {"p"},
                            attr_ints("kernel_shape", {2, 2}) + attr_ints("strides", {2, 2})) +
                       node("Flatten", "flat", {"p"}, {"f"}) +
                       node("Gemm", "fc", {"f", "fw"}, {"g"}, attr_int("transB", 1)) +
                       node("Softmax", "prob", {"g"}, {"y"}, attr_int("axis", -1)),
                   tensor("fw", {10, 8 * 8 * 8}));
    // 16x16 -> conv pad 1 -> 16x16 -> pool 2 -> 8x8: fc reads 8 * 8 * 8 = 512 features.
    CHECK(csv_of(m) == kHeader +
                           "conv,conv,1,3,8,16,16,3,3,1,1,1\n"
                           "relu,relu,1,8,8,16,16,1,1,1,0,1\n"
                           "pool,maxpool,1,8,8,16,16,2,2,2,0,1\n"
                           "fc,fc,1,512,10,1,1,1,1,1,0,1\n"
                           "prob,softmax,1,10,10,1,1,1,1,1,0,1\n");
    const OnnxImport im = import_onnx(m, "m.onnx");
    CHECK(im.noops.at("Flatten") == 1);
    CHECK(im.nodes == 6);
}

TEST_CASE("onnx: batched MatMul of two activations is a matmul, one GEMM per batch index",
          "[onnx]") {
    // q [2 heads, 4 tokens, 8] . k^T [2, 8, 4] -> [2, 4, 4]: per head 4 x 8 x 4; the Transpose
    // feeds only the MatMul (read transposed): no layer.
    const std::string m =
        model(input("q", {2, 4, 8}) + input("k", {2, 4, 8}) +
              node("Transpose", "kt", {"k"}, {"t"}, attr_ints("perm", {0, 2, 1})) +
              node("MatMul", "qk", {"q", "t"}, {"s"}) + node("Softmax", "sm", {"s"}, {"a"}));
    CHECK(csv_of(m) == kHeader +
                           "qk,matmul,1,16,8,4,1,1,1,1,0,2\n"
                           "sm,softmax,1,4,4,8,1,1,1,1,0,1\n");
    const Workload w = import_onnx(m, "m.onnx").workload;
    CHECK(w.layers[0].macs() == 2 * 4 * 8 * 4);
}

TEST_CASE("onnx: a bias Add after its MatMul is the GEMM's bias, other constants are affine",
          "[onnx]") {
    const std::string m =
        model(input("x", {4, 8}) + tensor("w", {8, 16}) + tensor("b", {16}) +
              node("MatMul", "mm", {"x", "w"}, {"y"}) + node("Add", "bias", {"y", "b"}, {"z"}) +
              node("Mul", "scale", {"z", "b"}, {"s"}) + node("Add", "res", {"s", "z"}, {"o"}));
    CHECK(csv_of(m) == kHeader +
                           "mm,fc,4,8,16,1,1,1,1,1,0,1\n"
                           "scale,affine,1,1,1,4,16,1,1,1,0,1\n"
                           "res,add,1,1,1,4,16,1,1,1,0,1\n");
    CHECK(import_onnx(m, "m.onnx").biases == 1);
}

TEST_CASE("onnx: the tiny fixtures import with the expected MAC totals", "[onnx]") {
    auto macs = [](const char* file) {
        const OnnxImport im = read_onnx(test::source_path(std::string("tests/data/onnx/") + file));
        int64_t total = 0;
        for (const Layer& l : im.workload.layers) total += l.macs();
        return total;
    };
    // conv 11x11x3 -> 8 on 63x63, stride 4: 14x14 outputs: 14*14*8*363 = 569184; fc 288 -> 10.
    CHECK(macs("tiny_alexnet.onnx") == 14 * 14 * 8 * 363 + 288 * 10);
    // conv 3 -> 4 (3x3 pad 1) on 8x8: 8*8*4*27; grouped conv 4 -> 4 (2 groups) on 4x4:
    // 4*4*4*18; fc 4 -> 5.
    CHECK(macs("tiny_cnn.onnx") == 8 * 8 * 4 * 27 + 4 * 4 * 4 * 18 + 4 * 5);
    // 4 tokens, d = 8, 2 heads of 4, FFN 16: q, k, v, o: 4 * 4*8*8; Q.K^T and A.V: 2 * 2*4*4*4;
    // FFN: 2 * 4*8*16.
    CHECK(macs("tiny_encoder.onnx") == 4 * 4 * 8 * 8 + 2 * 2 * 4 * 4 * 4 + 2 * 4 * 8 * 16);
}

TEST_CASE("onnx: malformed files are refused with the byte offset", "[onnx]") {
    const std::string tail = "; the file is not a valid ONNX model (a protocol-buffers ModelProto)";
    CHECK(import_error(std::string("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12)) ==
          "m.onnx: byte 1: varint longer than 64 bits" + tail);
    CHECK(import_error("\x08\x80") == "m.onnx: byte 1: truncated varint" + tail);
    CHECK(import_error("\x0b") ==
          "m.onnx: byte 0: field 1 has wire type 3 (groups and types past 5 are not part of "
          "ONNX's encoding)" +
              tail);
    CHECK(import_error("\x3a\x10"
                       "abc") == "m.onnx: byte 0: field 7 claims 16 bytes, 3 remain" + tail);
    CHECK(import_error(std::string("\x00\x01", 2)) ==
          "m.onnx: byte 0: field number 0 or past 2^29" + tail);
    CHECK(import_error("\x08\x07") ==
          "m.onnx: no graph: the file is not an ONNX model (a ModelProto with a graph, field 7)");
    const std::string whole = conv_model(node("Relu", "relu", {"c"}, {"r"}));
    const std::string cut = whole.substr(0, whole.size() - 5);
    CHECK(import_error(cut).find("claims") != std::string::npos);
    CHECK(import_error("") ==
          "m.onnx: no graph: the file is not an ONNX model (a ModelProto with a graph, field 7)");
}

TEST_CASE("onnx: what cannot be mapped is named with its node", "[onnx]") {
    CHECK(import_error(conv_model(node("Foo", "foo", {"c"}, {"y"}) +
                                  node("Concat", "cat", {"c", "c"}, {"z"}))) ==
          "m.onnx: 2 node(s) have ops sasim cannot map to layers: node 2 'foo' (op Foo), node 3 "
          "'cat' (op Concat); supported ops: Add, AveragePool, BatchNormalization, Clip, "
          "Constant, Conv, Div, Dropout, Flatten, Gemm, GlobalAveragePool, GlobalMaxPool, "
          "Identity, LRN, LayerNormalization, MatMul, MaxPool, Mul, ReduceMean, Relu, Reshape, "
          "Sigmoid, Softmax, Squeeze, Sub, Tanh, Transpose, Unsqueeze");
    CHECK(import_error(
              model(input("x", {1, 3, 8, 8}) + tensor("w", {4, 3, 3, 3}) +
                    node("Conv", "dil", {"x", "w"}, {"y"}, attr_ints("dilations", {2, 2})))) ==
          "m.onnx: node 1 'dil' (Conv): dilations other than 1 are not supported");
    CHECK(
        import_error(model(input("x", {1, 3, 8, 8}) + tensor("w", {4, 3, 3, 3}) +
                           node("Conv", "st", {"x", "w"}, {"y"}, attr_ints("strides", {1, 2})))) ==
        "m.onnx: node 1 'st' (Conv): strides = [1, 2] differ between axes or sides; sasim's "
        "layers have one strides for both");
    CHECK(import_error(conv_model(node("Reshape", "rs", {"c", "c"}, {"y"}))) ==
          "m.onnx: node 2 'rs' (Reshape): the target shape is computed in the graph; sasim reads "
          "it only from a Constant node or an initializer (export with fixed shapes)");
    CHECK(import_error(conv_model(node("Relu", "r", {"nope"}, {"y"}))) ==
          "m.onnx: node 2 'r' (Relu): input 'nope' is not a graph input, an initializer or an "
          "earlier node's output");
    CHECK(
        import_error(model(input("x", {1, 3, 8, 8}, "height") + node("Relu", "r", {"x"}, {"y"}))) ==
        "m.onnx: graph input 'x': dimension 1 is symbolic ('height'); only the first (batch) "
        "dimension may be: export the model with fixed sizes");
}

TEST_CASE("onnx: huge dims are refused by the layer limits", "[onnx]") {
    // 2^21 filters: K above the 2^20 limit of a layer's dimensions.
    const std::string m = model(input("x", {1, 3, 8, 8}) + tensor("w", {2097152, 3, 3, 3}) +
                                node("Conv", "big", {"x", "w"}, {"y"}));
    CHECK(import_error(m) ==
          "m.onnx: node 1: layer 'big': field 'K' = 2097152 is out of range; expected an integer "
          "from 1 to 1048576");
    // An input of 2^90 elements is refused before any product overflows.
    const std::string r =
        model(input("x", {1073741824, 1073741824, 1073741824}) + node("Relu", "r", {"x"}, {"y"}));
    CHECK(import_error(r) ==
          "m.onnx: graph input 'x': shape [1073741824, 1073741824, 1073741824] has more than "
          "2^48 elements");
    // So is a Reshape target whose values overflow 64 bits when multiplied.
    const std::string s =
        model(input("x", {1, 8}) + tensor("w", {2}) +
              node("Constant", "k", {}, {"shape"},
                   msg(5, msg(1, "value") + num(20, 4) +
                              msg(5, num(1, 3) + num(2, 7) + num(7, 4294967296) +
                                         num(7, 4294967296) + num(7, 4294967296)))) +
              node("Reshape", "rs", {"x", "shape"}, {"y"}));
    CHECK(import_error(s) ==
          "m.onnx: node 2 'rs' (Reshape): cannot reshape [1, 8] to [4294967296, 4294967296, "
          "4294967296]");
}
