// What-if runs (`sasim run --what-if`): the same workload on the same design with one stall
// cause removed at a time, each run its own sasim process (SystemC elaborates once per process),
// compared layer by layer with the run itself: how many cycles removing each cause saves, next
// to the cycles the cycle stack charged to it. The key changes that remove each cause:
//   stall_dram_bandwidth  bandwidth model: dram.bandwidth_gbps = 100000 (latency unchanged);
//                         bank-level DRAM: the bandwidth model at 100000 GB/s with the DRAM's
//                         row-hit read latency (CL + BL/2, in accelerator cycles, rounded up)
//                         and burst size: no queueing, no row, bank or bus limit
//   stall_dram_latency    bandwidth model: dram.latency_cycles = 0; bank-level DRAM: dram.cl = 1,
//                         dram.cwl = 1 (the row-hit latency gone but for one clock); both also
//                         interconnect.latency_cycles = 0
//   stall_interconnect    interconnect.bytes_per_cycle = 0 (unlimited width)
//   stall_bank_conflict   sram.bank_width_bytes = 0 (unlimited scratchpad ports)
// Each variant also keeps every layer's mapping as the run has it: mapping.from = the run's
// mappings (its layers.csv's `layer` and `mapping` columns; with mapping.strategy = auto and
// order, tile, step unset), so a row measures the cause alone and not a mapping the mapper would
// pick for another memory. The variants run while the run itself simulates.
// A cause the design cannot have (ideal DRAM has no bandwidth or latency cause; an unlimited
// link no interconnect cause) gets no run.
#pragma once
#include <cstdint>
#include <atomic>
#include <map>
#include <memory>
#include <thread>
#include <string>
#include <vector>

#include "sim/base/process.hpp"
#include "sim/config/config.hpp"
#include "sim/mapping/program.hpp"
#include "sim/run/results.hpp"

namespace sasim {

struct WhatIfCause {
    std::string cause;              // the cycle-stack column it removes, without "_cycles"
    std::vector<std::string> sets;  // the --set items that remove it
};
std::vector<WhatIfCause> what_if_causes(const Config& c);

struct WhatIfRow {
    std::string layer, cause;
    int64_t total_cycles = 0;    // the run's own
    int64_t cycles_without = 0;  // with the cause removed
    int64_t saved_cycles = 0;    // total_cycles - cycles_without
    double saved_pct = 0;        // of total_cycles
    int64_t charged_cycles = 0;  // what the run's cycle stack charged to the cause
};

// The --set items that keep each layer's mapping as in the run whose layers.csv this is.
std::vector<std::string> pinned_mapping_sets(const std::string& layers_csv_path);

struct TempFolder;

// Every cause's variant, running in the background: `sasim run --config CONFIG --workload
// WORKLOAD --set ...` with CONFIG the run's resolved config.toml and its mappings pinned
// (mapping.from = a CSV of the program's layer and mapping columns, both files in a temporary
// folder), then the cause's items; `jobs` processes at once. Started before the run's own
// simulation (the mappings are fixed before anything is simulated); destroyed unfinished, it
// kills its processes.
class WhatIfRuns {
public:
    WhatIfRuns(const TiledProgram& program, const Config& cfg, const std::string& config_text,
               const std::string& workload, int jobs);
    ~WhatIfRuns();
    WhatIfRuns(const WhatIfRuns&) = delete;
    WhatIfRuns& operator=(const WhatIfRuns&) = delete;
    // Waits for the variants; their cycles beside the run's own, layer by layer and cause by
    // cause. Throws InputError if a variant failed (its message included). Call once.
    std::vector<WhatIfRow> rows(const RunResult& base);

private:
    std::vector<WhatIfCause> causes_;
    std::unique_ptr<TempFolder> tmp_;
    std::vector<Job> jobs_;
    std::string failure_;
    std::atomic<bool> cancel_{false};
    std::thread pool_;
};

std::string what_if_csv(const std::vector<WhatIfRow>& rows);

// Per layer: the cause whose removal saves the most, as "dram_bandwidth -35%", if it saves at
// least 1 % of the layer's cycles; else "-".
std::map<std::string, std::string> what_would_help(const std::vector<WhatIfRow>& rows);

}  // namespace sasim
