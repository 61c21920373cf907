// File and CSV helpers of the sweep (see sweep_files.hpp). Atomic writes rely on rename(2)
// replacing the target in one step within a folder.
#include "sim/sweep/files.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/base/csv.hpp"
#include "sim/base/errors.hpp"

namespace sasim {

namespace fs = std::filesystem;

std::optional<std::string> try_read_file(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text_atomic(const std::string& path, const std::string& text) {
    const fs::path p(path);
    const fs::path tmp =
        p.parent_path() / fmt::format(".{}.tmp-{}", p.filename().string(), getpid());
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << text;
        f.close();
        if (!f) throw InputError(fmt::format("{}: cannot write file", tmp.string()));
    }
    std::error_code ec;
    fs::rename(tmp, p, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw InputError(fmt::format("{}: cannot write file: {}", path, ec.message()));
    }
}

std::string csv_join(const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) s += (i ? "," : "") + csv_cell(cells[i]);
    return s;
}

std::vector<std::string> csv_split(const std::string& line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            cells.back() += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            cells.emplace_back();
        } else {
            cells.back() += c;
        }
    }
    return cells;
}

std::vector<std::string> text_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

namespace {

std::string unescape_json(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out += s[i];
        } else if (s[i + 1] == 'u' && i + 5 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 2, 4), nullptr, 16));
            i += 5;
        } else {
            out += s[++i];
        }
    }
    return out;
}

}  // namespace

std::map<std::string, std::string> read_flat_json(const std::string& text) {
    std::map<std::string, std::string> out;
    for (std::string line : text_lines(text)) {
        const auto k0 = line.find('"');
        const auto k1 = k0 == std::string::npos ? k0 : line.find('"', k0 + 1);
        const auto colon = k1 == std::string::npos ? k1 : line.find(':', k1);
        if (colon == std::string::npos) continue;
        std::string v = line.substr(colon + 1);
        while (!v.empty() && (v.back() == ',' || v.back() == ' ')) v.pop_back();
        v.erase(0, v.find_first_not_of(' '));
        if (v.size() >= 2 && v.front() == '"') v = unescape_json(v.substr(1, v.size() - 2));
        out[line.substr(k0 + 1, k1 - k0 - 1)] = v;
    }
    return out;
}

}  // namespace sasim
