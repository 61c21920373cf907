// Reader of DRAMsim3-format request traces for `sasim memtest --trace`: one request per line,
// "<hex address> <READ|WRITE> <cycle>", cycles in DRAM clocks (any 64-bit value: a line far in
// the future is simply never issued). Blank lines and '#' comments are skipped; every other
// problem names file:line, the token and what is allowed. A hand-written scanner over the
// whole text (no stream per line): tens of millions of lines a second.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "sim/base/errors.hpp"
#include "sim/config/config_fields.hpp"
#include "sim/memtest/memtest.hpp"

namespace sasim {
namespace {

constexpr const char* kLineFormat = "'<hex address> <READ|WRITE> <cycle>'";
constexpr size_t kMaxTraceBytes = size_t{1} << 32;  // 4 GiB, about 150 million lines

[[noreturn]] void fail_at(const std::string& source, size_t line, const std::string& what) {
    throw InputError(fmt::format("{}:{}: {}", source, line, what));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool parse_hex(std::string_view tok, uint64_t& v) {
    if (tok.size() > 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) tok.remove_prefix(2);
    if (tok.empty() || tok.size() > 16) return false;
    v = 0;
    for (char c : tok) {
        const int d = hex_digit(c);
        if (d < 0) return false;
        v = v << 4 | static_cast<uint64_t>(d);
    }
    return true;
}

bool parse_decimal(std::string_view tok, uint64_t& v) {
    if (tok.empty() || tok.size() > 20) return false;
    v = 0;
    for (char c : tok) {
        if (c < '0' || c > '9') return false;
        const uint64_t d = static_cast<uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return false;  // past 64 bits
        v = v * 10 + d;
    }
    return true;
}

// The whitespace-separated tokens of one line (at most 4 kept: a 4th means too many).
size_t split(std::string_view line, std::string_view (&tok)[4]) {
    size_t n = 0, i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_space(line[i])) ++i;
        const size_t start = i;
        while (i < line.size() && !is_space(line[i])) ++i;
        if (i > start) {
            if (n < 4) tok[n] = line.substr(start, i - start);
            ++n;
        }
    }
    return n;
}

TraceRequest parse_line(std::string_view text, const std::string& source, size_t line) {
    std::string_view tok[4];
    const size_t n = split(text, tok);
    if (n != 3) {
        fail_at(source, line,
                fmt::format("expected 3 fields {}, got {}: '{}'", kLineFormat, n,
                            shown_text(std::string(text))));
    }
    TraceRequest r;
    if (!parse_hex(tok[0], r.addr)) {
        fail_at(source, line,
                fmt::format("bad address '{}': expected a hexadecimal number of at most 16 "
                            "digits, optionally 0x-prefixed",
                            shown_text(std::string(tok[0]))));
    }
    if (tok[1] != "READ" && tok[1] != "WRITE") {
        fail_at(source, line,
                fmt::format("bad command '{}': expected READ or WRITE",
                            shown_text(std::string(tok[1]))));
    }
    r.write = tok[1] == "WRITE";
    if (!parse_decimal(tok[2], r.clk)) {
        fail_at(source, line,
                fmt::format("bad cycle '{}': expected a decimal integer from 0 to {} (DRAM "
                            "clocks)",
                            shown_text(std::string(tok[2])), UINT64_MAX));
    }
    return r;
}

}  // namespace

std::vector<TraceRequest> parse_trace(const std::string& text, const std::string& source) {
    std::vector<TraceRequest> out;
    out.reserve(text.size() / 24);
    size_t line_no = 0;
    for (size_t pos = 0; pos < text.size();) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        ++line_no;
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        line = line.substr(0, line.find('#'));
        size_t k = 0;
        while (k < line.size() && is_space(line[k])) ++k;
        if (k == line.size()) continue;
        out.push_back(parse_line(line, source, line_no));
    }
    if (out.empty()) {
        throw InputError(fmt::format("{}: the trace holds no requests (expected lines {})", source,
                                     kLineFormat));
    }
    return out;
}

std::vector<TraceRequest> read_trace(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw InputError(
            fmt::format("{}: cannot open trace file: {}", path, std::strerror(EISDIR)));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(fmt::format("{}: cannot open trace file: {}", path, std::strerror(errno)));
    }
    // Read in blocks up to the limit, so an endless file (/dev/zero) is refused, not awaited.
    std::string text;
    constexpr size_t kBlock = size_t{1} << 22;
    while (in) {
        const size_t have = text.size();
        text.resize(have + kBlock);
        in.read(text.data() + have, static_cast<std::streamsize>(kBlock));
        text.resize(have + static_cast<size_t>(in.gcount()));
        if (text.size() > kMaxTraceBytes) {
            throw InputError(fmt::format("{}: trace file is larger than the limit of {} bytes",
                                         path, kMaxTraceBytes));
        }
    }
    return parse_trace(text, path);
}

}  // namespace sasim
