// The ONNX ops that move no data (layout no-ops: Flatten, Reshape, Squeeze, Unsqueeze,
// Identity, Dropout, Constant) and Transpose, a no-op or a copy (README, "ONNX models").
#include <fmt/format.h>

#include <algorithm>

#include "sim/workload/onnx_detail.hpp"

namespace sasim::onnx_detail {

void flatten(Importer& im) {
    const Dims& d = im.in(0).dims;
    const size_t axis = axis_of(im, im.node().int_attr("axis", 1), d.size() + 1);
    Tensor t = im.in(0);
    t.dims = {product(d, 0, axis), product(d, axis)};
    im.out(std::move(t));
    ++im.result().noops["Flatten"];
}

void reshape(Importer& im) {
    const Tensor& x = im.in(0);
    const Tensor& s = im.in(1);
    if (!s.ints)
        im.fail(
            "the target shape is computed in the graph; sasim reads it only from a Constant "
            "node or an initializer (export with fixed shapes)");
    Dims d = *s.ints;
    const bool allowzero = im.node().int_attr("allowzero", 0) != 0;
    __int128 known = 1;
    int64_t infer = -1;
    for (size_t i = 0; i < d.size(); ++i) {
        if (d[i] == 0 && !allowzero) {
            if (i >= x.dims.size()) im.fail("shape value 0 past the input's rank");
            d[i] = x.dims[i];
        }
        if (d[i] == -1) {
            if (infer >= 0) im.fail("two -1 in the target shape");
            infer = static_cast<int64_t>(i);
        } else if (d[i] < 1) {
            im.fail(fmt::format("target shape {} has a value below -1 or 0", show(*s.ints)));
        } else {
            known *= d[i];
            if (known > product(x.dims)) break;
        }
    }
    const int64_t all = product(x.dims);
    if (known <= all && infer >= 0 && all % static_cast<int64_t>(known) == 0)
        d[static_cast<size_t>(infer)] = all / static_cast<int64_t>(known);
    if (known > all || product(d) != all || (infer >= 0 && d[static_cast<size_t>(infer)] < 1))
        im.fail(fmt::format("cannot reshape {} to {}", show(x.dims), show(*s.ints)));
    Tensor t = x;
    t.dims = d;
    t.ints.reset();
    im.out(std::move(t));
    ++im.result().noops["Reshape"];
}

void squeeze(Importer& im) {
    const Tensor& x = im.in(0);
    std::vector<int64_t> axes = im.node().ints_attr("axes");
    if (axes.empty() && im.node().inputs.size() > 1 && !im.node().inputs[1].empty()) {
        if (!im.in(1).ints) im.fail("the axes are computed in the graph");
        axes = *im.in(1).ints;
    }
    const bool un = im.node().op == "Unsqueeze";
    Dims d = x.dims;
    const size_t rank = un ? d.size() + axes.size() : d.size();
    std::vector<size_t> at;
    for (int64_t a : axes) at.push_back(axis_of(im, a, rank));
    std::sort(at.begin(), at.end());
    if (un) {
        for (size_t a : at)
            d.insert(d.begin() + static_cast<std::ptrdiff_t>(std::min(a, d.size())), 1);
    } else {
        Dims kept;
        for (size_t i = 0; i < d.size(); ++i) {
            const bool listed = std::find(at.begin(), at.end(), i) != at.end();
            if (listed && d[i] != 1) im.fail(fmt::format("axis {} of {} is not 1", i, show(d)));
            if (!(listed || (at.empty() && d[i] == 1))) kept.push_back(d[i]);
        }
        d = kept;
    }
    Tensor t = x;
    t.dims = d;
    im.out(std::move(t));
    ++im.result().noops[im.node().op];
}

void identity(Importer& im) { im.alias(im.node().op); }

void transpose(Importer& im) {
    const Tensor& x = im.in(0);
    std::vector<int64_t> perm = im.node().ints_attr("perm");
    if (perm.empty())
        for (size_t i = x.dims.size(); i-- > 0;) perm.push_back(static_cast<int64_t>(i));
    if (perm.size() != x.dims.size()) im.fail("perm does not match the input's rank");
    Dims d;
    std::vector<int64_t> moved;  // the order of the dimensions larger than 1
    for (int64_t p : perm) {
        d.push_back(x.dims.at(axis_of(im, p, x.dims.size())));
        if (d.back() > 1) moved.push_back(p);
    }
    const bool in_order = std::is_sorted(moved.begin(), moved.end());
    if (in_order || im.only_gemm_users(im.node().outputs[0])) {
        Tensor t = x;
        t.dims = d;
        im.out(std::move(t));
        ++im.result().noops["Transpose"];
        return;
    }
    const auto [n, c, h, w] = nchw(x.dims);  // a copy: read in one order, written in another
    im.emit(LayerType::transpose, {n, c, c, h, w, 1, 1, 1, 0, 1}, d);
}

void constant(Importer& im) {
    const OnnxAttr* v = im.node().attr("value");
    Tensor t;
    t.constant = true;
    if (v && v->t) {
        t.dims = v->t->dims;
        t.ints = v->t->ints;
    } else if (const OnnxAttr* i = im.node().attr("value_ints")) {
        t.dims = {static_cast<int64_t>(i->ints.size())};
        t.ints = i->ints;
    } else if (const OnnxAttr* s = im.node().attr("value_int")) {
        t.ints = std::vector<int64_t>{s->i.value_or(0)};
    }
    im.out(std::move(t));
    ++im.result().noops["Constant"];
}

}  // namespace sasim::onnx_detail
