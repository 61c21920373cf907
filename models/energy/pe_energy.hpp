// Energy and area of the processing elements (plain C++). A PE holds an integer multiplier of
// two words, an adder at the partial-sum width and its registers; a MAC costs the multiply and
// the add, and the PE registers a cycle writes. Laws: multiplier energy and area scale with
// bits^2, adder with bits (fitted to Horowitz's 8- and 32-bit figures: configs/tech/45nm.toml).
// Leaves out: wires between PEs, the clock tree, control, data-dependent switching.
#pragma once
#include <cstdint>

#include "models/common/dataflow.hpp"
#include "models/energy/energy_params.hpp"

namespace sasim {

struct PeShape {
    Dataflow dataflow;
    bool preload;        // a second stationary register (ws, is)
    int64_t word_bytes;  // ifmap / filter / ofmap element
    int64_t psum_bytes;  // partial sum (accumulator width)
};

// What the array did in a layer, in PE-cycles.
struct ArrayActivity {
    int64_t macs = 0;
    int64_t pes = 0;
    int64_t cycles = 0;       // accelerator cycles the layer took (elapsed)
    int64_t load_cycles = 0;  // cycles shifting the stationary operand in
};

double mac_pj(const PeShape& s, const TechParams& t);
// Register bits of one PE, and those a MAC writes (the operands passing on, the partial sum).
int64_t pe_register_bits(const PeShape& s);
int64_t mac_register_bits(const PeShape& s);
double pe_area_um2(const PeShape& s, const TechParams& t);
double pe_leak_mw(const PeShape& s, const TechParams& t);  // one PE

// MACs, the registers they write, stationary loads, and idle PE-cycles when not clock-gated.
double array_dynamic_pj(const PeShape& s, const ArrayActivity& a, const TechParams& t,
                        bool clock_gating);

}  // namespace sasim
