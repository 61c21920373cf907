// `sasim memtest`: the bank-level DRAM (DdrDram) alone, driven closed-loop as a DMA would (a
// request as soon as the controller's queue takes it, or at a trace's cycles), checked by the
// independent DdrChecker, summarised as one JSON object. Plain C++: no SystemC kernel runs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/dram/ddr_params.hpp"
#include "models/energy/dram_energy.hpp"

namespace sasim {

enum class MemPattern { stream, random, strided, trace };

// One request of a DRAMsim3-format trace: "<hex address> <READ|WRITE> <cycle>".
struct TraceRequest {
    uint64_t addr = 0;
    bool write = false;
    uint64_t clk = 0;  // DRAM clock at which it is offered, not before (in file order)
};

struct MemtestSpec {
    MemPattern pattern = MemPattern::stream;
    uint64_t bytes = 16 << 20;        // moved by the synthetic patterns (whole bursts)
    uint64_t stride = 4096;           // strided: bytes from one request to the next
    double read_fraction = 1.0;       // the rest are writes, spread evenly
    uint64_t seed = 1;                // random: addresses (mt19937_64)
    std::vector<TraceRequest> trace;  // pattern trace
};

struct MemtestResult {
    uint64_t requests = 0, bytes = 0;
    uint64_t elapsed_clk = 0;  // from the first request offered to the end of the last data
    double elapsed_ns = 0, achieved_gbps = 0, peak_gbps = 0, efficiency = 0;
    double row_hit_rate = 0, avg_latency_ns = 0, avg_read_latency_ns = 0;
    int64_t reads = 0, writes = 0, act = 0, pre = 0, ref = 0;
    int64_t rd = 0, wr = 0;                                // column commands
    int64_t rank_active_clk = 0, rank_precharged_clk = 0;  // summed over ranks and channels
    int64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
    std::vector<std::string> violations;  // timing violations the checker found (none expected)
};

// Runs the spec on a DDR DRAM with parameters `p` (valid: checked by the config reader).
MemtestResult run_memtest(const DdrParams& p, const MemtestSpec& spec);

// The DRAM energy of the run: its commands and rank state clocks priced with `power`.
DramEnergy memtest_energy(const MemtestResult& r, const DdrParams& p, const DramPowerParams& power);

// The result as one JSON object (fixed key order and decimals), ending in a newline.
std::string memtest_json(const MemtestResult& r, const std::string& preset,
                         const std::string& pattern, const DdrParams& p,
                         const DramPowerParams& power);

// Parses a DRAMsim3 trace: per line "<hex address> <READ|WRITE> <cycle>" (0x prefix optional,
// cycles in DRAM clocks); blank lines and '#' comments are skipped. Throws InputError
// "source:line: ..." naming the bad token and what is allowed.
std::vector<TraceRequest> parse_trace(const std::string& text, const std::string& source);
std::vector<TraceRequest> read_trace(const std::string& path);

// The subcommand; argv[0] is "memtest". Returns the exit status (InputError propagates).
int memtest_command(int argc, char** argv);

}  // namespace sasim
