// Bank-level DRAM: a closed-loop controller and device model per channel (plain C++, no
// SystemC; times in DRAM clocks). Requests are one burst each; the controller queues them
// (read and write transaction queues, optionally feeding per-bank or per-rank command queues),
// schedules FR-FCFS (row hits first, then oldest) or round robin over the command queues,
// drains writes (watermarks or when full), refreshes ranks or banks every tREFI, and issues
// ACT / RD / WR / PRE / REF / REFPB obeying every timing constraint of DdrParams.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/dram/ddr_params.hpp"

namespace sasim {

// ACT / PRE carry the row opened / closed and column -1; RD / WR the device column of the
// burst's first beat; REF (all banks of the rank) has bankgroup, bank, row and column -1;
// REFPB (one bank) has its bankgroup and bank, row and column -1.
struct DdrCommand {
    enum Kind { ACT, PRE, RD, WR, REF, REFPB } kind;
    uint64_t clk;  // issue clock
    int channel, rank, bankgroup, bank;
    int64_t row, column;
};

struct DdrCompletion {
    uint64_t id;
    // read: last data beat returned; write: last data beat written. A posted write, or a read
    // served from the write queue, completes one clock after it entered the controller.
    uint64_t done_clk;
    bool row_hit = false;  // its column command found its row already open (false if it had none)
    uint64_t arrival_clk = 0;  // the clock it entered the controller
    bool write = false;
};

struct DdrStats {
    int64_t reads = 0, writes = 0;
    int64_t act = 0, pre = 0, rd = 0, wr = 0, ref = 0;
    int64_t row_hits = 0;          // column command to an already open row
    int64_t row_misses = 0;        // bank was closed
    int64_t row_conflicts = 0;     // another row was open
    int64_t refpb = 0;             // per-bank REF commands
    int64_t forwarded_reads = 0;   // reads served from the write queue (no RD)
    uint64_t latency_clk_sum = 0;  // sum over completed requests of done - arrival
    uint64_t data_busy_clk = 0;    // clocks the data bus carried data (all channels)
    // Time integral of the requests the controllers held (from entering to completing), in
    // request x clocks: over an interval, average occupancy = this / clocks (Little's law).
    uint64_t occupancy_clk_sum = 0;
    // Background state for energy, summed over ranks up to the clock the controllers ran to:
    // clocks with at least one bank open, and clocks with every bank precharged.
    uint64_t rank_active_clk = 0;
    uint64_t rank_precharged_clk = 0;
};

// Contract: enqueue() only when can_accept() says so, with arrival_clk >= the clock of the last
// run_until(). run_until(t) issues every command the controller would issue at clocks < t
// given the requests enqueued so far, and reports the requests that complete at clocks < t.
// next_event_clk() is the earliest clock at which run_until could issue a command or report a
// completion (UINT64_MAX when idle and no refresh is due — refresh keeps it finite).
class DdrDram {
public:
    explicit DdrDram(const DdrParams& p);  // throws std::invalid_argument on a bad address map
    ~DdrDram();
    int64_t burst_bytes() const;
    bool can_accept(uint64_t addr, bool write) const;
    void enqueue(uint64_t id, uint64_t addr, bool write, uint64_t arrival_clk);
    void run_until(uint64_t clk, std::vector<DdrCompletion>& done);
    uint64_t next_event_clk() const;
    // No request completes before this clock (a lower bound): a driver that only needs
    // completions may sleep until then, as long as it enqueues nothing in between.
    uint64_t next_completion_bound() const;
    bool idle() const;  // no request queued or in flight
    const DdrStats& stats() const;
    // Per channel, for front ends that admit requests at the exact clock a queue frees: the
    // channel an address maps to, the next clock at which that channel's queues can change
    // (a command, a queue move, an arrival or a refresh becoming due; UINT64_MAX if none), and
    // running that channel alone. run_until() runs every channel.
    int channel_of(uint64_t addr) const;
    uint64_t next_queue_change_clk(int channel) const;
    void run_channel_until(int channel, uint64_t clk);
    void set_command_observer(std::function<void(const DdrCommand&)> f);
    // Peak bandwidth of all channels: bus_bits / 8 x 2 beats per tCK, in GB/s.
    double peak_gbps() const;

private:
    static void sort_completions(std::vector<DdrCompletion>& done, size_t first,
                                 std::vector<size_t>& runs, std::vector<DdrCompletion>& merged);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Independent checker: feed it every command (in issue order); it records a message for each
// violated constraint (tRCD, tRP, tRAS, tRC, tCCD_S/L, tRRD_S/L, tFAW, tWR, tWTR_S/L, tRTP,
// tRFC, tRFCpb, tPPD, CL/CWL bus conflicts with the read/write turnaround and tRTRS between
// ranks, commands to a closed/open bank, more than one command per clock (one row and one
// column command with dual issue), a bank or rank not refreshed for more than 9 x tREFI).
class DdrChecker {
public:
    explicit DdrChecker(const DdrParams& p);
    ~DdrChecker();
    void observe(const DdrCommand& c);
    void finish(uint64_t end_clk);  // checks refresh deadlines up to end_clk
    const std::vector<std::string>& violations() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sasim
