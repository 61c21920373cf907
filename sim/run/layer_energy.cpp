#include "sim/run/layer_energy.hpp"

namespace sasim {

EnergyDesign energy_design(const Config& c) {
    EnergyDesign d;
    d.pe = {c.array.dataflow, c.array.preload, c.array.word_bytes, c.array.psum_bytes};
    d.pes = c.array.rows * c.array.cols;
    const int64_t kib[3] = {c.sram.ifmap_kb, c.sram.filter_kb, c.sram.ofmap_kb};
    for (int i = 0; i < 3; ++i) d.spm[i] = {kib[i] * 1024, c.sram.banks, c.sram.bank_width_bytes};
    d.link_bytes_per_cycle = c.interconnect.bytes_per_cycle;
    d.clock_mhz = c.clock_mhz;
    d.bank_level = is_bank_level(c.dram.model);
    const DdrParams& p = c.dram.ddr;
    d.dram = {p.tck_ns, p.tRAS, p.tRP, p.tRC, p.tRFC, p.burst_length, p.bus_bits};
    d.dram_channels = d.bank_level ? p.channels : 1;
    return d;
}

void set_layer_energy(LayerResult& r, const LayerPlan& plan, const LayerSpan& span,
                      const Config& c) {
    LayerCounts n;
    n.array = {r.macs, c.array.rows * c.array.cols, span.cycles, span.read.unit.load};
    n.sram_bytes[0] = r.ifmap_sram_read_bytes + r.ifmap_sram_write_bytes;
    n.sram_bytes[1] = r.filter_sram_read_bytes + r.filter_sram_write_bytes;
    n.sram_bytes[2] = r.ofmap_sram_read_bytes + r.ofmap_sram_write_bytes;
    n.link_bytes = span.read.link.bytes;
    n.dram_read_bytes = r.dram_read_bytes;
    n.dram_write_bytes = r.dram_write_bytes;
    const DramReading& dram = span.read.dram;
    if (dram.has_rows) {
        n.dram.act = dram.act;
        n.dram.rd = dram.rd;
        n.dram.wr = dram.wr;
        n.dram.ref = dram.ref;
        n.dram.active_clk = dram.rank_active_clk;
        n.dram.precharged_clk = dram.rank_precharged_clk;
    }
    r.batch = plan.mapped.layer.N;
    r.energy = layer_energy(energy_design(c), n, c.energy);
    // pJ / (cycles / MHz = us) = uW; / 1e3 = mW
    r.power_mw = span.cycles > 0
                     ? r.energy.total() * c.clock_mhz / static_cast<double>(span.cycles) / 1e3
                     : 0;
}

}  // namespace sasim
