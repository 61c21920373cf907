// The whole SystemC system with a bandwidth DRAM, on tiny layers whose stall cycles are derived
// by hand from the models' rules (the DMA serves the fill needed soonest first, packets, the
// outstanding limit, link width and latency, DRAM burst time and latency, whole-cycle waits,
// stall causes by what the memory path was doing). The arithmetic is in the comment above each
// test; one simulate() per TEST_CASE. Every layer runs SCALE-Sim's fixed mapping, so the program
// is known: per step, the stationary block's fill first, then the streamed operands'.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/mapping/program.hpp"
#include "sim/run/system.hpp"
#include "support/layers.hpp"

namespace sasim {

using test::conv;
using test::fc;
namespace {

// default_config(): 1000 MHz (1 cycle = 1 ns); DRAM 16 GB/s with 64 B bursts (4 cycles each)
// and 100 cycles of latency; link 32 B/cycle with 4 cycles of latency; DMA packets of 1024 B,
// 8 in flight; 256/256/512 KiB scratchpads. Here with a small ws array. Tensors: the ifmap at
// address 0, the filter at 4096, the ofmap at 8192 (4 KiB-aligned regions, NHWC).
Config edge(int64_t rows, int64_t cols) {
    Config c = default_config();
    c.array.rows = rows;
    c.array.cols = cols;
    c.array.dataflow = Dataflow::ws;
    c.mapping.strategy = MapStrategy::scalesim;
    return c;
}

LayerResult run_one(const Config& cfg, const Layer& l) {
    const RunResult r = simulate(cfg, TiledProgram({l}, cfg));
    REQUIRE(r.layers.size() == 1);
    return r.layers[0];
}

}  // namespace

// (a) fc 4 -> 4, batch 1, ws on 4x4: M = 1, N = 4, K = 4: one fold, T = 1, 11 busy cycles (load
//     4 + stream 1 + skew 3 + 3). Program: fill 0 filter block 16 B, fill 1 ifmap 4 B, step 0,
//     store 4 B. Both fills are needed by step 0: the filter (queued first) goes first.
//   filter: link latency 4 -> DRAM at 4, one burst 4..8, +100 -> 108; read data crosses the
//           link 108..109 (16 B at 32 B/cycle: 1 cycle) -> 109
//   ifmap:  DRAM at 4, the bus is busy until 8: 8..12, +100 -> 112; link 112..113 -> 113
// Array: stall_filter 109, stall_ifmap 113 - 109 = 4; load 4 + stream 1 + skew 6 -> 124.
// Store 4 B at 124: link 124..125, +4 -> DRAM 129..133, +100 -> 233: stall_ofmap 109 (the final
// store, write latency included). Elapsed 233 cycles; total = 233 - 1 = 232 (SCALE-Sim's
// last-cycle index).
// Causes, moment by moment (stall_attribution.hpp): DMA packets in flight: 2 from 0 (both
// fills), 1 from 109, 0 from 113, 1 from 124 (the store). DRAM queue [4,8) (the ifmap waits
// for the bus); DRAM bus [4,12); link [108,109), [112,113), [124,125).
//   filter [0,109): [0,4) nothing on a bus, latency 4; [4,8) DRAM queue, bandwidth 4; [8,12)
//     the bus with 2 in flight, bandwidth 2 + latency 2; [12,108) latency 96; [108,109) the
//     link with 2 in flight, interconnect 0.5 + latency 0.5 -> (102.5, 0.5, 6): floors
//     (102, 0, 6), the last cycle to the largest remainder (.5 each; the link before latency)
//     -> latency 102, interconnect 1, bandwidth 6
//   ifmap [109,113): one in flight: [109,112) latency 3, [112,113) the link: interconnect 1
//   store [124,233): [124,125) link 1, [125,129) latency 4, [129,133) bus 4, [133,233)
//     latency 100 -> (104, 1, 4)
// latency 102 + 3 + 104 = 209, interconnect 3, bandwidth 10.
TEST_CASE("system bandwidth: (a) a one-fold fc exposes the first load's latency",
          "[system][bandwidth]") {
    const LayerResult x = run_one(edge(4, 4), fc("fc", 1, 4, 4));
    CHECK(x.stall_filter_cycles == 109);
    CHECK(x.stall_ifmap_cycles == 4);
    CHECK(x.stall_ofmap_cycles == 109);
    CHECK(x.stall_cycles == 222);
    CHECK(x.total_cycles == 232);
    CHECK(x.load_cycles == 4);
    CHECK(x.ideal_cycles == 1);  // 16 MACs on 16 PEs
    CHECK(x.mapping_loss_cycles == 0);
    CHECK(x.fill_drain_cycles == 5);  // skew 6 - 1
    CHECK(x.dram_read_bytes == 20);
    CHECK(x.dram_write_bytes == 4);
    // Utilization over the stack's cycles: all of them, and those not stalled.
    CHECK(x.overall_util_pct == Approx(100.0 * 16 / (16 * 232)));
    CHECK(x.compute_util_pct == Approx(100.0 * 16 / (16 * (232 - 222))));
    CHECK(x.stall_dram_latency_cycles == 209);
    CHECK(x.stall_interconnect_cycles == 3);
    CHECK(x.stall_dram_bandwidth_cycles == 10);
    CHECK(x.stall_bank_conflict_cycles == 0);
    CHECK(x.bottleneck == "stall_dram_latency");
}

// (a') The same fc on an os array: no stationary operand and no load cycles. M = 1 -> Sr = 1,
//      Sc = 4, T = K = 4: one fold of 4 + 3 + 3 = 10 cycles; its step streams 4 B of ifmap then
//      t x C = 16 B of filter (ifmap first in the program). The fills time as in (a): ifmap 109,
//      filter 113.
// Array: stall_ifmap 109, stall_filter 4 -> 113; stream 4 + skew 6 -> 123. Store 4 B (the 1 x 4
// output block): link 123..124, DRAM 128..132, +100 -> 232: stall_ofmap 109. Elapsed 232, total
// 231. Causes as in (a), the ifmap and filter swapped: latency 209, interconnect 3, bandwidth 10.
TEST_CASE("system bandwidth: (a') on os the ifmap latency is exposed first",
          "[system][bandwidth]") {
    Config cfg = edge(4, 4);
    cfg.array.dataflow = Dataflow::os;
    const LayerResult x = run_one(cfg, fc("fc", 1, 4, 4));
    CHECK(x.stall_ifmap_cycles == 109);
    CHECK(x.stall_filter_cycles == 4);
    CHECK(x.stall_ofmap_cycles == 109);
    CHECK(x.load_cycles == 0);
    CHECK(x.total_cycles == 231);
    CHECK(x.stall_dram_latency_cycles == 209);
    CHECK(x.stall_interconnect_cycles == 3);
    CHECK(x.stall_dram_bandwidth_cycles == 10);
}

// (b) Bandwidth-bound: fc 8 -> 64, batch 1, ws on 8x8: M = 1, N = 64, K = 8 -> 1 row fold x
//     8 column folds, T = 1; a fold is 8 + 1 + 7 + 7 = 23 cycles, 184 busy cycles in all.
// Memory: DRAM 1 GB/s (a 64 B burst takes 64 cycles), no DRAM latency, unlimited link with no
// latency. Traffic: a 64 B filter block per fold (8 bursts), the ifmap's 8 B once (1 burst),
// 8 B of outputs per fold (8 bursts): 17 bursts = 1088 cycles of DRAM bus. The bus is never
// idle, so the layer takes exactly the bus time: elapsed 1088, stall 1088 - 184 = 904, total
// 1087. Where the stall goes: the filter scratchpad holds every block, so the controller queues
// F0, the ifmap I, F1 .. F7 at t = 0 (in program order, each needed by its fold); 8 packets
// fly at once, F7 goes when F0 completes. Stores wait behind every fill (nothing waits for
// their space): DRAM order F0 I F1 .. F7 (F_f done 64 (f + 2), F0 at 64, I at 128), then the
// stores D0 .. D7 (D_f done 640 + 64 f).
//   fold 0: stall_filter 64, stall_ifmap 64, runs 128..151
//   fold f = 1..7: F_f done 64 (f + 2), 41 cycles after fold f-1 ended: stall_filter 7 x 41
//   fold 7 ends 576 + 23 = 599; end: D7 done 1088: stall_ofmap 489
// All time in flight is DRAM queueing and transfer: every stall cycle is bandwidth.
TEST_CASE("system bandwidth: (b) a bandwidth-bound layer stalls for bytes/bandwidth - compute",
          "[system][bandwidth]") {
    Config cfg = edge(8, 8);
    cfg.dram.bandwidth_gbps = 1.0;
    cfg.dram.latency_cycles = 0;
    cfg.interconnect.bytes_per_cycle = 0;
    cfg.interconnect.latency_cycles = 0;
    const LayerResult x = run_one(cfg, fc("fc", 1, 8, 64));
    CHECK(x.folds == 8);
    CHECK(x.total_cycles == 1087);
    CHECK(x.stall_cycles == 904);
    CHECK(x.stall_filter_cycles == 64 + 7 * 41);
    CHECK(x.stall_ifmap_cycles == 64);
    CHECK(x.stall_ofmap_cycles == 489);
    CHECK(x.stall_dram_bandwidth_cycles == 904);
    CHECK(x.dram_read_bytes == 8 + 8 * 64);
    CHECK(x.dram_write_bytes == 8 * 8);
    // Achieved bandwidth: 584 B in 1088 ns = 0.537 GB/s (bursts are 64 B, so the bus is full
    // although the bytes are not).
    CHECK(x.dram_bw_achieved_gbps == Approx(584.0 / 1088.0));
}

// (c) The final store: 1x1 conv 16x16x4 -> 4, ws on 4x4: M = 256, N = 4, K = 4: one fold of
//     T = 256 in one step; the filter block (16 B), the whole ifmap (1024 B, one contiguous
//     run: one 1024 B packet), 1024 B of outputs (one run).
//   filter: DRAM at 4, burst 4..8, +100 -> 108; link 108..109 -> 109
//   ifmap:  DRAM at 4, 16 bursts 8..72, +100 -> 172; link 1024 / 32 = 32 cycles -> 204
// Array: stall_filter 109, stall_ifmap 95; load 4 + stream 256 + skew 6 -> 470.
// Store 1024 B: link 470..502, +4 -> DRAM 506, 16 bursts -> 570, +100 -> 670: stall_ofmap 200.
// Elapsed 670, total 669. Causes, moment by moment: in flight 2 on [0,109), 1 on [109,204),
// 1 on [470,670); DRAM queue [4,8); DRAM bus [4,72), [506,570); link [108,109), [172,204),
// [470,502).
//   filter [0,109): latency [0,4) 4; queue [4,8) bandwidth 4; bus with 2 in flight [8,72):
//     bandwidth 32 + latency 32; latency [72,108) 36; link with 2 in flight [108,109): 0.5 +
//     0.5 -> (72.5, 0.5, 36): floors (72, 0, 36), the last cycle to the link (ties: link
//     before latency) -> (72, 1, 36)
//   ifmap [109,204), one in flight: latency [109,172) 63, link [172,204) 32 -> (63, 32, 0)
//   store [470,670): link 32, latency [502,506) 4, bus 64, latency [570,670) 100
// latency 72 + 63 + 104 = 239, interconnect 1 + 32 + 32 = 65, bandwidth 36 + 0 + 64 = 100.
TEST_CASE("system bandwidth: (c) the final store is stall_ofmap", "[system][bandwidth]") {
    const LayerResult x = run_one(edge(4, 4), conv("pw", 4, 4, 16, 16, 1, 1, 1, 0));
    CHECK(x.stall_filter_cycles == 109);
    CHECK(x.stall_ifmap_cycles == 95);
    CHECK(x.stall_ofmap_cycles == 200);
    CHECK(x.total_cycles == 669);
    CHECK(x.ideal_cycles == 256);
    CHECK(x.dram_read_bytes == 1024 + 16);
    CHECK(x.dram_write_bytes == 1024);
    CHECK(x.stall_dram_latency_cycles == 239);
    CHECK(x.stall_interconnect_cycles == 65);
    CHECK(x.stall_dram_bandwidth_cycles == 100);
}

// (d) The layer of (c) with 256 B packets and 1 packet in flight: every packet waits for the
// previous one. A 256 B read packet: link latency 4, DRAM 4 bursts = 16, +100, link 256/32 = 8:
// 128 cycles.
//   filter    0 -> 109 (as in (c))
//   ifmap p0  109 -> DRAM 113..129, 229, link -> 237; p1 237 -> 365; p2 -> 493; p3 -> 621
// Array: stall_filter 109; stall_ifmap 621 - 109 = 512; 266 busy -> 887.
// Store: 4 write packets, each link 8 + latency 4, DRAM 16 + 100: 128 cycles -> stall_ofmap 512.
// Elapsed 887 + 512 = 1399, total 1398. Every 256 B packet is (104, 8, 16) of latency, link and
// DRAM (one packet in flight: each moment is its own), so both 512-cycle stalls split exactly
// (416, 32, 64): latency 104 + 832 = 936,
// interconnect 1 + 64 = 65, bandwidth 4 + 128 = 132.
TEST_CASE("system bandwidth: (d) packets, one outstanding", "[system][bandwidth]") {
    Config cfg = edge(4, 4);
    cfg.dma.packet_bytes = 256;
    cfg.dma.max_outstanding = 1;
    const LayerResult x = run_one(cfg, conv("pw", 4, 4, 16, 16, 1, 1, 1, 0));
    CHECK(x.stall_filter_cycles == 109);
    CHECK(x.stall_ifmap_cycles == 512);
    CHECK(x.stall_ofmap_cycles == 512);
    CHECK(x.total_cycles == 1398);
    CHECK(x.stall_dram_latency_cycles == 936);
    CHECK(x.stall_interconnect_cycles == 65);
    CHECK(x.stall_dram_bandwidth_cycles == 132);
}

// (e) Ideal DRAM is not ideal memory: the layer of (c) with ideal DRAM behind a 1 B/cycle link
// without latency. Both reads are answered at 0; their data crosses the link in that order:
// the filter (16 B) 0..16, the ifmap (1024 B) 16..1040.
// Array: stall_filter 16, stall_ifmap 1024; load 4, stream 256, skew 6 -> 1306; store 1024 B:
// 1306..2330: stall_ofmap 1024. Elapsed 2330, total 2329, every stall cycle the link's.
TEST_CASE("system bandwidth: (e) a narrow link stalls even with ideal DRAM",
          "[system][bandwidth]") {
    Config cfg = edge(4, 4);
    cfg.dram.model = DramModel::ideal;
    cfg.interconnect.bytes_per_cycle = 1;
    cfg.interconnect.latency_cycles = 0;
    const LayerResult x = run_one(cfg, conv("pw", 4, 4, 16, 16, 1, 1, 1, 0));
    CHECK(x.stall_filter_cycles == 16);
    CHECK(x.stall_ifmap_cycles == 1024);
    CHECK(x.stall_ofmap_cycles == 1024);
    CHECK(x.total_cycles == 2329);
    CHECK(x.stall_interconnect_cycles == 2064);
}

// (f) Whole cycles: at 700 MHz a cycle is 1,428,571 fs; the DRAM (16 GB/s: a 64 B burst is
// 4 ns) is not cycle-aligned, and the array waits for the next edge of its own clock.
// Layer (a), no link (unlimited, no latency), DRAM latency 0:
//   filter DRAM 0..4 ns; ifmap 4..8 ns.
// Array: stall_filter = ceil(4 / 1.428571) = ceil(2.8) = 3 cycles (4.285713 ns); stall_ifmap =
// ceil((8 - 4.285713) / 1.428571) = ceil(2.6) = 3 (8.571426 ns); load 4, stream 1, skew 6 ->
// 17 cycles = 24.285707 ns; store 4 ns -> stall_ofmap = ceil(4 / 1.428571) = 3 cycles.
// Elapsed 20, total 19.
TEST_CASE("system bandwidth: (f) the array waits in whole cycles of its clock",
          "[system][bandwidth]") {
    Config cfg = edge(4, 4);
    cfg.clock_mhz = 700.0;
    cfg.dram.latency_cycles = 0;
    cfg.interconnect.bytes_per_cycle = 0;
    cfg.interconnect.latency_cycles = 0;
    const LayerResult x = run_one(cfg, fc("fc", 1, 4, 4));
    CHECK(x.stall_filter_cycles == 3);
    CHECK(x.stall_ifmap_cycles == 3);
    CHECK(x.stall_ofmap_cycles == 3);
    CHECK(x.total_cycles == 19);
}

}  // namespace sasim
