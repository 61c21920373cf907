// A clock domain without an sc_clock: converts between integer cycles and sc_time.
// Simulation time resolution is 1 fs, so a 700 MHz period (1428571 fs) is exact to 1e-6 %.
#pragma once
#include <cstdint>
#include <systemc>

namespace sasim {

class ClockDomain {
public:
    explicit ClockDomain(double mhz)
        : period_fs_(static_cast<uint64_t>(1e9 / mhz + 0.5)),
          period_(static_cast<double>(period_fs_), sc_core::SC_FS) {}
    const sc_core::sc_time& period() const { return period_; }
    uint64_t period_fs() const { return period_fs_; }
    sc_core::sc_time cycles(int64_t n) const {
        return sc_core::sc_time::from_value(period_fs_ * static_cast<uint64_t>(n));
    }
    // Whole cycles needed to cover a duration (rounds up).
    int64_t cycles_to_cover(const sc_core::sc_time& t) const {
        const uint64_t fs = t.value();
        return static_cast<int64_t>((fs + period_fs_ - 1) / period_fs_);
    }

private:
    uint64_t period_fs_;
    sc_core::sc_time period_;
};

}  // namespace sasim
