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
                    f(base +
                          static_cast<uint64_t>(i0 * stride[0] + i1 * stride[1] + i2 * stride[2]),
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

// sum over i in [0, n) of floor((a * i + b) / m), for n, m > 0 and a, b >= 0, in O(log m)
// steps (the Euclid-like reduction of the AtCoder library's floor_sum).
inline uint64_t floor_sum(uint64_t n, uint64_t m, uint64_t a, uint64_t b) {
    uint64_t sum = 0;
    while (true) {
        if (a >= m) {
            sum += (n * (n - 1) / 2) * (a / m);
            a %= m;
        }
        if (b >= m) {
            sum += n * (b / m);
            b %= m;
        }
        const uint64_t y = a * n + b;
        if (y < m) return sum;
        n = y / m;
        b = y % m;
        const uint64_t t = m;
        m = a;
        a = t;
    }
}

// Bursts the pattern's runs touch: closed form when every stride keeps the runs' alignment to
// the burst; else, per outer run, the innermost level's runs i (at base + i * stride) touch
// floor((base + i * stride + run - 1) / burst) - floor((base + i * stride) / burst) + 1 bursts
// each, summed in closed form by floor_sum.
inline int64_t pattern_bursts(const AddrPattern& p, int64_t burst) {
    if (p.run <= 0) return 0;
    bool aligned = true;
    for (int k = 0; k < 3; ++k)
        if (p.count[static_cast<size_t>(k)] > 1 && p.stride[static_cast<size_t>(k)] % burst != 0)
            aligned = false;
    if (aligned) return p.runs() * bursts_touched(p.base, p.run, burst);
    int64_t n = 0;
    for (int64_t i2 = 0; i2 < p.count[2]; ++i2)
        for (int64_t i1 = 0; i1 < p.count[1]; ++i1) {
            const uint64_t base =
                p.base + static_cast<uint64_t>(i1 * p.stride[1] + i2 * p.stride[2]);
            if (p.stride[0] < 0) {  // not made by the layout; counted run by run
                for (int64_t i0 = 0; i0 < p.count[0]; ++i0)
                    n += bursts_touched(base + static_cast<uint64_t>(i0 * p.stride[0]), p.run,
                                        burst);
                continue;
            }
            const uint64_t c = static_cast<uint64_t>(p.count[0]), b = static_cast<uint64_t>(burst),
                           s0 = static_cast<uint64_t>(p.stride[0]);
            n += static_cast<int64_t>(floor_sum(c, b, s0, base + static_cast<uint64_t>(p.run) - 1) -
                                      floor_sum(c, b, s0, base) + c);
        }
    return n;
}

}  // namespace sasim
