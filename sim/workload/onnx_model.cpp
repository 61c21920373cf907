#include "sim/workload/onnx_model.hpp"

#include <fmt/format.h>

#include <cstring>

#include "sim/base/errors.hpp"
#include "sim/workload/protobuf.hpp"

namespace sasim {

namespace {

using pb::Field;
using pb::Reader;

std::string text(const Reader& r, const Field& f) {
    if (f.wire != pb::kBytes) r.fail(f.at, fmt::format("field {}: expected a string", f.number));
    if (f.data.size() > onnx_limits::max_name_bytes)
        r.fail(f.at, fmt::format("a name of {} bytes, more than the limit of {}", f.data.size(),
                                 onnx_limits::max_name_bytes));
    return std::string(f.data);
}

void need_bytes(const Reader& r, const Field& f) {
    if (f.wire != pb::kBytes)
        r.fail(f.at,
               fmt::format("field {}: expected a message, found wire type {}", f.number, f.wire));
}

// Little-endian integers of raw_data (INT64 = 7, INT32 = 6).
std::vector<int64_t> raw_ints(const Reader& r, const Field& f, int32_t type) {
    const size_t width = type == 7 ? 8 : 4;
    if (f.data.size() % width != 0 || f.data.size() / width > onnx_limits::max_ints)
        r.fail(f.at,
               fmt::format("raw_data of {} bytes is not a small integer tensor", f.data.size()));
    std::vector<int64_t> out;
    for (size_t i = 0; i < f.data.size(); i += width) {
        uint64_t v = 0;
        for (size_t b = 0; b < width; ++b)
            v |= static_cast<uint64_t>(static_cast<uint8_t>(f.data[i + b])) << (8 * b);
        out.push_back(width == 8 ? static_cast<int64_t>(v)
                                 : static_cast<int64_t>(static_cast<int32_t>(v)));
    }
    return out;
}

OnnxTensor read_tensor(Reader r, std::string* name) {
    OnnxTensor t;
    Field f;
    std::vector<int64_t> ints;
    std::optional<Field> raw;
    bool has_ints = false;
    while (r.next(f)) {
        if (f.number == 1) r.ints(f, t.dims, onnx_limits::max_rank);
        if (f.number == 2) t.data_type = static_cast<int32_t>(f.value);
        if (f.number == 5 || f.number == 7) {  // int32_data, int64_data
            r.ints(f, ints, onnx_limits::max_ints);
            has_ints = true;
        }
        if (f.number == 8 && name) *name = text(r, f);
        if (f.number == 9) raw = f;  // raw_data: a view, read only if small and integer
    }
    const bool integer = t.data_type == 7 || t.data_type == 6;
    if (integer && has_ints) t.ints = std::move(ints);
    if (integer && raw && raw->data.size() <= onnx_limits::max_ints * 8)
        t.ints = raw_ints(r, *raw, t.data_type);
    return t;
}

OnnxAttr read_attr(Reader r) {
    OnnxAttr a;
    Field f;
    while (r.next(f)) {
        switch (f.number) {
            case 1:
                a.name = text(r, f);
                break;
            case 2: {  // f: a float in 4 bytes
                float v = 0;
                const auto bits = static_cast<uint32_t>(f.value);
                std::memcpy(&v, &bits, sizeof v);
                a.f = v;
                break;
            }
            case 3:
                a.i = static_cast<int64_t>(f.value);
                break;
            case 4:
                a.s = text(r, f);
                break;
            case 5:
                need_bytes(r, f);
                a.t = read_tensor(r.sub(f), nullptr);
                break;
            case 8:
                r.ints(f, a.ints, onnx_limits::max_ints);
                break;
            default:
                break;  // floats, graphs, strings, types: not needed
        }
    }
    return a;
}

OnnxNode read_node(Reader r) {
    OnnxNode n;
    Field f;
    while (r.next(f)) {
        if (f.number == 1) n.inputs.push_back(text(r, f));
        if (f.number == 2) n.outputs.push_back(text(r, f));
        if (f.number == 3) n.name = text(r, f);
        if (f.number == 4) n.op = text(r, f);
        if (f.number == 7) n.domain = text(r, f);
        if (f.number == 5) {
            need_bytes(r, f);
            n.attrs.push_back(read_attr(r.sub(f)));
        }
        if (n.inputs.size() + n.outputs.size() + n.attrs.size() > onnx_limits::max_ints)
            r.fail(f.at, fmt::format("a node with more than {} inputs, outputs and attributes",
                                     onnx_limits::max_ints));
    }
    return n;
}

// ValueInfoProto: name, then type.tensor_type.shape.dim[].(dim_value | dim_param).
OnnxValue read_value(Reader r) {
    OnnxValue v;
    Field f, g, h, d, x;
    while (r.next(f)) {
        if (f.number == 1) v.name = text(r, f);
        if (f.number != 2) continue;
        need_bytes(r, f);
        for (Reader type = r.sub(f); type.next(g);) {
            if (g.number != 1 || g.wire != pb::kBytes) continue;  // tensor_type
            for (Reader tensor = type.sub(g); tensor.next(h);) {
                if (h.number != 2 || h.wire != pb::kBytes) continue;  // shape
                for (Reader shape = tensor.sub(h); shape.next(d);) {
                    if (d.number != 1 || d.wire != pb::kBytes) continue;
                    if (v.dims.size() >= onnx_limits::max_rank)
                        r.fail(d.at, fmt::format("a tensor of more than {} dimensions",
                                                 onnx_limits::max_rank));
                    v.dims.push_back(0);
                    v.symbolic.emplace_back();
                    for (Reader dim = shape.sub(d); dim.next(x);) {
                        if (x.number == 1) v.dims.back() = static_cast<int64_t>(x.value);
                        if (x.number == 2) v.symbolic.back() = text(r, x);
                    }
                }
            }
        }
    }
    return v;
}

void read_graph(Reader r, OnnxModel& m) {
    Field f;
    while (r.next(f)) {
        if (f.number != 1 && f.number != 5 && f.number != 11) continue;
        need_bytes(r, f);
        if (f.number == 1) {
            if (m.nodes.size() >= onnx_limits::max_nodes)
                r.fail(f.at, fmt::format("more than {} nodes", onnx_limits::max_nodes));
            m.nodes.push_back(read_node(r.sub(f)));
        } else if (f.number == 5) {
            std::string name;
            OnnxTensor t = read_tensor(r.sub(f), &name);
            m.initializers[name] = std::move(t);
        } else {
            m.inputs.push_back(read_value(r.sub(f)));
        }
    }
}

}  // namespace

const OnnxAttr* OnnxNode::attr(const std::string& n) const {
    for (const OnnxAttr& a : attrs)
        if (a.name == n) return &a;
    return nullptr;
}

int64_t OnnxNode::int_attr(const std::string& n, int64_t fallback) const {
    const OnnxAttr* a = attr(n);
    return a && a->i ? *a->i : fallback;
}

std::vector<int64_t> OnnxNode::ints_attr(const std::string& n) const {
    const OnnxAttr* a = attr(n);
    return a ? a->ints : std::vector<int64_t>{};
}

OnnxModel parse_onnx(std::string_view bytes, const std::string& path) {
    OnnxModel m;
    Reader r(bytes, bytes, path);
    Field f, g;
    bool graph = false;
    while (r.next(f)) {
        if (f.number == 7) {
            need_bytes(r, f);
            read_graph(r.sub(f), m);
            graph = true;
        }
        if (f.number == 8 && f.wire == pb::kBytes) {  // opset_import: domain, version
            std::string domain;
            int64_t version = 0;
            for (Reader o = r.sub(f); o.next(g);) {
                if (g.number == 1) domain = text(r, g);
                if (g.number == 2) version = static_cast<int64_t>(g.value);
            }
            if (domain.empty() || domain == "ai.onnx") m.opset = version;
        }
    }
    if (!graph)
        throw InputError(
            fmt::format("{}: no graph: the file is not an ONNX model (a ModelProto "
                        "with a graph, field 7)",
                        path));
    return m;
}

}  // namespace sasim
