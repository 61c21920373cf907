// Reader of DRAMsim3-format request traces for `sasim memtest --trace`: one request per line,
// "<hex address> <READ|WRITE> <cycle>", cycles in DRAM clocks (any 64-bit value: a line far in
// the future is simply never issued). Blank lines and '#' comments are skipped; every other
// problem names file:line, the token and what is allowed. A hand-written scanner over blocks of
// the file (no stream per line, bounded memory): tens of millions of lines a second.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "sim/base/errors.hpp"
#include "sim/base/text.hpp"
#include "sim/memtest/memtest.hpp"

namespace sasim {
namespace {

constexpr const char* kLineFormat = "'<hex address> <READ|WRITE> <cycle>'";

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

constexpr size_t kMaxLine = 4096;
constexpr size_t kBlock = size_t{1} << 20;

}  // namespace

TraceReader::TraceReader(std::unique_ptr<std::istream> in, std::string source)
    : in_(std::move(in)), source_(std::move(source)) {}

TraceReader::TraceReader(std::string text, std::string source)
    : source_(std::move(source)), buf_(std::move(text)), eof_(true) {}

// Appends the next block; false at the end of the input.
bool TraceReader::fill() {
    if (eof_) return false;
    buf_.erase(0, pos_);
    pos_ = 0;
    const size_t have = buf_.size();
    buf_.resize(have + kBlock);
    in_->read(buf_.data() + have, static_cast<std::streamsize>(kBlock));
    buf_.resize(have + static_cast<size_t>(in_->gcount()));
    if (!*in_) eof_ = true;
    return buf_.size() > have;
}

bool TraceReader::next(TraceRequest& r) {
    for (;;) {
        size_t end = buf_.find('\n', pos_);
        if (end == std::string::npos) {
            if (buf_.size() - pos_ > kMaxLine)
                fail_at(source_, line_ + 1,
                        fmt::format("line longer than {} bytes (expected lines {})", kMaxLine,
                                    kLineFormat));
            if (fill()) continue;
            if (pos_ == buf_.size()) break;  // the end, and no last line without '\n'
            end = buf_.size();
        }
        ++line_;
        std::string_view line(buf_.data() + pos_, end - pos_);
        pos_ = std::min(end + 1, buf_.size());
        if (line.size() > kMaxLine)
            fail_at(source_, line_,
                    fmt::format("line longer than {} bytes (expected lines {})", kMaxLine,
                                kLineFormat));
        line = line.substr(0, line.find('#'));
        size_t k = 0;
        while (k < line.size() && is_space(line[k])) ++k;
        if (k == line.size()) continue;
        r = parse_line(line, source_, line_);
        ++requests_;
        return true;
    }
    if (requests_ == 0) {
        throw InputError(fmt::format("{}: the trace holds no requests (expected lines {})", source_,
                                     kLineFormat));
    }
    return false;
}

std::vector<TraceRequest> parse_trace(const std::string& text, const std::string& source) {
    TraceReader reader(text, source);
    std::vector<TraceRequest> out;
    for (TraceRequest r; reader.next(r);) out.push_back(r);
    return out;
}

TraceReader open_trace(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw InputError(
            fmt::format("{}: cannot open trace file: {}", path, std::strerror(EISDIR)));
    }
    auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*in) {
        throw InputError(fmt::format("{}: cannot open trace file: {}", path, std::strerror(errno)));
    }
    return TraceReader(std::move(in), path);
}

std::vector<TraceRequest> read_trace(const std::string& path) {
    TraceReader reader = open_trace(path);
    std::vector<TraceRequest> out;
    for (TraceRequest r; reader.next(r);) out.push_back(r);
    return out;
}

}  // namespace sasim
