#include "models/energy/energy_model.hpp"

namespace sasim {

EnergyBreakdown& EnergyBreakdown::operator+=(const EnergyBreakdown& o) {
    compute += o.compute;
    for (int i = 0; i < 3; ++i) sram[i] += o.sram[i];
    link += o.link;
    dram.act += o.dram.act;
    dram.read += o.dram.read;
    dram.write += o.dram.write;
    dram.refresh += o.dram.refresh;
    dram.background += o.dram.background;
    leakage += o.leakage;
    return *this;
}

double link_pj_per_byte(const EnergyParams& e) {
    return e.tech.link_pj_per_byte + e.tech.wire_pj_per_byte_mm * e.link_length_mm;
}

double leakage_mw(const EnergyDesign& d, const EnergyParams& e) {
    double mw = static_cast<double>(d.pes) * pe_leak_mw(d.pe, e.tech);
    for (const SramGeometry& g : d.spm) mw += sram_leak_mw(g, e.tech);
    return mw;
}

EnergyBreakdown layer_energy(const EnergyDesign& d, const LayerCounts& c, const EnergyParams& e) {
    EnergyBreakdown b;
    b.compute = array_dynamic_pj(d.pe, c.array, e.tech, e.clock_gating);
    for (int i = 0; i < 3; ++i)
        b.sram[i] = static_cast<double>(c.sram_bytes[i]) * sram_pj_per_byte(d.spm[i], e.tech);
    b.link = static_cast<double>(c.link_bytes) * link_pj_per_byte(e);
    b.dram = d.bank_level ? dram_command_energy(c.dram, d.dram, e.dram)
                          : dram_byte_energy(c.dram_read_bytes, c.dram_write_bytes, e.tech);
    // mW x (cycles / MHz = us) = nJ = 1e3 pJ
    b.leakage = leakage_mw(d, e) * static_cast<double>(c.array.cycles) / d.clock_mhz * 1e3;
    return b;
}

// The link: a register at each end of every bit, and its wires when a length is given.
AreaBreakdown design_area(const EnergyDesign& d, const EnergyParams& e) {
    const TechParams& t = e.tech;
    AreaBreakdown a;
    a.pe = static_cast<double>(d.pes) * pe_area_um2(d.pe, t) * 1e-6;
    for (int i = 0; i < 3; ++i) a.sram[i] = sram_area_mm2(d.spm[i], t);
    const double bits = 8 * static_cast<double>(d.link_bytes_per_cycle);
    a.link = bits * (2 * t.reg_um2_per_bit * 1e-6 + t.wire_pitch_um * 1e-3 * e.link_length_mm);
    a.dram_phy = static_cast<double>(d.dram_channels * d.dram.bus_bits) * t.dram_phy_mm2_per_bit;
    return a;
}

}  // namespace sasim
