#include "models/energy/dram_energy.hpp"

namespace sasim {

namespace {

double ns(const DramTimingNs& d, int64_t clocks) { return static_cast<double>(clocks) * d.tck_ns; }

double rank(const DramTimingNs& d, const DramPowerParams& p) {
    return p.vdd * static_cast<double>(devices_per_rank(d, p));
}

}  // namespace

int64_t devices_per_rank(const DramTimingNs& d, const DramPowerParams& p) {
    return d.bus_bits / p.device_bits;
}

double act_pair_pj(const DramTimingNs& d, const DramPowerParams& p) {
    return rank(d, p) * (p.idd0 * ns(d, d.tRC) - p.idd3n * ns(d, d.tRAS) - p.idd2n * ns(d, d.tRP));
}

double read_burst_pj(const DramTimingNs& d, const DramPowerParams& p) {
    return rank(d, p) * (p.idd4r - p.idd3n) * ns(d, d.burst_length / 2);
}

double write_burst_pj(const DramTimingNs& d, const DramPowerParams& p) {
    return rank(d, p) * (p.idd4w - p.idd3n) * ns(d, d.burst_length / 2);
}

double refresh_pj(const DramTimingNs& d, const DramPowerParams& p) {
    return rank(d, p) * (p.idd5ab - p.idd3n) * ns(d, d.tRFC);
}

DramEnergy dram_command_energy(const DramCommandCounts& c, const DramTimingNs& d,
                               const DramPowerParams& p) {
    const auto n = [](int64_t v) { return static_cast<double>(v); };
    DramEnergy e;
    e.act = n(c.act) * act_pair_pj(d, p);
    e.read = n(c.rd) * read_burst_pj(d, p);
    e.write = n(c.wr) * write_burst_pj(d, p);
    e.refresh = n(c.ref) * refresh_pj(d, p);
    e.background = rank(d, p) * (p.idd3n * ns(d, c.active_clk) + p.idd2n * ns(d, c.precharged_clk) +
                                 p.idd3p * ns(d, c.powerdown_active_clk) +
                                 p.idd2p * ns(d, c.powerdown_precharged_clk));
    return e;
}

DramEnergy dram_byte_energy(int64_t read_bytes, int64_t write_bytes, const TechParams& t) {
    DramEnergy e;
    e.read = static_cast<double>(read_bytes) * t.dram_pj_per_byte;
    e.write = static_cast<double>(write_bytes) * t.dram_pj_per_byte;
    return e;
}

}  // namespace sasim
