#include "models/dram/dram_timing.hpp"

#include <algorithm>
#include <cmath>

#include "models/common/addr.hpp"

namespace sasim {

uint64_t IdealDram::access(uint64_t arrival_fs, uint64_t addr, int64_t bytes, bool) {
    bursts_ += bursts_touched(addr, bytes, burst_bytes_);
    return arrival_fs;
}

BandwidthDram::BandwidthDram(double gbps, uint64_t latency_fs, int64_t burst_bytes)
    // bytes / (GB/s) = ns; x 1e6 = fs
    : burst_fs_(static_cast<uint64_t>(std::llround(static_cast<double>(burst_bytes) * 1e6 / gbps))),
      latency_fs_(latency_fs),
      burst_bytes_(burst_bytes) {}

uint64_t BandwidthDram::access(uint64_t arrival_fs, uint64_t addr, int64_t bytes, bool) {
    const int64_t n = bursts_touched(addr, bytes, burst_bytes_);
    const uint64_t start = std::max(arrival_fs, free_at_fs_);
    free_at_fs_ = start + burst_fs_ * static_cast<uint64_t>(n);
    bursts_ += n;
    busy_fs_ += burst_fs_ * static_cast<uint64_t>(n);
    return free_at_fs_ + latency_fs_;
}

}  // namespace sasim
