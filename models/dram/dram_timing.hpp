// Off-chip memory timing cores (plain C++, times in femtoseconds).
//   ideal:     no latency, unlimited bandwidth (SCALE-Sim's assumption).
//   bandwidth: one channel with a peak rate and a fixed latency; every access is split into
//              bursts (every burst the access touches costs a whole one) served in call order.
// Leaves out: banks, rows, refresh, read/write turnaround (the bank-level model's job).
#pragma once
#include <cstdint>

namespace sasim {

// Contract: access() returns the time the access completes (data delivered or written),
// never earlier than arrival_fs. Calls may come in any arrival order; they are served in call
// order. bursts() counts the bursts moved so far.
class DramTiming {
public:
    virtual ~DramTiming() = default;
    virtual uint64_t access(uint64_t arrival_fs, uint64_t addr, int64_t bytes, bool write) = 0;
    int64_t bursts() const { return bursts_; }
    uint64_t busy_fs() const { return busy_fs_; }      // time the data bus was transferring
    virtual uint64_t latency_fs() const { return 0; }  // the fixed, unloaded part of an access

protected:
    int64_t bursts_ = 0;
    uint64_t busy_fs_ = 0;
};

class IdealDram : public DramTiming {
public:
    explicit IdealDram(int64_t burst_bytes) : burst_bytes_(burst_bytes) {}
    uint64_t access(uint64_t arrival_fs, uint64_t addr, int64_t bytes, bool write) override;

private:
    int64_t burst_bytes_;
};

class BandwidthDram : public DramTiming {
public:
    BandwidthDram(double gbps, uint64_t latency_fs, int64_t burst_bytes);
    uint64_t access(uint64_t arrival_fs, uint64_t addr, int64_t bytes, bool write) override;
    uint64_t burst_fs() const { return burst_fs_; }
    uint64_t latency_fs() const override { return latency_fs_; }

private:
    uint64_t burst_fs_;  // one burst at peak rate: burst_bytes / GB/s, in fs
    uint64_t latency_fs_;
    int64_t burst_bytes_;
    uint64_t free_at_fs_ = 0;  // data bus free from this time on
};

}  // namespace sasim
