// Progress of a sweep on stderr: on a terminal one bar redrawn in place (done/total, points per
// second, ETA) with failures printed above it; otherwise one plain line per finished point.
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

namespace sasim {

class Progress {
public:
    // total: points to run now; terminal: draw a bar (else plain lines); quiet: print nothing.
    Progress(int total, bool terminal, bool quiet, std::FILE* out = stderr);
    // `what` names the point (index, workload, values); `outcome` is "ok" or the failure.
    void point_done(const std::string& what, bool ok, const std::string& outcome, double seconds);
    void tick();    // redraw the bar (time moves on even when no point ends)
    void finish();  // leaves the bar's last state on its own line

    double elapsed() const;

private:
    void draw();
    std::string bar_text() const;

    int total_, done_ = 0;
    bool terminal_, quiet_;
    std::FILE* out_;
    std::chrono::steady_clock::time_point start_;
};

// "0:07", "12:05", "1:02:03".
std::string clock_text(double seconds);

}  // namespace sasim
