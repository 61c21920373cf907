#include "sim/run/timeline.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/base/csv.hpp"

namespace sasim {

Timeline::Timeline(int64_t window_cycles, double clock_mhz, uint64_t period_fs,
                   double ceiling_gbps, int64_t max_windows)
    : window_(window_cycles),
      max_windows_(max_windows),
      window_fs_(period_fs * static_cast<uint64_t>(window_cycles)),
      mhz_(clock_mhz),
      ceiling_(ceiling_gbps) {}

// Each window gets the bytes of its part of [begin, end), rounded so that the parts add up:
// window w's share is floor(bytes x covered-up-to-its-end / length) minus the earlier ones.
bool Timeline::add(int stream, int64_t bytes, uint64_t begin_fs, uint64_t end_fs) {
    if (end_fs < begin_fs) end_fs = begin_fs;
    const uint64_t w0 = begin_fs / window_fs_;
    const uint64_t w1 = end_fs > begin_fs ? (end_fs - 1) / window_fs_ : w0;
    if (w1 >= static_cast<uint64_t>(max_windows_)) return false;
    if (bytes_.size() <= w1) bytes_.resize(w1 + 1, {0, 0, 0, 0});
    const size_t si = static_cast<size_t>(stream);
    if (w0 == w1) {
        bytes_[w0][si] += bytes;
        return true;
    }
    const long double len = static_cast<long double>(end_fs - begin_fs);
    int64_t given = 0;
    for (uint64_t w = w0; w <= w1; ++w) {
        const uint64_t upto = std::min(end_fs, (w + 1) * window_fs_);
        const int64_t cum =
            w == w1 ? bytes
                    : static_cast<int64_t>(static_cast<long double>(bytes) *
                                           static_cast<long double>(upto - begin_fs) / len);
        bytes_[w][si] += cum - given;
        given = cum;
    }
    return true;
}

const std::vector<ReportField>& Timeline::fields() {
    static const std::vector<ReportField> f = {
        {"window", ValueKind::number},           {"start_cycle", ValueKind::number},
        {"end_cycle", ValueKind::number},        {"layer", ValueKind::text},
        {"ifmap_read_bytes", ValueKind::count},  {"filter_read_bytes", ValueKind::count},
        {"psum_read_bytes", ValueKind::count},   {"ofmap_write_bytes", ValueKind::count},
        {"dram_gbps", ValueKind::number},        {"supply_gbps", ValueKind::number}};
    return f;
}

std::string Timeline::csv(const std::vector<int64_t>& layer_starts,
                          const std::vector<std::string>& layer_names, int64_t total_cycles) const {
    std::string s;
    for (const ReportField& f : fields()) s += (s.empty() ? "" : ",") + f.name;
    s += "\n";
    const int64_t windows = std::max<int64_t>((total_cycles + window_ - 1) / window_,
                                              static_cast<int64_t>(bytes_.size()));
    const std::string ceiling = ceiling_ < 0 ? "inf" : fmt::format("{:.3f}", ceiling_);
    size_t layer = 0;
    for (int64_t w = 0; w < windows; ++w) {
        const int64_t start = w * window_, end = start + window_;
        while (layer + 1 < layer_starts.size() && layer_starts[layer + 1] <= start) ++layer;
        const std::array<int64_t, 4> b = static_cast<size_t>(w) < bytes_.size()
                                             ? bytes_[static_cast<size_t>(w)]
                                             : std::array<int64_t, 4>{0, 0, 0, 0};
        const int64_t all = b[0] + b[1] + b[2] + b[3];
        // bytes per cycle x MHz / 1e3 = GB/s
        const double gbps = static_cast<double>(all) / static_cast<double>(window_) * mhz_ / 1e3;
        s += fmt::format("{},{},{},{},{},{},{},{},{:.3f},{}\n", w, start, end,
                         layer < layer_names.size() ? csv_cell(layer_names[layer]) : "", b[0], b[1],
                         b[2], b[3], gbps, ceiling);
    }
    return s;
}

}  // namespace sasim
