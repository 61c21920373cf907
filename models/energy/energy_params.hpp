// Parameters of the energy and area model: the technology table (configs/tech/<node>.toml
// sets every tech.* key; sources cited there), the DRAM datasheet currents (every DRAM preset
// in configs/dram/ sets them) and the two design choices only energy and area depend on.
// Defaults, ranges and units live in the config field table (sim/config/).
#pragma once
#include <cstdint>

namespace sasim {

enum class TechNode { n45, n7 };

struct TechParams {
    TechNode node;
    // Compute. A MAC is an integer multiply of two words and an add at the partial-sum width.
    double mult_pj;                // 8-bit multiply; scales with bits^2
    double add_pj;                 // 32-bit add; scales with bits
    double reg_pj_per_bit;         // a register bit that takes a new value on a clock edge
    double reg_clock_pj_per_bit;   // a register bit clocked while it holds its value
    double logic_leak_nw_per_um2;  // leakage of PE logic per area
    // Scratchpads: energy of one 64-bit read of an SRAM array of 8 KiB, 32 KiB and 1 MiB; a
    // power law E = a * KiB^b is fitted to the three (sram_energy.hpp).
    double sram_8kib_pj, sram_32kib_pj, sram_1mib_pj;
    double sram_fixed_fraction;   // share of a 64-bit access spent once per access (decoder,
                                  // wordline, control), the rest per bit
    double sram_leak_uw_per_kib;  // leakage per KiB of capacity
    // Interconnect.
    double link_pj_per_byte;     // per byte through the link's end registers and drivers
    double wire_pj_per_byte_mm;  // per byte per mm of on-chip wire
    // DRAM energy per byte of the ideal and bandwidth models (bank-level: IDD currents).
    double dram_pj_per_byte;
    // Area.
    double mult_um2;               // 8-bit multiplier; scales with bits^2
    double add_um2;                // 32-bit adder; scales with bits
    double reg_um2_per_bit;        // one register bit
    double sram_bitcell_um2;       // one SRAM bit cell
    double sram_array_efficiency;  // bit cells / array area (periphery is the rest)
    double wire_pitch_um;          // pitch of the wires of buses between blocks
    double dram_phy_mm2_per_bit;   // DRAM controller and PHY per data bit of a channel
};

// Datasheet currents of one DRAM device (mA) at vdd (V); a rank is bus_bits / device_bits
// devices. IDD2P / IDD3P price power-down time (the controller never powers down today).
struct DramPowerParams {
    double vdd;
    double idd0, idd2p, idd2n, idd3p, idd3n, idd4r, idd4w, idd5ab;
    int64_t device_bits;
};

struct EnergyParams {
    TechParams tech;
    DramPowerParams dram;
    bool clock_gating;      // idle PEs gate their clock (they then only leak)
    double link_length_mm;  // interconnect wire length; 0 = not given (no per-mm energy)
};

}  // namespace sasim
