// DdrParams of the three presets the DDR tests use (docs/REFERENCE.md's DRAM table; values it lacks
// from DRAMsim3's public configs, cited where used), a closed-loop driver and a bench for
// hand-timed scenarios. Leaves out: the TOML presets (configs/dram/, the config owner's).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "models/dram/ddr_address_map.hpp"
#include "models/dram/ddr_core.hpp"
#include "models/dram/ddr_params.hpp"

namespace sasim::ddr_test {

// Streaming maps: the burst offset is at the bottom, then the channel (consecutive bursts go
// to different channels), then the bank group (consecutive bursts of one channel alternate
// bank groups, so tCCD_S, not tCCD_L, spaces them and the bus never idles), then the column
// (a row of every bank group is read before the bank changes), then the bank (the next four
// rows open in other banks while the current ones are read), rank and row on top.
inline constexpr const char* kStreamMap = "ro:ra:ba:co:bg:ch";

inline DdrParams controller_defaults(DdrParams p) {
    p.read_queue = 32;
    p.write_queue = 32;
    p.write_high_watermark = 24;
    p.write_low_watermark = 8;
    p.page_policy = PagePolicy::open;
    p.address_map = kStreamMap;
    return p;
}

// DDR4-3200 8 Gb x8, one 64-bit channel of one rank (8 chips): 4 bank groups x 4 banks,
// 64K rows, 1K columns, BL8 -> 64 B bursts, 128 bursts per 8 KiB row. All timings from
// docs/REFERENCE.md (they match DRAMsim3's DDR4_8Gb_x8_3200.ini).
inline DdrParams ddr4_3200() {
    DdrParams p{};
    p.channels = 1, p.ranks = 1, p.bankgroups = 4, p.banks_per_group = 4;
    p.rows = 65536, p.columns = 1024, p.bus_bits = 64, p.burst_length = 8, p.tck_ns = 0.625;
    p.CL = 22, p.CWL = 16, p.tRCD = 22, p.tRP = 22, p.tRAS = 52, p.tRC = 74;
    p.tCCD_S = 4, p.tCCD_L = 8, p.tRRD_S = 4, p.tRRD_L = 8, p.tFAW = 34;
    p.tWR = 24, p.tWTR_S = 4, p.tWTR_L = 12, p.tRTP = 12, p.tRFC = 560, p.tREFI = 12480;
    return controller_defaults(p);
}

// LPDDR4-2400 8 Gb, four x16 channels (4 x 4.8 = 19.2 GB/s), 8 banks (no bank groups: one
// group of 8), 64K rows, 1K columns, BL16 -> 32 B bursts of 8 clocks. docs/REFERENCE.md gives CL,
// CWL, tRCD, tRP, tRAS, tFAW, tRFC, tREFI. From DRAMsim3's configs/LPDDR4_8Gb_x16_2400.ini:
// tCCD_S/L 4/6 (the 8-clock burst on the bus dominates both), tRRD_S/L 8/8, tWR 30,
// tWTR_S/L 8/16, tRTP 12; tRC = tRAS + tRP = 47, as DRAMsim3 derives it.
inline DdrParams lpddr4_2400() {
    DdrParams p{};
    p.channels = 4, p.ranks = 1, p.bankgroups = 1, p.banks_per_group = 8;
    p.rows = 65536, p.columns = 1024, p.bus_bits = 16, p.burst_length = 16, p.tck_ns = 0.833;
    p.CL = 17, p.CWL = 14, p.tRCD = 15, p.tRP = 15, p.tRAS = 32, p.tRC = 47;
    p.tCCD_S = 4, p.tCCD_L = 6, p.tRRD_S = 8, p.tRRD_L = 8, p.tFAW = 32;
    p.tWR = 30, p.tWTR_S = 8, p.tWTR_L = 16, p.tRTP = 12, p.tRFC = 392, p.tREFI = 8660;
    return controller_defaults(p);
}

// HBM2 2 Gb/s/pin, one stack: 8 x 128-bit channels, 4 bank groups x 4 banks, 32K rows,
// 128 columns, BL4 -> 64 B bursts of 2 clocks, 32 bursts per 2 KiB row (DRAMsim3's
// configs/HBM2_8Gb_x128.ini lists 64 columns and doubles them for HBM). From that file too:
// rows, tWR 16, tWTR_S/L 6/8, and tRTP 6 (the file lists tRTP_L 6 / tRTP_S 4; RD -> PRE is a
// same-bank, so same-group, pair: the long value).
inline DdrParams hbm2() {
    DdrParams p{};
    p.channels = 8, p.ranks = 1, p.bankgroups = 4, p.banks_per_group = 4;
    p.rows = 32768, p.columns = 128, p.bus_bits = 128, p.burst_length = 4, p.tck_ns = 1.0;
    p.CL = 14, p.CWL = 4, p.tRCD = 14, p.tRP = 14, p.tRAS = 34, p.tRC = 48;
    p.tCCD_S = 1, p.tCCD_L = 2, p.tRRD_S = 4, p.tRRD_L = 6, p.tFAW = 30;
    p.tWR = 16, p.tWTR_S = 6, p.tWTR_L = 8, p.tRTP = 6, p.tRFC = 260, p.tREFI = 3900;
    return controller_defaults(p);
}

// Closed-loop driver: offers request i = 0..count-1 (address and direction from `next`, called
// once per request) no earlier than `arrival(i)` (default: at once) and as soon as its queue
// has room; returns one past the clock of the last completion. It stops when every request has
// completed (with posted writes and a drain-when-full policy, writes may stay queued).
struct Driver {
    explicit Driver(DdrDram& d, uint64_t start_clk = 0) : dram(d), clk(start_clk) {}
    DdrDram& dram;
    uint64_t clk;
    std::vector<DdrCompletion> done;

    using NextFn = std::function<void(uint64_t i, uint64_t& addr, bool& write)>;
    uint64_t run(uint64_t count, const NextFn& next,
                 const std::function<uint64_t(uint64_t)>& arrival = nullptr) {
        uint64_t i = 0, last = 0, addr = 0, completed = 0;
        bool write = false, staged = false;
        while (completed < count) {
            while (i < count) {
                if (!staged) next(i, addr, write);
                staged = true;
                if ((arrival && arrival(i) > clk) || !dram.can_accept(addr, write)) break;
                dram.enqueue(i++, addr, write, clk);
                staged = false;
            }
            const uint64_t event = dram.next_event_clk();
            const uint64_t at = i < count && arrival ? arrival(i) : UINT64_MAX;
            clk = at > clk && at <= event ? at : std::max(clk, event) + 1;
            done.clear();
            dram.run_until(clk, done);
            for (const DdrCompletion& c : done) last = std::max(last, c.done_clk + 1);
            completed += done.size();
        }
        return last;
    }
};

// One DRAM, its address map and a log of its commands, for hand-timed scenarios: submit()
// requests at chosen clocks, finish(), then read completion and command clocks.
struct Bench {
    explicit Bench(const DdrParams& p) : map(p), dram(p) {
        dram.set_command_observer([this](const DdrCommand& c) { log.push_back(c); });
    }
    uint64_t addr(int bg, int ba, int64_t row, int64_t column, int rank = 0) const {
        DdrAddress a;
        a.bankgroup = bg, a.bank = ba, a.row = row, a.column = column, a.rank = rank;
        return map.encode(a);
    }
    // Enqueues at `arrival` (not before the clock the DRAM has run to); returns the id.
    uint64_t submit(uint64_t addr, bool write, uint64_t arrival) {
        run(arrival);
        dram.enqueue(++id, addr, write, arrival);
        return id;
    }
    void finish() {
        while (!dram.idle()) run(dram.next_event_clk() + 1);
    }
    uint64_t serve(uint64_t addr, bool write, uint64_t arrival) {
        const uint64_t i = submit(addr, write, arrival);
        finish();
        return done_at.at(i);
    }
    void run(uint64_t clk) {
        std::vector<DdrCompletion> done;
        dram.run_until(clk, done);
        for (const DdrCompletion& c : done) done_at[c.id] = c.done_clk;
    }
    uint64_t clk_of(DdrCommand::Kind k, size_t nth = 0) const {
        for (const DdrCommand& c : log)
            if (c.kind == k && nth-- == 0) return c.clk;
        return UINT64_MAX;
    }
    size_t count(DdrCommand::Kind k) const {
        size_t n = 0;
        for (const DdrCommand& c : log) n += c.kind == k;
        return n;
    }
    DdrAddressMap map;
    DdrDram dram;
    std::vector<DdrCommand> log;
    std::map<uint64_t, uint64_t> done_at;  // request id -> completion clock
    uint64_t id = 0;
};

}  // namespace sasim::ddr_test
