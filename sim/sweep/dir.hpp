// A sweep (or merge) output folder: refused unless new, empty or already a sweep folder; held
// by one process at a time (flock on DIR/.lock, released even by kill -9); leftovers of an
// interrupted run (temp folders, stderr captures) removed on open.
#pragma once
#include <string>

namespace sasim {

class SweepDir {
public:
    // Creates dir, dir/points and dir/.work; throws InputError if it cannot be used.
    explicit SweepDir(const std::string& dir);
    ~SweepDir();
    SweepDir(const SweepDir&) = delete;
    SweepDir& operator=(const SweepDir&) = delete;

    const std::string& path() const { return dir_; }
    std::string point(const std::string& id) const { return dir_ + "/points/" + id; }
    std::string work(const std::string& name) const { return dir_ + "/.work/" + name; }

private:
    std::string dir_;
    int lock_fd_ = -1;
};

// Copies a point folder into `to` atomically (temp sibling, then rename over `to`).
void copy_point(const std::string& from, const std::string& to);

}  // namespace sasim
