// Files for tests: a self-removing temp folder, reading and writing files byte for byte, listing
// a folder, and paths in the source tree.
#pragma once
#include <stdlib.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace sasim::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp folder, removed with everything in it at the end, also
// when a test took away the owner's permissions on it or on a folder in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "sasim-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        make_removable(path_);
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& rel) const { return path_ / rel; }

private:
    // Gives the owner rwx on `dir` and on every folder below it (symbolic links not followed).
    static void make_removable(const fs::path& dir) {
        std::error_code ec;
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code type_ec;
            if (it->symlink_status(type_ec).type() == fs::file_type::directory)
                make_removable(it->path());
        }
    }

    fs::path path_;
};

inline std::string read_bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Writes `text` to `p`, creating missing parent folders; returns `p`.
inline fs::path write_text(const fs::path& p, const std::string& text) {
    if (p.has_parent_path()) fs::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary);
    f << text;
    return p;
}

// The names in `dir`; with `recursive`, of everything below it, relative to `dir` ("a/b.txt").
inline std::set<std::string> entries(const fs::path& dir, bool recursive = false) {
    std::set<std::string> names;
    if (recursive) {
        for (const auto& e : fs::recursive_directory_iterator(dir))
            names.insert(fs::relative(e.path(), dir).string());
    } else {
        for (const auto& e : fs::directory_iterator(dir))
            names.insert(e.path().filename().string());
    }
    return names;
}

// A file or folder of the source tree, e.g. source_path("workloads/tiny.csv").
inline std::string source_path(const std::string& rel) {
    return std::string(SASIM_SOURCE_DIR) + "/" + rel;
}

// A string literal with its embedded NUL bytes.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
    return std::string(literal, N - 1);
}

}  // namespace sasim::test
