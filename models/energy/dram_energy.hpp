// DRAM energy from command counts and datasheet currents (plain C++), the method of Micron's
// power calculation (TN-41-01 / TN-46-03), DRAMPower and DRAMsim3, per device and times the
// devices of a rank (bus_bits / device_bits):
//   ACT + PRE pair  VDD (IDD0 tRC - IDD3N tRAS - IDD2N tRP)
//   RD burst        VDD (IDD4R - IDD3N) tBurst        tBurst = BL/2 tCK
//   WR burst        VDD (IDD4W - IDD3N) tBurst
//   REF (all banks) VDD (IDD5AB - IDD3N) tRFC
//   background      VDD (IDD3N t_active + IDD2N t_precharged + IDD3P / IDD2P when powered down)
// with every time in ns, so V x mA x ns = pJ. (DRAMsim3 multiplies the currents by clock
// *cycles*, so its "pJ" are pJ only where tCK = 1 ns: its issue #18.) The ideal and bandwidth
// models price each byte at the technology table's DRAM energy instead.
// Leaves out: I/O and termination energy, IPP (pump) currents, per-bank refresh, the extra
// background of a refresh (the rank is precharged then, as DRAMsim3 counts it).
#pragma once
#include <cstdint>

#include "models/energy/energy_params.hpp"

namespace sasim {

// What the energy formulas need of the DRAM's organisation and timings.
struct DramTimingNs {
    double tck_ns;
    int64_t tRAS, tRP, tRC, tRFC;  // DRAM clocks
    int64_t burst_length;          // beats, two per clock
    int64_t bus_bits;              // of a channel (a rank spans it)
};

// Commands and rank state clocks (summed over ranks and channels).
struct DramCommandCounts {
    int64_t act = 0, rd = 0, wr = 0, ref = 0;
    int64_t active_clk = 0, precharged_clk = 0;  // rank has a bank open / all banks closed
    int64_t powerdown_active_clk = 0, powerdown_precharged_clk = 0;
};

struct DramEnergy {
    double act = 0, read = 0, write = 0, refresh = 0, background = 0;  // pJ
    double total() const { return act + read + write + refresh + background; }
};

int64_t devices_per_rank(const DramTimingNs& d, const DramPowerParams& p);
// The energy of one command of each kind for a whole rank (pJ).
double act_pair_pj(const DramTimingNs& d, const DramPowerParams& p);
double read_burst_pj(const DramTimingNs& d, const DramPowerParams& p);
double write_burst_pj(const DramTimingNs& d, const DramPowerParams& p);
double refresh_pj(const DramTimingNs& d, const DramPowerParams& p);

DramEnergy dram_command_energy(const DramCommandCounts& c, const DramTimingNs& d,
                               const DramPowerParams& p);
// The ideal and bandwidth models: bytes read and written at a flat energy per byte.
DramEnergy dram_byte_energy(int64_t read_bytes, int64_t write_bytes, const TechParams& t);

}  // namespace sasim
