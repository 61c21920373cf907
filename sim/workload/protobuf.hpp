// A reader of the protocol-buffers wire format (the public encoding ONNX files use): a message
// is a sequence of fields, each a key varint (field number << 3 | wire type) and a value: a
// varint (0), 8 bytes (1), a length-delimited byte run (2: strings, sub-messages, packed
// arrays) or 4 bytes (5). The reader walks a byte range without copying it: a sub-message or
// string is a view into the same buffer, so a 500 MB weight blob is skipped by moving a
// pointer. Malformed input (a truncated field, a varint of more than 10 bytes, a length past
// the end, a group or unknown wire type, field number 0) throws InputError naming the file and
// the byte offset.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sasim::pb {

enum Wire { kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5 };

struct Field {
    uint32_t number = 0;
    int wire = 0;
    uint64_t value = 0;        // varint, fixed64 or fixed32
    std::string_view data;     // length-delimited
    const char* at = nullptr;  // where the field starts (for messages)
};

class Reader {
public:
    // `whole` is the file (for byte offsets in messages); `part` a range inside it.
    Reader(std::string_view whole, std::string_view part, const std::string& path);
    bool next(Field& f);  // false at the end of the range; throws on malformed input
    // A length-delimited field read as a message of its own.
    Reader sub(const Field& f) const { return Reader(whole_, f.data, path_); }
    // Repeated integers, packed (wire 2) or one per field (wire 0), appended to `out`;
    // `limit` caps how many a field may hold.
    void ints(const Field& f, std::vector<int64_t>& out, size_t limit) const;
    [[noreturn]] void fail(const char* at, const std::string& what) const;
    size_t offset(const char* at) const { return static_cast<size_t>(at - whole_.data()); }

private:
    uint64_t varint(const char*& p) const;

    std::string_view whole_;
    const char* p_;
    const char* end_;
    const std::string& path_;
};

}  // namespace sasim::pb
