// The one place the accelerator is built and bound: DRAM <- interconnect <- DMA -> scratchpads,
// controller -> array and controller -> vector unit through command FIFOs. Also runs the simulation
// and turns the counters into per-layer results (snapshots at layer boundaries).
#pragma once
#include <string>
#include <vector>

#include "sim/config/config.hpp"
#include "sim/mapping/program.hpp"
#include "sim/run/results.hpp"
#include "sim/workload/layer.hpp"

namespace sasim {

struct SimOptions {
    bool trace = false;               // fill RunResult::trace_json
    int64_t trace_max_spans = 20000;  // per track, before aggregation
    std::string vcd_path;             // non-empty: SystemC VCD of a few signals, written here
};

// Elaborates the system, simulates every layer and returns the results. SystemC allows one
// elaboration per process: call this at most once per process. A limit known before running
// (timeline.csv rows for the ideal run length) throws InputError; one passed while running
// (simulated time, timeline.csv rows) comes back in RunResult::error.
RunResult simulate(const Config& cfg, const TiledProgram& program, const SimOptions& opt = {});

}  // namespace sasim
