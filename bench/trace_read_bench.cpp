// Speed of the memtest trace reader: writes a DRAMsim3-format trace of N lines (default
// 10,000,000: hex addresses, READ/WRITE, growing cycles) to a temporary file, reads it back
// through TraceReader and prints lines per second (best of 3). Usage: trace_read_bench [N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "sim/memtest/memtest.hpp"

namespace {

int run(int argc, char** argv) {
    const uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000;
    const std::string path =
        (std::filesystem::temp_directory_path() / "sasim_trace_read_bench.trc").string();
    {
        std::ofstream out(path, std::ios::binary);
        std::mt19937_64 rng(1);
        char line[64];
        for (uint64_t i = 0; i < n; ++i) {
            const int len =
                std::snprintf(line, sizeof line, "0x%llx %s %llu\n",
                              static_cast<unsigned long long>(rng() >> 24 << 6),
                              i % 3 ? "READ" : "WRITE", static_cast<unsigned long long>(i * 3));
            out.write(line, len);
        }
    }
    const double mib = static_cast<double>(std::filesystem::file_size(path)) / (1 << 20);
    double best = 1e30;
    uint64_t lines = 0, sum = 0;
    for (int rep = 0; rep < 3; ++rep) {
        const auto start = std::chrono::steady_clock::now();
        sasim::TraceReader reader = sasim::open_trace(path);
        lines = 0;
        for (sasim::TraceRequest r; reader.next(r); ++lines) sum += r.addr ^ r.clk;
        const std::chrono::duration<double> s = std::chrono::steady_clock::now() - start;
        best = std::min(best, s.count());
    }
    std::filesystem::remove(path);
    std::printf("%llu lines (%.1f MiB) in %.3f s: %.1f M lines/s (checksum %llu)\n",
                static_cast<unsigned long long>(lines), mib, best, lines / best / 1e6,
                static_cast<unsigned long long>(sum % 1000));
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return run(argc, argv); }

// The SystemC library (linked with the simulator's code) calls sc_main from its own main where
// the linker takes that one; this program needs no kernel. (C linkage, as SystemC declares it.)
extern "C" int sc_main(int argc, char** argv) { return run(argc, argv); }
