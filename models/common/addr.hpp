// DRAM addresses of a transfer: strided runs, as a multi-dimensional DMA descriptor gives them.
// A pattern is `run` contiguous bytes at base + i0*stride[0] + i1*stride[1] + i2*stride[2] for
// i_k < count[k] (innermost first). Tensor boxes (a band of rows, a channel slice, a block of
// filters) are one pattern each.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sasim {

struct AddrPattern {
    uint64_t base = 0;
    int64_t run = 0;  // bytes per run
    std::array<int64_t, 3> count{1, 1, 1};
    std::array<int64_t, 3> stride{0, 0, 0};

    int64_t runs() const { return count[0] * count[1] * count[2]; }
    int64_t bytes() const { return run * runs(); }
    // Calls f(address, bytes) for every run, innermost index fastest.
    template <class F>
    void for_each_run(F&& f) const {
        for (int64_t i2 = 0; i2 < count[2]; ++i2)
            for (int64_t i1 = 0; i1 < count[1]; ++i1)
                for (int64_t i0 = 0; i0 < count[0]; ++i0)
                    f(base + static_cast<uint64_t>(i0 * stride[0] + i1 * stride[1] +
                                                   i2 * stride[2]),
                      run);
    }
};

using AddrList = std::vector<AddrPattern>;

inline int64_t total_bytes(const AddrList& l) {
    int64_t b = 0;
    for (const AddrPattern& p : l) b += p.bytes();
    return b;
}

// Bursts of `burst` bytes that [addr, addr + bytes) touches (a partial burst counts whole).
inline int64_t bursts_touched(uint64_t addr, int64_t bytes, int64_t burst) {
    if (bytes <= 0) return 0;
    const uint64_t b = static_cast<uint64_t>(burst);
    return static_cast<int64_t>((addr + static_cast<uint64_t>(bytes) - 1) / b - addr / b + 1);
}

// Bursts the pattern's runs touch: closed form when every stride keeps the runs' alignment to
// the burst; else the innermost level's alignments repeat with period burst / gcd(stride,
// burst), so one period is summed per outer run and multiplied out.
inline int64_t pattern_bursts(const AddrPattern& p, int64_t burst) {
    bool aligned = true;
    for (int k = 0; k < 3; ++k)
        if (p.count[static_cast<size_t>(k)] > 1 && p.stride[static_cast<size_t>(k)] % burst != 0)
            aligned = false;
    if (aligned) return p.runs() * bursts_touched(p.base, p.run, burst);
    int64_t g = burst, x = p.stride[0] % burst;  // gcd(stride0 mod burst, burst)
    while (x != 0) {
        const int64_t t = g % x;
        g = x;
        x = t;
    }
    const int64_t period = std::min(p.count[0], burst / g);
    const int64_t whole = p.count[0] / period, rest = p.count[0] % period;
    int64_t n = 0;
    for (int64_t i2 = 0; i2 < p.count[2]; ++i2)
        for (int64_t i1 = 0; i1 < p.count[1]; ++i1) {
            const uint64_t base =
                p.base + static_cast<uint64_t>(i1 * p.stride[1] + i2 * p.stride[2]);
            int64_t one = 0, part = 0;
            for (int64_t i0 = 0; i0 < period; ++i0) {
                const int64_t t =
                    bursts_touched(base + static_cast<uint64_t>(i0 * p.stride[0]), p.run, burst);
                one += t;
                if (i0 < rest) part += t;
            }
            n += one * whole + part;
        }
    return n;
}

}  // namespace sasim
