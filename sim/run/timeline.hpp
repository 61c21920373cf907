// Bandwidth over time: bytes each DMA stream moved in windows of N accelerator cycles, with the
// supply ceiling of the memory path, as timeline.csv. A transfer's bytes are spread over the
// time they were moving at the metered stage (the DRAM data bus, or the link when DRAM is
// ideal), in proportion to each window's share of it, so no window shows more than the stage
// moved: never more than its peak.
#pragma once
#include <array>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/base/report_field.hpp"

namespace sasim {

class Timeline {
public:
    // timeline.csv rows a run may have (about 80 bytes each, and as many again in memory).
    static constexpr int64_t kMaxCsvWindows = 10'000'000;

    // timeline.csv's columns, in order.
    static const std::vector<ReportField>& fields();
    // window_cycles > 0; ceiling_gbps < 0 means unlimited (written as "inf"); windows from
    // max_windows on are not recorded (add() returns false).
    Timeline(int64_t window_cycles, double clock_mhz, uint64_t period_fs, double ceiling_gbps,
             int64_t max_windows = INT64_MAX);
    // `bytes` of `stream` (0..3 as DmaStream) moved during [begin_fs, end_fs) (an instant when
    // equal); false if any of it falls past the last window kept.
    bool add(int stream, int64_t bytes, uint64_t begin_fs, uint64_t end_fs);
    // layer_starts: first cycle of each layer; total_cycles: end of the run.
    int64_t window() const { return window_; }
    int64_t windows() const { return static_cast<int64_t>(bytes_.size()); }
    // Bytes of `stream` moved in window w.
    int64_t bytes(int64_t w, int stream) const {
        return bytes_[static_cast<size_t>(w)][static_cast<size_t>(stream)];
    }
    std::string csv(const std::vector<int64_t>& layer_starts,
                    const std::vector<std::string>& layer_names, int64_t total_cycles) const;

private:
    int64_t window_;
    int64_t max_windows_;
    uint64_t window_fs_;
    double mhz_;
    double ceiling_;
    std::vector<std::array<int64_t, 4>> bytes_;
};

}  // namespace sasim
