// The ONNX importer's driver: maps the file, checks that every node's op can be mapped, seeds
// the tensors (graph inputs, initializers) and runs each node's handler (onnx_ops.cpp) in
// order; then writes the result as native CSV for `sasim import`.
#include "sim/workload/onnx_import.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/base/errors.hpp"
#include "sim/workload/onnx_detail.hpp"

namespace sasim {
namespace onnx_detail {

namespace {
using Wide = __int128;
constexpr Wide kMaxElems = Wide{1} << 48;
}  // namespace

int64_t product(const Dims& d, size_t from, size_t to) {
    int64_t p = 1;
    for (size_t i = from; i < d.size() && i < to; ++i) p *= d[i];
    return p;
}

std::string show(const Dims& d) { return fmt::format("[{}]", fmt::join(d, ", ")); }

std::array<int64_t, 4> nchw(const Dims& d) {
    std::array<int64_t, 4> a = {1, 1, 1, 1};
    const size_t n = d.size();
    for (size_t i = 0; i < 4 && i < n; ++i) a[3 - i] = d[n - 1 - i];
    if (n > 4) a[0] = product(d, 0, n - 3);
    return a;
}

Importer::Importer(const OnnxModel& m, const std::string& path, OnnxImport& out)
    : m_(m), path_(path), out_(out), sink_(out.workload, "node") {
    for (const OnnxNode& n : m.nodes)
        for (const std::string& i : n.inputs) users_[i].push_back(&n);
}

void Importer::fail(const std::string& what) const {
    throw InputError(fmt::format("{}: node {} '{}' ({}): {}", path_, index_ + 1,
                                 shown_text(node_->name), shown_text(node_->op), what));
}

const Tensor& Importer::in(size_t i) const {
    if (i >= node_->inputs.size() || node_->inputs[i].empty())
        fail(fmt::format("input {} is missing", i + 1));
    const auto it = tensors_.find(node_->inputs[i]);
    if (it == tensors_.end())
        fail(
            fmt::format("input '{}' is not a graph input, an initializer or an earlier node's "
                        "output",
                        shown_text(node_->inputs[i])));
    return it->second;
}

void Importer::out(Tensor t, size_t i) {
    if (i >= node_->outputs.size()) fail("the node has no output");
    Wide elems = 1;
    for (int64_t d : t.dims) {
        if (d < 1) fail(fmt::format("output shape {} has a dimension below 1", show(t.dims)));
        elems *= d;
        if (elems > kMaxElems)
            fail(fmt::format("output shape {} has more than 2^48 elements", show(t.dims)));
    }
    tensors_[node_->outputs[i]] = std::move(t);
}

void Importer::alias(const std::string& op) {
    out(in(0));
    ++out_.noops[op];
}

int64_t Importer::users(const std::string& tensor) const {
    const auto it = users_.find(tensor);
    return it == users_.end() ? 0 : static_cast<int64_t>(it->second.size());
}

bool Importer::only_gemm_users(const std::string& tensor) const {
    const auto it = users_.find(tensor);
    if (it == users_.end()) return false;
    for (const OnnxNode* n : it->second)
        if (n->op != "MatMul" && n->op != "Gemm") return false;
    return true;
}

bool Importer::last_layer_is_gemm(int64_t layer) const {
    const auto& ls = out_.workload.layers;
    return layer >= 0 && layer + 1 == static_cast<int64_t>(ls.size()) && !is_vector(ls.back().type);
}

// "/features/features.0/Conv" -> "features/features.0/Conv"; commas, '#' and blanks -> '_'.
std::string Importer::layer_name() const {
    std::string s = node_->name.empty() ? node_->outputs.at(0) : node_->name;
    while (!s.empty() && s[0] == '/') s.erase(0, 1);
    for (char& c : s)
        if (c == ',' || c == '#' || static_cast<unsigned char>(c) <= ' ') c = '_';
    if (s.empty()) s = fmt::format("node{}", index_ + 1);
    std::string name = s;
    for (int k = 2; std::any_of(out_.workload.layers.begin(), out_.workload.layers.end(),
                                [&](const Layer& l) { return l.name == name; });
         ++k)
        name = fmt::format("{}_{}", s, k);
    return name;
}

void Importer::emit(LayerType type, std::array<int64_t, 10> c, Dims dims) {
    Layer l;
    l.name = layer_name();
    l.type = type;
    l.N = c[0], l.C = c[1], l.K = c[2], l.H = c[3], l.W = c[4], l.R = c[5], l.S = c[6];
    l.stride_h = l.stride_w = c[7];
    l.pad_h = l.pad_w = c[8];
    l.groups = c[9];
    l.source = fmt::format("{}: node {}", path_, index_ + 1);
    l.line = static_cast<int>(index_ + 1);
    sink_.add(std::move(l));
    Tensor t;
    t.dims = std::move(dims);
    t.layer = static_cast<int64_t>(out_.workload.layers.size()) - 1;
    out(std::move(t));
}

void Importer::emit_vector(LayerType type, const Dims& dims) {
    const auto [n, c, h, w] = nchw(dims);
    emit(type, {n, c, c, h, w, 1, 1, 1, 0, 1}, dims);
}

void Importer::check_ops() const {
    std::string bad;
    int count = 0;
    for (const OnnxNode& n : m_.nodes) {
        const bool known = (n.domain.empty() || n.domain == "ai.onnx") && handlers().count(n.op);
        if (known) continue;
        if (++count <= 10)
            bad += fmt::format("{}node {} '{}' (op {}{})", bad.empty() ? "" : ", ",
                               &n - m_.nodes.data() + 1, shown_text(n.name), shown_text(n.op),
                               n.domain.empty() ? "" : ", domain " + shown_text(n.domain));
    }
    if (count == 0) return;
    std::vector<std::string> ops;
    for (const auto& [op, h] : handlers()) ops.push_back(op);
    throw InputError(
        fmt::format("{}: {} node(s) have ops sasim cannot map to layers: {}{}; "
                    "supported ops: {}",
                    path_, count, bad, count > 10 ? ", ..." : "", join_words(ops)));
}

// Graph inputs (not initializers) with fixed sizes; a symbolic first dimension is the batch: 1.
void Importer::inputs() {
    auto check = [&](const std::string& what, const Dims& dims) {
        Wide elems = 1;
        for (int64_t d : dims) {
            if (d < 0)
                throw InputError(fmt::format("{}: {}: shape {} has a negative dimension", path_,
                                             what, show(dims)));
            elems *= d;
            if (elems > kMaxElems)
                throw InputError(fmt::format("{}: {}: shape {} has more than 2^48 elements", path_,
                                             what, show(dims)));
        }
    };
    for (const auto& [name, t] : m_.initializers) {
        check(fmt::format("initializer '{}'", shown_text(name)), t.dims);
        Tensor x;
        x.dims = t.dims;
        x.constant = true;
        x.ints = t.ints;
        tensors_[name] = std::move(x);
    }
    for (const OnnxValue& v : m_.inputs) {
        if (m_.initializers.count(v.name)) continue;
        Tensor x;
        for (size_t i = 0; i < v.dims.size(); ++i) {
            const bool sym = !v.symbolic[i].empty() || v.dims[i] == 0;
            if (sym && i > 0)
                throw InputError(fmt::format(
                    "{}: graph input '{}': dimension {} is symbolic ('{}'); only the first "
                    "(batch) dimension may be: export the model with fixed sizes",
                    path_, shown_text(v.name), i, shown_text(v.symbolic[i])));
            x.dims.push_back(sym ? 1 : v.dims[i]);
        }
        check(fmt::format("graph input '{}'", shown_text(v.name)), x.dims);
        tensors_[v.name] = std::move(x);
    }
}

void Importer::run() {
    check_ops();
    inputs();
    for (index_ = 0; index_ < m_.nodes.size(); ++index_) {
        node_ = &m_.nodes[index_];
        if (node_->outputs.empty()) fail("the node has no output");
        handlers().at(node_->op)(*this);
    }
    out_.nodes = static_cast<int64_t>(m_.nodes.size());
    if (out_.workload.layers.empty())
        throw InputError(
            fmt::format("{}: no layers: none of the graph's {} nodes maps to a "
                        "layer sasim simulates",
                        path_, m_.nodes.size()));
}

}  // namespace onnx_detail

OnnxImport import_onnx(std::string_view bytes, const std::string& path) {
    const OnnxModel m = parse_onnx(bytes, path);
    OnnxImport r;
    r.workload.path = path;
    r.workload.name = std::filesystem::path(path).stem().string();
    r.workload.format = "onnx";
    r.opset = m.opset;
    onnx_detail::Importer(m, path, r).run();
    return r;
}

OnnxImport read_onnx(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw InputError(fmt::format("{}: cannot open ONNX file: {}", path, std::strerror(errno)));
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!regular || st.st_size > onnx_limits::max_file_bytes || st.st_size == 0) {
        ::close(fd);
        throw InputError(
            !regular ? fmt::format("{}: cannot read ONNX file: not a regular file", path)
            : st.st_size == 0
                ? fmt::format("{}: ONNX file is empty", path)
                : fmt::format("{}: ONNX file of {} bytes is larger than the limit of {} bytes "
                              "(protobuf's 2 GB message limit; larger models keep weights as "
                              "external data, which sasim never reads)",
                              path, st.st_size, onnx_limits::max_file_bytes));
    }
    const size_t size = static_cast<size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED)
        throw InputError(fmt::format("{}: cannot map ONNX file: {}", path, std::strerror(errno)));
    try {
        OnnxImport r = import_onnx(std::string_view(static_cast<const char*>(map), size), path);
        ::munmap(map, size);
        return r;
    } catch (...) {
        ::munmap(map, size);
        throw;
    }
}

std::string native_csv(const Workload& w, const std::string& comment) {
    std::string s = comment;
    s += "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n";
    for (const Layer& l : w.layers)
        s += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", l.name, to_string(l.type), l.N,
                         l.C, l.K, l.H, l.W, l.R, l.S, l.stride_h, l.pad_h, l.groups);
    return s;
}

}  // namespace sasim
