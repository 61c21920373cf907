// Energy, power and area of a whole run for the reports: the layers' energy summed, power over
// the elapsed time, TOPS/W, energy per inference, EDP and the design's area.
#pragma once
#include <cstdint>
#include <string>

#include "sim/report/report.hpp"
#include "sim/run/results.hpp"

namespace sasim {

struct RunEnergy {
    EnergyBreakdown energy;  // pJ, the layers' sum
    int64_t macs = 0;
    int64_t cycles = 0;          // the sum of total_cycles (runtime_ms's cycles)
    int64_t elapsed_cycles = 0;  // the sum of total_cycles + 1: the time that elapsed
    int64_t inferences = 0;      // the largest batch N of a layer
    double clock_mhz = 0;

    double power_mw() const;       // energy / elapsed time; 0 for an empty run
    double tops_per_watt() const;  // 2 ops per MAC / energy
    double per_inference_uj() const;
    double edp_uj_ms() const;  // energy (uJ) x runtime (ms, of `cycles`)
};

RunEnergy run_energy(const RunResult& r);

// summary.json's energy, power, efficiency and area fields, in order.
std::vector<SummaryEntry> energy_summary_entries(const RunResult& r);
// One stdout line: energy, its shares, TOPS/W and area.
std::string energy_stdout_line(const RunResult& r);

}  // namespace sasim
