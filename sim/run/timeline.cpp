#include "sim/run/timeline.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/base/csv.hpp"

namespace sasim {

Timeline::Timeline(int64_t window_cycles, double clock_mhz, double ceiling_gbps,
                   int64_t max_windows)
    : window_(window_cycles), max_windows_(max_windows), mhz_(clock_mhz), ceiling_(ceiling_gbps) {}

bool Timeline::add(int stream, int64_t bytes, int64_t cycle) {
    if (cycle / window_ >= max_windows_) return false;
    const size_t w = static_cast<size_t>(cycle / window_);
    if (bytes_.size() <= w) bytes_.resize(w + 1, {0, 0, 0, 0});
    bytes_[w][static_cast<size_t>(stream)] += bytes;
    return true;
}

std::string Timeline::csv(const std::vector<int64_t>& layer_starts,
                          const std::vector<std::string>& layer_names, int64_t total_cycles) const {
    std::string s =
        "window,start_cycle,end_cycle,layer,ifmap_read_bytes,filter_read_bytes,psum_read_bytes,"
        "ofmap_write_bytes,dram_gbps,supply_gbps\n";
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
