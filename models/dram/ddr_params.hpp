// Parameters of the bank-level DRAM model (organisation, JEDEC timings in tCK, controller).
// Defaults and ranges live in the config field table; presets in configs/dram/*.toml.
#pragma once
#include <cstdint>
#include <string>

namespace sasim {

enum class PagePolicy { open, closed };

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
    // Controller, per channel.
    int64_t read_queue;            // entries
    int64_t write_queue;           // entries
    int64_t write_high_watermark;  // start draining writes at this many queued writes
    int64_t write_low_watermark;   // stop draining at this many
    PagePolicy page_policy;
    // Address bits from most to least significant, ':'-separated fields from
    // {ro, ra, bg, ba, co, ch}, e.g. "ro:ra:ba:co:bg:ch"; below them the byte offset in a burst.
    std::string address_map;

    int64_t burst_bytes() const { return bus_bits / 8 * burst_length; }
    // The longest one access can hold a bank, ACT to the next ACT allowed, in tCK: the largest
    // of tRC, tRAS + tRP, a read's tRCD + tRTP + tRP and a write's tRCD + CWL + BL/2 + tWR + tRP.
    // A rank whose tREFI is not above tRFC plus this never gets both a refresh and an access in.
    int64_t longest_row_cycle() const {
        const int64_t read = tRCD + tRTP + tRP, write = tRCD + CWL + burst_length / 2 + tWR + tRP;
        const int64_t a = tRC > tRAS + tRP ? tRC : tRAS + tRP, b = read > write ? read : write;
        return a > b ? a : b;
    }
};

}  // namespace sasim
