// Helpers for tests that run the sasim executable as a user would: a self-removing temp folder,
// file reading/writing, and run_sasim() capturing exit status, stdout and stderr.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sasim_bin.hpp"

namespace sasim::test {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "sasim-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& rel) const { return path_ / rel; }

private:
    fs::path path_;
};

// Single-quoted for /bin/sh.
inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline std::string read_bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

inline void write_text(const fs::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    f << text;
}

inline std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

struct Result {
    int status = -1;  // exit status, or -1 if the process did not exit normally
    std::string out, err;
};

// Runs `sasim <args>` in `cwd`; stdout and stderr are captured in files of a separate temp
// folder so they never show up among the outputs under test.
inline Result run_sasim(const fs::path& cwd, const std::vector<std::string>& args) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    TempDir capture;
    std::string cmd = "cd " + quote(cwd.string()) + " && " + quote(sasim_bin());
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " >" + quote((capture / "out").string()) + " 2>" + quote((capture / "err").string());
    const int raw = std::system(cmd.c_str());
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_bytes(capture / "out");
    r.err = read_bytes(capture / "err");
    return r;
}

}  // namespace sasim::test
