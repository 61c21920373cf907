#include "sim/workload/protobuf.hpp"

#include <fmt/format.h>

#include "sim/base/errors.hpp"

namespace sasim::pb {

Reader::Reader(std::string_view whole, std::string_view part, const std::string& path)
    : whole_(whole), p_(part.data()), end_(part.data() + part.size()), path_(path) {}

void Reader::fail(const char* at, const std::string& what) const {
    throw InputError(
        fmt::format("{}: byte {}: {}; the file is not a valid ONNX model (a "
                    "protocol-buffers ModelProto)",
                    path_, offset(at), what));
}

uint64_t Reader::varint(const char*& p) const {
    const char* start = p;
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (p >= end_) fail(start, "truncated varint");
        const auto b = static_cast<uint8_t>(*p++);
        if (shift == 63 && b > 1) fail(start, "varint longer than 64 bits");
        v |= static_cast<uint64_t>(b & 0x7f) << shift;
        if ((b & 0x80) == 0) return v;
    }
    fail(start, "varint of more than 10 bytes");
}

bool Reader::next(Field& f) {
    if (p_ >= end_) return false;
    const char* start = p_;
    f.at = start;
    const uint64_t key = varint(p_);
    f.number = static_cast<uint32_t>(key >> 3);
    f.wire = static_cast<int>(key & 7);
    if (f.number == 0 || key >> 32 != 0) fail(start, "field number 0 or past 2^29");
    switch (f.wire) {
        case kVarint:
            f.value = varint(p_);
            return true;
        case kFixed64:
        case kFixed32: {
            const size_t n = f.wire == kFixed64 ? 8 : 4;
            if (static_cast<size_t>(end_ - p_) < n) fail(start, "truncated fixed-size field");
            f.value = 0;
            for (size_t i = 0; i < n; ++i)
                f.value |= static_cast<uint64_t>(static_cast<uint8_t>(p_[i])) << (8 * i);
            p_ += n;
            return true;
        }
        case kBytes: {
            const uint64_t n = varint(p_);
            if (n > static_cast<uint64_t>(end_ - p_))
                fail(start,
                     fmt::format("field {} claims {} bytes, {} remain", f.number, n, end_ - p_));
            f.data = std::string_view(p_, static_cast<size_t>(n));
            p_ += n;
            return true;
        }
        default:
            fail(start, fmt::format("field {} has wire type {} (groups and types past 5 are not "
                                    "part of ONNX's encoding)",
                                    f.number, f.wire));
    }
}

void Reader::ints(const Field& f, std::vector<int64_t>& out, size_t limit) const {
    if (f.wire == kVarint) {
        if (out.size() >= limit) fail(f.at, fmt::format("more than {} values", limit));
        out.push_back(static_cast<int64_t>(f.value));
        return;
    }
    if (f.wire != kBytes)
        fail(f.at, fmt::format("field {} holds wire type {}, not integers", f.number, f.wire));
    Reader packed(whole_, f.data, path_);
    for (const char* p = packed.p_; p < packed.end_;) {
        if (out.size() >= limit) fail(p, fmt::format("more than {} values", limit));
        out.push_back(static_cast<int64_t>(packed.varint(p)));
    }
}

}  // namespace sasim::pb
