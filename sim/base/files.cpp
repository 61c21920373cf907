#include "sim/base/files.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/base/errors.hpp"

namespace sasim {

namespace fs = std::filesystem;

std::string read_file(const std::string& path, const std::string& what, int64_t max_bytes) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw InputError(fmt::format("{}: cannot open {}: {}", path, what, std::strerror(EISDIR)));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(fmt::format("{}: cannot open {}: {}", path, what, std::strerror(errno)));
    std::string text;
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        text.append(buf, static_cast<size_t>(in.gcount()));
        if (static_cast<int64_t>(text.size()) > max_bytes)
            throw InputError(
                fmt::format("{}: {} is larger than the limit of {} bytes", path, what, max_bytes));
    }
    if (in.bad())
        throw InputError(fmt::format("{}: cannot read {}: {}", path, what, std::strerror(errno)));
    return text;
}

std::optional<std::string> try_read_file(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string temp_name_for(const std::string& path) {
    const fs::path p(path);
    return (p.parent_path() /
            fmt::format(".{}.tmp-{}{}", p.stem().string(), getpid(), p.extension().string()))
        .string();
}

void write_file_atomically(const std::string& path, const std::string& text) {
    const std::string tmp = temp_name_for(path);
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << text;
        f.close();
        if (!f) throw InputError(fmt::format("{}: cannot write file", tmp));
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw InputError(fmt::format("{}: cannot write file: {}", path, ec.message()));
    }
}

}  // namespace sasim
