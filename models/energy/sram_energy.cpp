#include "models/energy/sram_energy.hpp"

#include <cmath>

namespace sasim {

namespace {

constexpr double kRefBytes = 8;  // the table's points are 64-bit accesses

double width(const SramGeometry& g) {
    return g.width_bytes > 0 ? static_cast<double>(g.width_bytes) : kRefBytes;
}

double side_mm(const SramGeometry& g, const TechParams& t) {
    return std::sqrt(sram_cell_area_mm2(g, t));
}

}  // namespace

double PowerLaw::at(double x) const { return a * std::pow(x, b); }

PowerLaw sram_access_law(const TechParams& t) {
    const double x[] = {std::log(8.0), std::log(32.0), std::log(1024.0)};
    const double y[] = {std::log(t.sram_8kib_pj), std::log(t.sram_32kib_pj),
                        std::log(t.sram_1mib_pj)};
    const double mx = (x[0] + x[1] + x[2]) / 3, my = (y[0] + y[1] + y[2]) / 3;
    double cov = 0, var = 0;
    for (int i = 0; i < 3; ++i) {
        cov += (x[i] - mx) * (y[i] - my);
        var += (x[i] - mx) * (x[i] - mx);
    }
    const double b = cov / var;
    return {std::exp(my - b * mx), b};
}

double sram_pj_per_byte(const SramGeometry& g, const TechParams& t) {
    const double bank_kib = static_cast<double>(g.bytes) / static_cast<double>(g.banks) / 1024.0;
    const double e64 = sram_access_law(t).at(bank_kib);
    const double f = t.sram_fixed_fraction;
    const double access = e64 / kRefBytes * ((1 - f) + f * kRefBytes / width(g));
    return access + t.wire_pj_per_byte_mm * sram_htree_mm(g, t);
}

double sram_cell_area_mm2(const SramGeometry& g, const TechParams& t) {
    return static_cast<double>(g.bytes) * 8 * t.sram_bitcell_um2 / t.sram_array_efficiency * 1e-6;
}

// An H-tree over B = 4^k banks in a square of side L reaches a bank's centre after
// L/2 + L/4 + ... + L/2^k = L (1 - 1/sqrt(B)) (Manhattan); other B by the same formula.
double sram_htree_mm(const SramGeometry& g, const TechParams& t) {
    return side_mm(g, t) * (1 - 1 / std::sqrt(static_cast<double>(g.banks)));
}

// Its wires: level j has 4^j segments of L/2^j, in all 2L (sqrt(B) - 1), each 8W bits wide.
double sram_area_mm2(const SramGeometry& g, const TechParams& t) {
    const double tree_mm = 2 * side_mm(g, t) * (std::sqrt(static_cast<double>(g.banks)) - 1);
    const double wires_mm2 = tree_mm * 8 * width(g) * t.wire_pitch_um * 1e-3;
    return sram_cell_area_mm2(g, t) + wires_mm2;
}

double sram_leak_mw(const SramGeometry& g, const TechParams& t) {
    return static_cast<double>(g.bytes) / 1024.0 * t.sram_leak_uw_per_kib * 1e-3;
}

}  // namespace sasim
