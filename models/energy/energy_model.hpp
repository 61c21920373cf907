// Energy of a layer and area of the design (plain C++): prices the counts the models already
// keep (MACs and array cycles, scratchpad bytes, link bytes, DRAM bytes or commands and rank
// state clocks) with the technology table and the DRAM currents. Energy never feeds back into
// timing. Leaves out: wires inside the array, the clock tree, control logic and the DMA
// engine, voltage and frequency scaling (one supply, the config's clock).
#pragma once
#include <cstdint>

#include "models/energy/dram_energy.hpp"
#include "models/energy/energy_params.hpp"
#include "models/energy/pe_energy.hpp"
#include "models/energy/sram_energy.hpp"

namespace sasim {

// The design as energy and area see it.
struct EnergyDesign {
    PeShape pe;
    int64_t pes = 0;
    SramGeometry spm[3];               // ifmap, filter, ofmap
    int64_t link_bytes_per_cycle = 0;  // 0 = unlimited (no area priced)
    double clock_mhz = 0;
    bool bank_level = false;  // DRAM priced by commands (else per byte)
    DramTimingNs dram;        // bank-level timings; bus_bits also sizes the PHY of the others
    int64_t dram_channels = 1;
};

// One layer's counts (differences of counter snapshots).
struct LayerCounts {
    ArrayActivity array;
    int64_t sram_bytes[3] = {0, 0, 0};  // read + written, per scratchpad
    int64_t link_bytes = 0;
    int64_t dram_read_bytes = 0, dram_write_bytes = 0;
    DramCommandCounts dram;  // bank-level only
};

struct EnergyBreakdown {  // pJ
    double compute = 0;   // MACs, the PE registers they write, loads, ungated idle PEs
    double sram[3] = {0, 0, 0};
    double link = 0;
    DramEnergy dram;
    double leakage = 0;  // PEs and scratchpads
    double total() const {
        return compute + sram[0] + sram[1] + sram[2] + link + dram.total() + leakage;
    }
    EnergyBreakdown& operator+=(const EnergyBreakdown& o);
};

struct AreaBreakdown {  // mm^2
    double pe = 0;      // all PEs
    double sram[3] = {0, 0, 0};
    double link = 0;
    double dram_phy = 0;  // controller and PHY of every channel
    double total() const { return pe + sram[0] + sram[1] + sram[2] + link + dram_phy; }
};

double link_pj_per_byte(const EnergyParams& e);
double leakage_mw(const EnergyDesign& d, const EnergyParams& e);
EnergyBreakdown layer_energy(const EnergyDesign& d, const LayerCounts& c, const EnergyParams& e);
AreaBreakdown design_area(const EnergyDesign& d, const EnergyParams& e);

}  // namespace sasim
