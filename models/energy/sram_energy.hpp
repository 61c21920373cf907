// Energy and area of a banked scratchpad (plain C++), CACTI-like:
// - an access reads or writes one bank; the energy of a 64-bit access of a bank of c KiB is
//   E64(c) = a * c^b, the power law fitted (least squares in log-log) to the technology
//   table's three points (8 KiB, 32 KiB, 1 MiB; Horowitz 2014 at 45 nm gives b = 0.473);
// - a share f (tech.sram_fixed_fraction) of E64 is spent once per access (decoder, wordline)
//   and the rest per bit, so an access of W bytes (the bank width) costs
//   E64 * (f + (1 - f) * W / 8) and a byte E64 / 8 * ((1 - f) + f * 8 / W);
// - with B banks a byte also crosses the H-tree from the scratchpad's centre to the bank:
//   L * (1 - 1/sqrt(B)) mm of wire, L = sqrt(area of the bit cells);
// - area: bit cells / array efficiency, plus the H-tree's data wires, 2L * (sqrt(B) - 1) mm of
//   8W wires at the wire pitch; leakage per KiB.
// Reads and writes cost the same. Leaves out: tag-less port logic, per-bank decoder area,
// power gating of idle banks, data-dependent bitline energy.
#pragma once
#include <cstdint>

#include "models/energy/energy_params.hpp"

namespace sasim {

struct SramGeometry {
    int64_t bytes;  // capacity
    int64_t banks;
    int64_t width_bytes;  // bank port width; 0 = unlimited, priced as 8 bytes (the table's)
};

struct PowerLaw {
    double a, b;  // E = a * x^b
    double at(double x) const;
};

// The fit of E64 (pJ) to bank capacity (KiB) through the table's three points.
PowerLaw sram_access_law(const TechParams& t);
double sram_pj_per_byte(const SramGeometry& g, const TechParams& t);
double sram_cell_area_mm2(const SramGeometry& g, const TechParams& t);
double sram_htree_mm(const SramGeometry& g, const TechParams& t);  // centre to a bank
double sram_area_mm2(const SramGeometry& g, const TechParams& t);
double sram_leak_mw(const SramGeometry& g, const TechParams& t);

}  // namespace sasim
