// What each ONNX op becomes (README, "ONNX models"): its output shape, and a layer or a no-op.
#include <fmt/format.h>

#include <algorithm>

#include "sim/workload/onnx_detail.hpp"

namespace sasim::onnx_detail {

namespace {

void need_rank(Importer& im, const Tensor& t, size_t rank, const char* what) {
    if (t.dims.size() != rank)
        im.fail(fmt::format("{} has shape {}; expected {} dimensions", what, show(t.dims), rank));
}

// One value from a pair of per-axis attributes (strides, pads): sasim's CSV has one stride and
// one pad for both axes.
int64_t same(Importer& im, const std::vector<int64_t>& v, int64_t fallback, const char* name) {
    if (v.empty()) return fallback;
    for (int64_t x : v)
        if (x != v[0])
            im.fail(
                fmt::format("{} = {} differ between axes or sides; sasim's layers have one "
                            "{} for both",
                            name, show(v), name));
    return v[0];
}

void window_attrs(Importer& im, int64_t& stride, int64_t& pad) {
    const OnnxNode& n = im.node();
    const OnnxAttr* ap = n.attr("auto_pad");
    if (ap && !ap->s.empty() && ap->s != "NOTSET" && ap->s != "VALID")
        im.fail(fmt::format("auto_pad = {} is not supported; export with explicit pads", ap->s));
    for (int64_t d : n.ints_attr("dilations"))
        if (d != 1) im.fail("dilations other than 1 are not supported");
    stride = same(im, n.ints_attr("strides"), 1, "strides");
    pad = same(im, n.ints_attr("pads"), 0, "pads");
}

void conv(Importer& im) {
    const Tensor &x = im.in(0), &w = im.in(1);
    need_rank(im, x, 4, "the input");
    need_rank(im, w, 4, "the weight");
    int64_t stride = 1, pad = 0;
    window_attrs(im, stride, pad);
    const int64_t g = im.node().int_attr("group", 1);
    if (g < 1 || w.dims[1] * g != x.dims[1])
        im.fail(fmt::format("weight shape {} with group = {} does not fit {} input channels",
                            show(w.dims), g, x.dims[1]));
    const int64_t n = x.dims[0], k = w.dims[0], h = x.dims[2], wd = x.dims[3];
    const int64_t p = (h + 2 * pad - w.dims[2]) / stride + 1,
                  q = (wd + 2 * pad - w.dims[3]) / stride + 1;
    im.emit(LayerType::conv, {n, x.dims[1], k, h, wd, w.dims[2], w.dims[3], stride, pad, g},
            {n, k, std::max<int64_t>(p, 1), std::max<int64_t>(q, 1)});
}

// A GEMM [rows x k] . [k x cols]: fc when the second operand is a weight, else a matmul of two
// computed tensors (groups: one GEMM per batch index).
void gemm_layer(Importer& im, bool weight, int64_t groups, int64_t rows, int64_t k, int64_t cols,
                Dims out) {
    if (weight)
        im.emit(LayerType::fc, {rows, k, cols, 1, 1, 1, 1, 1, 0, 1}, std::move(out));
    else
        im.emit(LayerType::matmul, {1, groups * k, groups * cols, rows, 1, 1, 1, 1, 0, groups},
                std::move(out));
}

void gemm(Importer& im) {
    const Tensor &a = im.in(0), &b = im.in(1);
    need_rank(im, a, 2, "A");
    need_rank(im, b, 2, "B");
    const bool ta = im.node().int_attr("transA", 0), tb = im.node().int_attr("transB", 0);
    const int64_t m = a.dims[ta ? 1 : 0], k = a.dims[ta ? 0 : 1];
    const int64_t kb = b.dims[tb ? 1 : 0], n = b.dims[tb ? 0 : 1];
    if (k != kb) im.fail(fmt::format("A {} and B {} do not multiply", show(a.dims), show(b.dims)));
    gemm_layer(im, b.constant, 1, m, k, n, {m, n});
}

void matmul(Importer& im) {
    Dims a = im.in(0).dims, b = im.in(1).dims;
    const bool weight = im.in(1).constant;
    if (a.empty() || b.empty()) im.fail("a scalar operand");
    const bool a1 = a.size() == 1, b1 = b.size() == 1;
    if (a1) a.insert(a.begin(), 1);
    if (b1) b.push_back(1);
    const int64_t m = a[a.size() - 2], k = a.back(), kb = b[b.size() - 2], n = b.back();
    const Dims ba(a.begin(), a.end() - 2), bb(b.begin(), b.end() - 2);
    if (k != kb || (!bb.empty() && ba != bb))
        im.fail(
            fmt::format("operands {} and {} do not multiply (batch dimensions must match, "
                        "or the second operand have none)",
                        show(im.in(0).dims), show(im.in(1).dims)));
    Dims out = ba;
    if (!a1) out.push_back(m);
    if (!b1) out.push_back(n);
    if (weight || bb.empty())  // one operand shared by every row
        return gemm_layer(im, weight, 1, product(ba) * m, k, n, out);
    gemm_layer(im, false, product(ba), m, k, n, out);
}

// Numpy broadcasting of two shapes; refused when they do not broadcast.
Dims broadcast(Importer& im, const Dims& a, const Dims& b) {
    Dims r(std::max(a.size(), b.size()), 1);
    for (size_t i = 0; i < r.size(); ++i) {
        const int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
        const int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
        if (x != y && x != 1 && y != 1)
            im.fail(fmt::format("shapes {} and {} do not broadcast", show(a), show(b)));
        r[r.size() - 1 - i] = std::max(x, y);
    }
    return r;
}

void binary(Importer& im) {
    const Tensor &a = im.in(0), &b = im.in(1);
    const std::string& op = im.node().op;
    const Dims dims = broadcast(im, a.dims, b.dims);
    if (a.constant && b.constant) {
        Tensor t;
        t.dims = dims;
        t.constant = true;
        im.out(std::move(t));
        ++im.result().noops[op];
        return;
    }
    if (a.constant || b.constant) {
        const Tensor& x = a.constant ? b : a;
        if (dims != x.dims)
            im.fail(fmt::format("a constant of shape {} grows the tensor {} to {}",
                                show(a.constant ? a.dims : b.dims), show(x.dims), show(dims)));
        const std::string& name = im.node().inputs[a.constant ? 1 : 0];
        if ((op == "Add" || op == "Sub") && im.last_layer_is_gemm(x.layer) && im.users(name) == 1) {
            im.out(x);  // the GEMM's bias, added as its outputs drain
            ++im.result().biases;
            return;
        }
        return im.emit_vector(LayerType::affine, x.dims);
    }
    if (a.dims != b.dims)
        im.fail(fmt::format("broadcasting two computed tensors ({} and {}) is not supported",
                            show(a.dims), show(b.dims)));
    if (op == "Div") im.fail("dividing two computed tensors is not supported");
    im.emit_vector(op == "Mul" ? LayerType::mul : LayerType::add, a.dims);
}

template <LayerType T>
void unary(Importer& im) {
    im.emit_vector(T, im.in(0).dims);
}

void pool(Importer& im) {
    const Tensor& x = im.in(0);
    need_rank(im, x, 4, "the input");
    const OnnxNode& n = im.node();
    const std::vector<int64_t> k = n.ints_attr("kernel_shape");
    if (k.size() != 2) im.fail("kernel_shape must have 2 values");
    int64_t stride = 1, pad = 0;
    window_attrs(im, stride, pad);
    const int64_t h = x.dims[2], w = x.dims[3];
    const int64_t p = (h + 2 * pad - k[0]) / stride + 1, q = (w + 2 * pad - k[1]) / stride + 1;
    if (n.int_attr("ceil_mode", 0) != 0 &&
        ((h + 2 * pad - k[0]) % stride != 0 || (w + 2 * pad - k[1]) % stride != 0))
        im.fail("ceil_mode = 1 changes the output size here; sasim pools with floor");
    if (k[0] == 1 && k[1] == 1 && stride == 1 && pad == 0) return im.alias(n.op);  // identity
    const LayerType t = n.op == "MaxPool" ? LayerType::maxpool : LayerType::avgpool;
    const int64_t c = x.dims[1];
    im.emit(t, {x.dims[0], c, c, h, w, k[0], k[1], stride, pad, 1},
            {x.dims[0], c, std::max<int64_t>(p, 1), std::max<int64_t>(q, 1)});
}

void global_pool(Importer& im) {
    const Tensor& x = im.in(0);
    need_rank(im, x, 4, "the input");
    const int64_t n = x.dims[0], c = x.dims[1], h = x.dims[2], w = x.dims[3];
    if (im.node().op == "GlobalMaxPool")
        return im.emit(LayerType::maxpool, {n, c, c, h, w, h, w, 1, 0, 1}, {n, c, 1, 1});
    im.emit(LayerType::gap, {n, c, c, h, w, 1, 1, 1, 0, 1}, {n, c, 1, 1});
}

void reduce_mean(Importer& im) {
    const Tensor& x = im.in(0);
    std::vector<int64_t> axes = im.node().ints_attr("axes");
    if (axes.empty() && im.node().inputs.size() > 1 && im.in(1).ints) axes = *im.in(1).ints;
    std::sort(axes.begin(), axes.end());
    const bool spatial = x.dims.size() == 4 && (axes == std::vector<int64_t>{2, 3} ||
                                                axes == std::vector<int64_t>{-2, -1});
    if (!spatial || im.node().int_attr("keepdims", 1) != 1)
        im.fail(
            "only ReduceMean over the two spatial axes of an NCHW tensor, keepdims = 1 "
            "(global average pooling), is supported");
    global_pool(im);
}

void lrn(Importer& im) {
    const Tensor& x = im.in(0);
    need_rank(im, x, 4, "the input");
    const int64_t size = im.node().int_attr("size", 0);
    if (size < 1) im.fail("size must be at least 1");
    const int64_t c = x.dims[1];
    im.emit(LayerType::lrn, {x.dims[0], c, c, x.dims[2], x.dims[3], size, 1, 1, 0, 1}, x.dims);
}

// softmax and layernorm: rows of C elements (the normalized axes, innermost).
void rows_op(Importer& im) {
    const Tensor& x = im.in(0);
    const std::string& op = im.node().op;
    const bool softmax = op == "Softmax";
    const int64_t fallback = softmax && im.opset() < 13 ? 1 : -1;
    const size_t axis = axis_of(im, im.node().int_attr("axis", fallback), x.dims.size());
    if (softmax && im.opset() >= 13 && axis + 1 != x.dims.size())
        im.fail(fmt::format("softmax over axis {} of {}: only the last axis is supported", axis,
                            show(x.dims)));
    const int64_t c = product(x.dims, axis), rows = product(x.dims, 0, axis);
    im.emit(softmax ? LayerType::softmax : LayerType::layernorm, {1, c, c, rows, 1, 1, 1, 1, 0, 1},
            x.dims);
}

void batchnorm(Importer& im) { im.emit_vector(LayerType::affine, im.in(0).dims); }

}  // namespace

// Positive axis of a possibly negative one, refused out of range.
size_t axis_of(Importer& im, int64_t axis, size_t rank) {
    const int64_t r = static_cast<int64_t>(rank);
    if (axis < -r || axis >= std::max<int64_t>(r, 1))
        im.fail(fmt::format("axis {} is out of range for rank {}", axis, rank));
    return static_cast<size_t>(axis < 0 ? axis + r : axis);
}

const std::map<std::string, Handler>& handlers() {
    static const std::map<std::string, Handler> h = {
        {"Conv", conv},
        {"Gemm", gemm},
        {"MatMul", matmul},
        {"Add", binary},
        {"Sub", binary},
        {"Mul", binary},
        {"Div", binary},
        {"Relu", unary<LayerType::relu>},
        {"Clip", unary<LayerType::clip>},
        {"Sigmoid", unary<LayerType::sigmoid>},
        {"Tanh", unary<LayerType::tanh>},
        {"MaxPool", pool},
        {"AveragePool", pool},
        {"GlobalAveragePool", global_pool},
        {"GlobalMaxPool", global_pool},
        {"ReduceMean", reduce_mean},
        {"LRN", lrn},
        {"Softmax", rows_op},
        {"LayerNormalization", rows_op},
        {"BatchNormalization", batchnorm},
        {"Flatten", flatten},
        {"Reshape", reshape},
        {"Squeeze", squeeze},
        {"Unsqueeze", squeeze},
        {"Identity", identity},
        {"Dropout", identity},
        {"Transpose", transpose},
        {"Constant", constant},
    };
    return h;
}

}  // namespace sasim::onnx_detail
