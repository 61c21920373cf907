// `sasim memtest`: the bank-level DRAM (DdrDram) alone, driven closed-loop through an in-order
// front end (a request as soon as the controller's queue takes it, and not before its trace
// cycle; optionally one request per DRAM clock), checked by the independent DdrChecker,
// summarised as one JSON object. Plain C++: no SystemC kernel runs.
#pragma once
#include <cstdint>
#include <istream>
#include <memory>
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
    std::vector<TraceRequest> trace;  // pattern trace: these requests, or
    std::string trace_file;           // read from this file as the run goes (if not empty)
    bool per_cycle = false;           // front end: at most one request enters per DRAM clock
    // Requests (in order) from the first whose cycle is at or past this clock on are never
    // issued (0: the clock at which simulated time would pass 2^62 fs).
    uint64_t cycles = 0;
};

struct MemtestResult {
    uint64_t requests = 0, bytes = 0;
    uint64_t elapsed_clk = 0;  // from the first request offered to the end of the last data
    double elapsed_ns = 0, achieved_gbps = 0, peak_gbps = 0, efficiency = 0;
    double row_hit_rate = 0, avg_latency_ns = 0, avg_read_latency_ns = 0;
    // Little's law over the run: avg_occupancy (requests the controllers held, time-averaged
    // by the controllers) = requests_per_clk x avg_latency_clk (from the completions).
    double avg_occupancy = 0, requests_per_clk = 0, avg_latency_clk = 0;
    uint64_t not_issued = 0;  // trace requests at or past the horizon
    int64_t forwarded_reads = 0, refpb = 0;
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
                         const std::string& frontend, const DramPowerParams& power);

// Reads a DRAMsim3 trace request by request, in blocks (memory stays bounded whatever the
// file's size): next() gives the next request, false at the end. Throws InputError naming
// source:line, the token and what is allowed; a trace without requests, or a line longer than
// 4096 bytes (so an endless stream of zeros), is an error too.
class TraceReader {
public:
    TraceReader(std::unique_ptr<std::istream> in, std::string source);
    TraceReader(std::string text, std::string source);  // a trace already in memory
    bool next(TraceRequest& r);

private:
    bool fill();
    std::unique_ptr<std::istream> in_;
    std::string source_, buf_;
    size_t pos_ = 0, line_ = 0, requests_ = 0;
    bool eof_ = false;
};

// A reader of the file at `path`; throws InputError if it cannot be opened.
TraceReader open_trace(const std::string& path);

// Parses a DRAMsim3 trace: per line "<hex address> <READ|WRITE> <cycle>" (0x prefix optional,
// cycles in DRAM clocks, any 64-bit value); blank lines and '#' comments are skipped. Throws
// InputError "source:line: ..." naming the bad token and what is allowed.
std::vector<TraceRequest> parse_trace(const std::string& text, const std::string& source);
std::vector<TraceRequest> read_trace(const std::string& path);

// The subcommand; argv[0] is "memtest". Returns the exit status (InputError propagates).
int memtest_command(int argc, char** argv);

}  // namespace sasim
