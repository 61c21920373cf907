// The sweep's progress output (see sweep_progress.hpp). The bar is redrawn with "\r" and
// "erase line" (ESC [K), which every terminal emulator understands.
#include "sim/sweep/progress.hpp"

#include <fmt/format.h>

namespace sasim {

namespace {
constexpr int kBarWidth = 30;
constexpr const char* kEraseLine = "\r\033[K";
}  // namespace

Progress::Progress(int total, bool terminal, bool quiet, std::FILE* out)
    : total_(total),
      terminal_(terminal),
      quiet_(quiet),
      out_(out),
      start_(std::chrono::steady_clock::now()) {
    if (terminal_ && !quiet_ && total_ > 0) draw();
}

double Progress::elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::point_done(const std::string& what, bool ok, const std::string& outcome,
                          double seconds) {
    ++done_;
    if (quiet_) return;
    const std::string line = fmt::format("sweep: [{}/{}] {} {} ({:.2f} s)", done_, total_, what,
                                         ok ? "ok" : "FAILED: " + outcome, seconds);
    if (!terminal_) {
        fmt::print(out_, "{}\n", line);
    } else {
        if (!ok) fmt::print(out_, "{}{}\n", kEraseLine, line);
        draw();
    }
    std::fflush(out_);
}

void Progress::tick() {
    if (terminal_ && !quiet_) draw();
}

void Progress::finish() {
    if (terminal_ && !quiet_ && total_ > 0) {
        draw();
        fmt::print(out_, "\n");
        std::fflush(out_);
    }
}

std::string Progress::bar_text() const {
    const int filled = total_ > 0 ? done_ * kBarWidth / total_ : kBarWidth;
    const double t = elapsed();
    const double rate = t > 0 ? done_ / t : 0;
    const std::string eta = rate > 0 ? clock_text((total_ - done_) / rate) : "?";
    return fmt::format("[{}{}] {}/{} points  {:.1f} points/s  elapsed {}  ETA {}",
                       std::string(static_cast<size_t>(filled), '#'),
                       std::string(static_cast<size_t>(kBarWidth - filled), '.'), done_, total_,
                       rate, clock_text(t), eta);
}

void Progress::draw() {
    fmt::print(out_, "{}{}", kEraseLine, bar_text());
    std::fflush(out_);
}

std::string clock_text(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace sasim
