// Reader of DRAMsim3-format request traces for `sasim memtest --trace`: one request per line,
// "<hex address> <READ|WRITE> <cycle>", cycles in DRAM clocks. Blank lines and '#' comments
// are skipped; every other problem names file:line, the token and what is allowed.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/config/config_fields.hpp"
#include "sim/base/errors.hpp"
#include "sim/memtest/memtest.hpp"

namespace sasim {
namespace {

constexpr const char* kLineFormat = "'<hex address> <READ|WRITE> <cycle>'";

[[noreturn]] void fail_at(const std::string& source, size_t line, const std::string& what) {
    throw InputError(fmt::format("{}:{}: {}", source, line, what));
}

uint64_t parse_hex(const std::string& tok, const std::string& source, size_t line) {
    std::string digits = tok;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        digits = digits.substr(2);
    }
    const bool ok = !digits.empty() && digits.size() <= 16 &&
                    digits.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    if (!ok) {
        fail_at(source, line,
                fmt::format("bad address '{}': expected a hexadecimal number of at most 16 "
                            "digits, optionally 0x-prefixed",
                            shown_text(tok)));
    }
    return std::stoull(digits, nullptr, 16);
}

// Up to 1e12 clocks (minutes of DRAM time): an idle DRAM is still stepped refresh by refresh.
constexpr uint64_t kMaxCycle = 1000000000000;

uint64_t parse_cycle(const std::string& tok, const std::string& source, size_t line) {
    const bool digits = !tok.empty() && tok.size() <= 13 &&
                        tok.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoull(tok) > kMaxCycle) {
        fail_at(source, line,
                fmt::format("bad cycle '{}': expected a decimal integer from 0 to {} (DRAM "
                            "clocks)",
                            shown_text(tok), kMaxCycle));
    }
    return std::stoull(tok);
}

TraceRequest parse_line(const std::string& text, const std::string& source, size_t line) {
    std::istringstream in(text);
    std::vector<std::string> tok;
    for (std::string t; in >> t;) tok.push_back(t);
    if (tok.size() != 3) {
        fail_at(source, line,
                fmt::format("expected 3 fields {}, got {}: '{}'", kLineFormat, tok.size(),
                            shown_text(text)));
    }
    TraceRequest r;
    r.addr = parse_hex(tok[0], source, line);
    if (tok[1] != "READ" && tok[1] != "WRITE") {
        fail_at(source, line,
                fmt::format("bad command '{}': expected READ or WRITE", shown_text(tok[1])));
    }
    r.write = tok[1] == "WRITE";
    r.clk = parse_cycle(tok[2], source, line);
    return r;
}

}  // namespace

std::vector<TraceRequest> parse_trace(const std::string& text, const std::string& source) {
    std::vector<TraceRequest> out;
    std::istringstream in(text);
    size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        line = line.substr(0, line.find('#'));
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
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
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_trace(ss.str(), path);
}

}  // namespace sasim
