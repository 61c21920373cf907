// Opening a sweep folder (see sweep_dir.hpp). Temp names follow write_outputs(): a point
// folder `points/<id>` is built as `points/.<id>.tmp-<pid>` (or moved aside as `.old-<pid>`).
#include "sim/sweep/dir.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "sim/base/errors.hpp"

namespace sasim {

namespace fs = std::filesystem;

namespace {

void refuse_foreign(const fs::path& dir, const std::string& shown) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw InputError(fmt::format("{}: output path exists and is not a folder", shown));
    if (fs::is_directory(dir, ec) && !fs::is_empty(dir, ec) && !fs::exists(dir / "points.csv") &&
        !fs::exists(dir / ".lock"))
        throw InputError(fmt::format(
            "{}: output folder is not empty and holds no sasim sweep (no points.csv); refusing "
            "to write into it: choose an empty or new folder",
            shown));
}

// Our own leftovers: only names this program creates (".<name>.tmp-<pid>", ".old-<pid>").
void remove_leftovers(const fs::path& dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.size() > 1 && name[0] == '.' &&
            (name.find(".tmp-") != std::string::npos || name.find(".old-") != std::string::npos))
            fs::remove_all(e.path(), ec);
    }
}

}  // namespace

SweepDir::SweepDir(const std::string& dir) : dir_(dir) {
    refuse_foreign(dir, dir);
    std::error_code ec;
    fs::create_directories(fs::path(dir) / "points", ec);
    if (ec) throw InputError(fmt::format("{}: cannot create output folder: {}", dir, ec.message()));
    const std::string lock = dir + "/.lock";
    lock_fd_ = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) throw InputError(fmt::format("{}: cannot create lock file", lock));
    if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        close(lock_fd_);
        throw InputError(fmt::format("{}: another sweep or merge is writing this folder", dir));
    }
    fs::remove_all(fs::path(dir) / ".work", ec);
    fs::create_directories(fs::path(dir) / ".work", ec);
    if (ec) throw InputError(fmt::format("{}: cannot write output folder: {}", dir, ec.message()));
    remove_leftovers(dir);
    remove_leftovers(fs::path(dir) / "points");
}

SweepDir::~SweepDir() {
    std::error_code ec;
    fs::remove_all(fs::path(dir_) / ".work", ec);
    if (lock_fd_ >= 0) close(lock_fd_);
}

void copy_point(const std::string& from, const std::string& to) {
    const fs::path dst(to);
    const fs::path tmp =
        dst.parent_path() / fmt::format(".{}.tmp-{}", dst.filename().string(), getpid());
    const fs::path old =
        dst.parent_path() / fmt::format(".{}.old-{}", dst.filename().string(), getpid());
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::copy(from, tmp, fs::copy_options::recursive, ec);
    if (!ec && fs::exists(dst)) fs::rename(dst, old, ec);
    if (!ec) fs::rename(tmp, dst, ec);
    if (ec) {
        fs::remove_all(tmp);
        throw InputError(
            fmt::format("{}: cannot copy point folder to {}: {}", from, to, ec.message()));
    }
    fs::remove_all(old, ec);
}

}  // namespace sasim
