// Parameters of the bank-level DRAM model (organisation, JEDEC timings in tCK, controller).
// Defaults and ranges live in the config field table; presets in configs/dram/*.toml. The
// members added for the two-level controller default to the one-level controller's behaviour,
// so `DdrParams p{}` plus the older members describes the same controller as before.
#pragma once
#include <cstdint>
#include <string>

namespace sasim {

enum class PagePolicy { open, closed };
// Command queues: one per bank or one per rank (DRAMsim3's PER_BANK / PER_RANK).
enum class QueueGrouping { per_bank, per_rank };
// frfcfs: row hits first, then oldest, over every queued command. round_robin: the command
// queues take turns; within a queue the first command (in queue order) that can issue goes.
enum class SchedulerKind { frfcfs, round_robin };
// all_rank: every rank at once every tREFI; rank_staggered: one rank every tREFI / ranks;
// per_bank: one bank every tREFI / (ranks x banks), each bank once per tREFI.
enum class RefreshPolicy { all_rank, rank_staggered, per_bank };
// watermarks: drain from the high to the low watermark (and serve writes when no read waits);
// when_full: drain when the write queue is full (or at the high watermark with no read
// waiting), then every write queued at that moment (DRAMsim3).
enum class WriteDrain { watermarks, when_full };

struct DdrParams {
    // Organisation. One controller per channel; `columns` counts device columns per row.
    int64_t channels;
    int64_t ranks;
    int64_t bankgroups;
    int64_t banks_per_group;
    int64_t rows;
    int64_t columns;
    int64_t bus_bits;      // data bus width of one channel
    int64_t burst_length;  // BL: data beats per column command (two beats per tCK)
    double tck_ns;         // DRAM clock period
    // Timings, in tCK.
    int64_t CL, CWL, tRCD, tRP, tRAS, tRC;
    int64_t tCCD_S, tCCD_L, tRRD_S, tRRD_L, tFAW;
    int64_t tWR, tWTR_S, tWTR_L, tRTP;
    int64_t tRFC, tREFI;
    int64_t tRTRS = 0;   // idle data-bus clocks between bursts of two ranks
    int64_t tPPD = 0;    // PRE to PRE of another bank of the rank
    int64_t tRFCpb = 0;  // per-bank refresh to the next ACT of that bank (0: no per-bank refresh)
    // Controller, per channel.
    int64_t read_queue;            // transaction queue entries for reads
    int64_t write_queue;           // transaction queue entries for writes (the write buffer)
    int64_t write_high_watermark;  // start draining writes at this many queued writes
    int64_t write_low_watermark;   // stop draining at this many
    PagePolicy page_policy;
    // Address bits from most to least significant, ':'-separated fields from
    // {ro, ra, bg, ba, co, ch}, e.g. "ro:ra:ba:co:bg:ch"; below them the byte offset in a burst.
    std::string address_map;
    // Two-level controller: 0 = the scheduler works on the transaction queues directly.
    int64_t command_queue = 0;  // entries per command queue
    QueueGrouping command_queue_grouping = QueueGrouping::per_bank;
    int64_t queue_moves_per_clk = 1;  // transactions moved into the command queues per clock
    SchedulerKind scheduler = SchedulerKind::frfcfs;
    int64_t row_hit_cap = 0;  // column commands a row serves before an older conflict may close it
    RefreshPolicy refresh_policy = RefreshPolicy::all_rank;
    int64_t refresh_owed_max = 8;  // REFs a busy rank (bank) may owe before it must refresh
    WriteDrain write_drain = WriteDrain::watermarks;
    bool dual_issue = false;       // a row and a column command may issue in the same clock
    bool read_forwarding = false;  // a read of an address with a queued write takes its data
    bool posted_writes = false;    // a write completes when the controller accepts it

    int64_t burst_bytes() const { return bus_bits / 8 * burst_length; }
    int64_t banks_per_rank() const { return bankgroups * banks_per_group; }
    // The longest one access can hold a bank, ACT to the next ACT allowed, in tCK: the largest
    // of tRC, tRAS + tRP, a read's tRCD + tRTP + tRP and a write's tRCD + CWL + BL/2 + tWR + tRP.
    // A rank whose tREFI is not above tRFC plus this never gets both a refresh and an access in.
    int64_t longest_row_cycle() const {
        const int64_t read = tRCD + tRTP + tRP, write = tRCD + CWL + burst_length / 2 + tWR + tRP;
        const int64_t a = tRC > tRAS + tRP ? tRC : tRAS + tRP, b = read > write ? read : write;
        return a > b ? a : b;
    }
    // Refresh units: ranks, or banks under per-bank refresh.
    int64_t refresh_units() const {
        return refresh_policy == RefreshPolicy::per_bank ? ranks * banks_per_rank() : ranks;
    }
};

}  // namespace sasim
