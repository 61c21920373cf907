// What a run produces: per-layer numbers (differences of counter snapshots at layer
// boundaries) and run metadata. Reports (sim/report/report.cpp) only format these.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/energy/energy_model.hpp"

namespace sasim {

struct LayerResult {
    std::string name;
    std::string type;  // conv | fc | gemm | matmul, or a vector op (relu, maxpool, ...)
    // The mapping the mapper chose (sim/mapping/mapping.hpp); a vector layer: its tiles.
    std::string mapping;
    std::string fused = "none";  // the activation fused into this GEMM layer's drain, if any
    int64_t macs = 0;
    int64_t vector_ops = 0;  // vector unit primitive operations (alu + exp + div), fused too
    int64_t folds = 0;

    // Cycle stack: ideal + mapping_loss + load + fill_drain + fused_activation + the four stall
    // causes add up exactly to total_cycles. Vector layers: ideal = lane cycles / lanes,
    // mapping_loss = lanes idle in partial tiles, fill_drain = the pipeline's cycles per tile.
    int64_t ideal_cycles = 0;         // ceil(MACs / PEs)
    int64_t mapping_loss_cycles = 0;  // streaming cycles lost to idle PEs (partial folds, shape)
    int64_t load_cycles = 0;          // shifting the stationary operand into the PEs
    int64_t fill_drain_cycles = 0;    // pipeline skew per fold, minus 1 (SCALE-Sim convention)
    int64_t fused_activation_cycles = 0;      // waiting for a fused activation to keep up
    int64_t stall_dram_bandwidth_cycles = 0;  // DRAM queueing and transfer
    int64_t stall_dram_latency_cycles = 0;    // fixed latency of the memory path
    int64_t stall_interconnect_cycles = 0;    // waiting for / occupying the link
    int64_t stall_bank_conflict_cycles = 0;   // scratchpad bank ports oversubscribed
    int64_t stall_cycles = 0;  // all stalls: the sum of the causes, and of the operands below
    int64_t total_cycles = 0;
    std::string bottleneck;  // the largest loss: a stack column name without _cycles, or none

    // What the array (or the end of the layer) waited for.
    int64_t stall_ifmap_cycles = 0;
    int64_t stall_filter_cycles = 0;
    int64_t stall_ofmap_cycles = 0;  // ofmap buffer not yet written back (incl. the final drain)

    double mapping_efficiency_pct = 0;  // mean over folds of used PEs / PEs
    // Both over the stack's cycles (at least ceil(MACs / PEs)), so overall <= compute:
    double compute_util_pct = 0;  // MACs / (PEs x (total_cycles - stall_cycles))
    double overall_util_pct = 0;  // MACs / (PEs x total_cycles)

    int64_t ifmap_sram_read_bytes = 0, ifmap_sram_write_bytes = 0;
    int64_t filter_sram_read_bytes = 0, filter_sram_write_bytes = 0;
    int64_t ofmap_sram_read_bytes = 0, ofmap_sram_write_bytes = 0;
    int64_t dram_read_bytes = 0, dram_write_bytes = 0;
    double dram_bw_demand_gbps = 0;    // DRAM bytes / time the layer would take with no stalls
    double dram_bw_achieved_gbps = 0;  // DRAM bytes / time the layer took
    // Per operand: DRAM bytes (ofmap: written outputs and partial sums both ways) and the
    // bandwidth they demand (over the unstalled time) and got (over the layer's time).
    int64_t dram_bytes[3] = {0, 0, 0};
    double bw_demand_gbps[3] = {0, 0, 0};
    double bw_achieved_gbps[3] = {0, 0, 0};
    // Of filter dram_bytes: the bytes fetched early, while the layer before it ran.
    int64_t prefetched_filter_bytes = 0;
    // network.keep_ofmap: output bytes kept on chip for the next layer (not written to DRAM),
    // and ifmap bytes copied from the previous layer's kept output (not read from DRAM).
    int64_t kept_ofmap_bytes = 0, onchip_ifmap_bytes = 0;
    double noc_occupancy_pct = 0;  // share of the layer's cycles the interconnect was busy
    // Bank-level DRAM only (has_rows): bursts that found their row open, overall and per
    // operand (ofmap: partial-sum reads and output writes).
    bool has_rows = false;
    double dram_row_hit_pct = 0;
    double row_hit_pct[3] = {0, 0, 0};

    // The least bytes the layer must move, for checks (unique_footprint_bytes = ifmap + filter):
    // the raw ifmap elements some filter window reads (padding and rows or columns a stride
    // skips excluded), every filter element, every output; each x word_bytes.
    int64_t ifmap_unique_bytes = 0, filter_unique_bytes = 0, ofmap_unique_bytes = 0;
    bool has_footprint = false;  // set_unique_footprint() filled them in

    // Energy, priced from this layer's counters (models/energy; never changes timing).
    int64_t batch = 1;       // N: inferences the layer serves
    EnergyBreakdown energy;  // pJ
    double power_mw = 0;     // energy / the layer's elapsed time (total_cycles + 1)
};

// MACs over PEs x cycles, in percent, for a layer and for a run alike. The cycles count at
// least ceil(MACs / PEs): SCALE-Sim's fill/drain convention (-1 per layer) lets a 1-PE os
// array finish a layer in MACs - 1 cycles, which must not read as more than 100 %.
inline double overall_util_pct(int64_t macs, int64_t pes, int64_t cycles) {
    const int64_t ideal = pes > 0 ? (macs + pes - 1) / pes : 0;
    const int64_t c = cycles > ideal ? cycles : ideal;
    return 100.0 * static_cast<double>(macs) /
           (static_cast<double>(pes) * static_cast<double>(c > 1 ? c : 1));
}

struct RunResult {
    std::string config_name;
    std::string design;  // "32x32 ws array, 256/256/512 KiB scratchpads, lpddr4_2400 DRAM"
    std::string workload_name;
    std::string config_hash;    // hex FNV-1a 64 of the resolved config.toml text
    std::string workload_hash;  // hex FNV-1a 64 of the workload file bytes
    double clock_mhz = 0;
    int64_t pes = 0;
    std::vector<LayerResult> layers;
    AreaBreakdown area;        // of the design (mm^2)
    std::string stats_text;    // every model counter at the end of the run (stats.txt)
    std::string timeline_csv;  // bytes moved per window (empty when disabled)
    std::string trace_json;    // Chrome/Perfetto trace (empty unless asked for)
    // Set when the run cannot be reported (a limit passed while simulating): the message for
    // "sasim: error: ", exit status 2; every other field is then empty.
    std::string error;
};

struct Layer;
// Fills the *_unique_bytes fields of a layer's result (sim/run/layer_result.cpp).
void set_unique_footprint(LayerResult& r, const Layer& layer, int64_t word_bytes);

}  // namespace sasim
