// Scratchpad bank ports: when the array's and the DMA's accesses in a step need more port
// cycles than the chunk had, the array waits out the difference as a bank-conflict stall.
#include <catch2/catch.hpp>

#include "sim/config/config.hpp"
#include "sim/workload/layer.hpp"
#include "sim/run/system.hpp"
#include "sim/mapping/program.hpp"
#include "support/layers.hpp"

namespace sasim {

TEST_CASE("system bank: a one-bank scratchpad port stretches an os step", "[module][bank]") {
    // fc, batch 8, 16 -> 8 features: os GEMM M = 8, N = 8, K = 16 on an 8x8 array: one fold,
    // T = 16, fold = 16 + 7 + 7 = 30 cycles, one step (roomy scratchpads).
    const Layer l = test::fc("fc", 8, 16, 8);
    Config c = default_config();
    c.array.rows = c.array.cols = 8;
    c.array.dataflow = Dataflow::os;
    c.dram.model = DramModel::ideal;
    c.mapping.strategy = MapStrategy::scalesim;
    c.interconnect.bytes_per_cycle = 0;
    c.interconnect.latency_cycles = 0;
    // One bank with a 4-byte read port and a 4-byte write port per scratchpad.
    c.sram.banks = 1;
    c.sram.bank_width_bytes = 4;
    c.sram.ports_per_bank = 2;
    const TiledProgram prog({l}, c);
    const RunResult r = simulate(c, prog);
    const LayerResult& x = r.layers.at(0);
    // The array reads 16 cycles x 8 rows x 1 B = 128 B of ifmap (and as much filter): 128 / 4 =
    // 32 port cycles (the DMA's 128 B fill needs 32 write-port cycles too), but the step had
    // 16 streaming cycles: 32 - 16 = 16 stall cycles, charged to the ifmap (first of the tie).
    CHECK(x.stall_bank_conflict_cycles == 16);
    CHECK(x.stall_ifmap_cycles == 16);
    CHECK(x.stall_cycles == 16);
    // 30 fold cycles + 16 = 46 elapsed; SCALE-Sim's convention reports 45.
    CHECK(x.total_cycles == 45);
    CHECK(x.bottleneck == "stall_bank_conflict");
}

TEST_CASE("system bank: unlimited ports never stall", "[module][bank]") {
    const Layer l = test::fc("fc", 8, 16, 8);
    Config c = default_config();
    c.array.rows = c.array.cols = 8;
    c.array.dataflow = Dataflow::os;
    c.dram.model = DramModel::ideal;
    c.mapping.strategy = MapStrategy::scalesim;
    c.interconnect.bytes_per_cycle = 0;
    c.interconnect.latency_cycles = 0;
    c.sram.banks = 1;
    c.sram.bank_width_bytes = 0;
    const TiledProgram prog({l}, c);
    const RunResult r = simulate(c, prog);
    CHECK(r.layers.at(0).stall_cycles == 0);
    CHECK(r.layers.at(0).total_cycles == 29);  // 30 - 1
}

}  // namespace sasim
