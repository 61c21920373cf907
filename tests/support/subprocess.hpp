// Helpers for tests that run the sasim executable as a user would: run_sasim() (and run_shell()
// for any other command) capturing exit status, stdout and stderr; the temp folder and file
// helpers come from files.hpp.
#pragma once
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/sasim_bin.hpp"
#include "support/files.hpp"

namespace sasim::test {

namespace fs = std::filesystem;

// Single-quoted for /bin/sh.
inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

struct Result {
    int status = -1;  // exit status, or -1 if the process did not exit normally
    std::string out, err;
};

// Runs the /bin/sh simple command `command` (the redirections apply to it) in `cwd` with stdin
// from /dev/null; stdout and stderr are captured in files of a separate temp folder so they never
// show up among the outputs under test.
inline Result run_shell(const fs::path& cwd, const std::string& command) {
    TempDir capture;
    const std::string cmd = "cd " + quote(cwd.string()) + " && " + command + " </dev/null >" +
                            quote((capture / "out").string()) + " 2>" +
                            quote((capture / "err").string());
    const int raw = std::system(cmd.c_str());
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_bytes(capture / "out");
    r.err = read_bytes(capture / "err");
    return r;
}

// Appends `--set item` to `args` for each item.
inline void add_sets(std::vector<std::string>& args, const std::vector<std::string>& items) {
    for (const std::string& s : items) args.insert(args.end(), {"--set", s});
}

// Runs `sasim <args>` in `cwd` (see run_shell()).
inline Result run_sasim(const fs::path& cwd, const std::vector<std::string>& args) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    std::string cmd = quote(sasim_bin());
    for (const auto& a : args) cmd += " " + quote(a);
    return run_shell(cwd, cmd);
}

}  // namespace sasim::test
