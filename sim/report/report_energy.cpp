#include "sim/report/report_energy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace sasim {

namespace {

double d(int64_t v) { return static_cast<double>(v); }

}  // namespace

// pJ / (cycles / MHz = us) = uW; / 1e3 = mW.
double RunEnergy::power_mw() const {
    return elapsed_cycles > 0 ? energy.total() * clock_mhz / d(elapsed_cycles) / 1e3 : 0.0;
}

// ops / pJ = 1e12 ops / J = TOPS / W.
double RunEnergy::tops_per_watt() const {
    return energy.total() > 0 ? 2.0 * d(macs) / energy.total() : 0.0;
}

double RunEnergy::per_inference_uj() const {
    return inferences > 0 ? energy.total() / 1e6 / d(inferences) : 0.0;
}

double RunEnergy::edp_uj_ms() const {
    return clock_mhz > 0 ? energy.total() / 1e6 * (d(cycles) / clock_mhz / 1e3) : 0.0;
}

RunEnergy run_energy(const RunResult& r) {
    RunEnergy e;
    e.clock_mhz = r.clock_mhz;
    for (const LayerResult& l : r.layers) {
        e.energy += l.energy;
        e.macs += l.macs;
        e.cycles += l.total_cycles;
        e.elapsed_cycles += l.total_cycles + 1;
        e.inferences = std::max(e.inferences, l.batch);
    }
    return e;
}

std::vector<SummaryEntry> energy_summary_entries(const RunResult& r) {
    const RunEnergy t = run_energy(r);
    const EnergyBreakdown& e = t.energy;
    const AreaBreakdown& a = r.area;
    const std::pair<const char*, double> pj[] = {{"energy_pj", e.total()},
                                                 {"compute_energy_pj", e.compute},
                                                 {"ifmap_sram_energy_pj", e.sram[0]},
                                                 {"filter_sram_energy_pj", e.sram[1]},
                                                 {"ofmap_sram_energy_pj", e.sram[2]},
                                                 {"link_energy_pj", e.link},
                                                 {"dram_energy_pj", e.dram.total()},
                                                 {"dram_act_energy_pj", e.dram.act},
                                                 {"dram_read_energy_pj", e.dram.read},
                                                 {"dram_write_energy_pj", e.dram.write},
                                                 {"dram_refresh_energy_pj", e.dram.refresh},
                                                 {"dram_background_energy_pj", e.dram.background},
                                                 {"leakage_energy_pj", e.leakage},
                                                 {"power_mw", t.power_mw()}};
    std::vector<SummaryEntry> s;
    for (const auto& [k, v] : pj) s.push_back({k, ValueKind::number, fmt::format("{:.3f}", v)});
    s.push_back({"tops_per_watt", ValueKind::number, fmt::format("{:.4f}", t.tops_per_watt())});
    s.push_back({"inferences", ValueKind::number, std::to_string(t.inferences)});
    s.push_back({"energy_per_inference_uj", ValueKind::number,
                 fmt::format("{:.6f}", t.per_inference_uj())});
    s.push_back({"edp_uj_ms", ValueKind::number, fmt::format("{:.6f}", t.edp_uj_ms())});
    const std::pair<const char*, double> mm2[] = {{"area_mm2", a.total()},
                                                  {"pe_area_mm2", a.pe},
                                                  {"ifmap_sram_area_mm2", a.sram[0]},
                                                  {"filter_sram_area_mm2", a.sram[1]},
                                                  {"ofmap_sram_area_mm2", a.sram[2]},
                                                  {"link_area_mm2", a.link},
                                                  {"dram_phy_area_mm2", a.dram_phy}};
    for (const auto& [k, v] : mm2) s.push_back({k, ValueKind::number, fmt::format("{:.6f}", v)});
    return s;
}

std::string energy_stdout_line(const RunResult& r) {
    const RunEnergy t = run_energy(r);
    const EnergyBreakdown& e = t.energy;
    const double pj = e.total();
    const auto pct = [pj](double v) { return pj > 0 ? 100.0 * v / pj : 0.0; };
    return fmt::format(
        "energy: {:.3f} mJ (compute {:.1f} %, SRAM {:.1f} %, link {:.1f} %, DRAM {:.1f} %, "
        "leakage {:.1f} %), {:.4f} TOPS/W, area {:.3f} mm^2\n",
        pj / 1e9, pct(e.compute), pct(e.sram[0] + e.sram[1] + e.sram[2]), pct(e.link),
        pct(e.dram.total()), pct(e.leakage), t.tops_per_watt(), r.area.total());
}

}  // namespace sasim
