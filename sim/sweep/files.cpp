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
