#include "models/energy/pe_energy.hpp"

#include <algorithm>

namespace sasim {

namespace {

double d(int64_t v) { return static_cast<double>(v); }

}  // namespace

double mac_pj(const PeShape& s, const TechParams& t) {
    const double w = d(s.word_bytes), p = d(s.psum_bytes);
    return t.mult_pj * w * w + t.add_pj * p / 4.0;  // 8-bit multiply x w^2, 32-bit add x p/4
}

// Every dataflow keeps a stationary word, a passing word and the partial sum; preload adds the
// second stationary register of ws and is (os has no stationary operand to preload).
int64_t pe_register_bits(const PeShape& s) {
    const bool shadow = s.preload && s.dataflow != Dataflow::os;
    return 8 * (2 * s.word_bytes + s.psum_bytes + (shadow ? s.word_bytes : 0));
}

// os: both operands pass on and the partial sum accumulates in place; ws / is: one operand
// passes on and the partial sum passes down (the stationary word holds).
int64_t mac_register_bits(const PeShape& s) {
    const int64_t words = s.dataflow == Dataflow::os ? 2 : 1;
    return 8 * (words * s.word_bytes + s.psum_bytes);
}

double pe_area_um2(const PeShape& s, const TechParams& t) {
    const double w = d(s.word_bytes), p = d(s.psum_bytes);
    return t.mult_um2 * w * w + t.add_um2 * p / 4.0 + t.reg_um2_per_bit * d(pe_register_bits(s));
}

double pe_leak_mw(const PeShape& s, const TechParams& t) {
    return pe_area_um2(s, t) * t.logic_leak_nw_per_um2 * 1e-6;
}

double array_dynamic_pj(const PeShape& s, const ArrayActivity& a, const TechParams& t,
                        bool clock_gating) {
    const double macs = d(a.macs) * (mac_pj(s, t) + d(mac_register_bits(s)) * t.reg_pj_per_bit);
    // A load cycle shifts one stationary word into every PE.
    const double loads = d(a.load_cycles) * d(a.pes) * d(8 * s.word_bytes) * t.reg_pj_per_bit;
    if (clock_gating) return macs + loads;
    // PE-cycles neither computing nor loading (in double: PEs x cycles can pass 2^63).
    const double idle = std::max(0.0, d(a.pes) * d(a.cycles - a.load_cycles) - d(a.macs));
    return macs + loads + idle * d(pe_register_bits(s)) * t.reg_clock_pj_per_bit;
}

}  // namespace sasim
