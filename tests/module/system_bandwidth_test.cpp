// The whole SystemC system with a bandwidth DRAM, on tiny layers whose stall cycles are derived
// by hand from the models' rules (DMA round robin, packets, outstanding limit, link width and
// latency, DRAM burst time and latency, double buffering, whole-cycle waits). The arithmetic is
// in the comment above each test; one simulate() per TEST_CASE.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/run/system.hpp"
#include "sim/mapping/tiler.hpp"
#include "support/layers.hpp"

namespace sasim {

using test::conv;
using test::fc;
namespace {

// default_config(): 1000 MHz (1 cycle = 1 ns); DRAM 16 GB/s with 64 B bursts (4 cycles each)
// and 100 cycles of latency; link 32 B/cycle with 4 cycles of latency; DMA packets of 1024 B,
// 8 in flight; 256/256/512 KiB scratchpads. Here with a small ws array.
Config edge(int64_t rows, int64_t cols) {
    Config c = default_config();
    c.array.rows = rows;
    c.array.cols = cols;
    c.array.dataflow = Dataflow::ws;
    return c;
}

LayerResult run_one(const Config& cfg, const Layer& l) {
    const RunResult r = simulate(cfg, TiledProgram({l}, cfg));
    REQUIRE(r.layers.size() == 1);
    const LayerResult& x = r.layers[0];
    // The stack always adds up and the stall causes sum to the stall.
    CHECK(x.ideal_cycles + x.mapping_loss_cycles + x.load_cycles + x.fill_drain_cycles +
              x.stall_cycles ==
          x.total_cycles);
    CHECK(x.stall_ifmap_cycles + x.stall_filter_cycles + x.stall_ofmap_cycles == x.stall_cycles);
    CHECK(x.stall_dram_bandwidth_cycles + x.stall_dram_latency_cycles +
              x.stall_interconnect_cycles + x.stall_bank_conflict_cycles ==
          x.stall_cycles);
    return x;
}

}  // namespace

// (a) fc 4 -> 4, batch 1, ws on 4x4: M = 1, N = 4, K = 4: one fold, T = 1,
//     11 busy cycles (load 4 + stream 1 + skew 3 + 3).
// At t = 0 the controller queues the ifmap (4 B, resident: first touch) and the stationary
// filter block (16 B); the DMA's round robin starts at the ifmap stream.
//   ifmap:  link latency 4 -> DRAM at 4, 1 burst 4..8, +100 -> 108; link ceil(4/32) = 1 -> 109
//   filter: DRAM at 4 but the bus is busy until 8: 8..12, +100 -> 112; link max(112, 109) + 1
//           -> 113
// Array: waits for its stationary filter first: stall_filter = 113. Load 4 -> 117; the ifmap
// is there (109): no ifmap stall. Stream 1 + skew 6 -> 124.
// Drain 4 B at 124: link max(124, 113) + 1 = 125, +4 -> DRAM 129..133, +100 -> 233:
// stall_ofmap = 233 - 124 = 109 (the final drain, write latency included).
// Elapsed 233 cycles; total = 233 - 1 = 232 (SCALE-Sim's last-cycle index).
TEST_CASE("system bandwidth: (a) a one-fold fc exposes the first load's latency",
          "[system][bandwidth]") {
    const LayerResult x = run_one(edge(4, 4), fc("fc", 1, 4, 4));
    CHECK(x.stall_filter_cycles == 113);
    CHECK(x.stall_ifmap_cycles == 0);
    CHECK(x.stall_ofmap_cycles == 109);
    CHECK(x.stall_cycles == 222);
    CHECK(x.total_cycles == 232);
    CHECK(x.load_cycles == 4);
    CHECK(x.ideal_cycles == 1);  // 16 MACs on 16 PEs
    CHECK(x.mapping_loss_cycles == 0);
    CHECK(x.fill_drain_cycles == 5);  // skew 6 - 1
    CHECK(x.dram_read_bytes == 20);
    CHECK(x.dram_write_bytes == 4);
    CHECK(x.overall_util_pct == Approx(100.0 * 16 / (16 * 232)));
    CHECK(x.compute_util_pct == Approx(100.0 * 16 / (16 * 11)));
    // Causes, charged from each awaited transfer's tail backwards:
    //   filter (113): fixed latency DRAM 100 + link 4 = 104; link wait + occupancy after DRAM
    //     113 - 112 = 1; the remaining 8 were DRAM queueing and transfer.
    //   final drain (109): latency 4 + 100 = 104; link 125 - 124 = 1; DRAM 109 - 105 = 4.
    CHECK(x.stall_dram_latency_cycles == 208);
    CHECK(x.stall_interconnect_cycles == 2);
    CHECK(x.stall_dram_bandwidth_cycles == 12);
    CHECK(x.stall_bank_conflict_cycles == 0);
    CHECK(x.bottleneck == "stall_dram_latency");
}

// (a') The same fc on an os array: no stationary operand and no load cycles. M = 1 -> Sr = 1,
//      Sc = 4, T = K = 4: one fold of 4 + 3 + 3 = 10 cycles; the chunk streams 4 B of ifmap and
//      t x C = 16 B of filter. The fills time as in (a): ifmap 109, filter 113.
// Array: waits for the ifmap first: stall_ifmap 109, then the filter: stall_filter 4 -> 113;
// stream 4 + skew 6 -> 123. Drain 4 B (the 1 x 4 output block): link 124, DRAM 128..132,
// +100 -> 232: stall_ofmap 109. Elapsed 232, total 231.
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
    // ifmap 109 = latency 104 + link 1 + DRAM 4; filter 4 = the last 4 of its 104 latency;
    // drain 109 = latency 104 + link 1 (124 - 123) + DRAM 4.
    CHECK(x.stall_dram_latency_cycles == 212);
    CHECK(x.stall_interconnect_cycles == 2);
    CHECK(x.stall_dram_bandwidth_cycles == 8);
}

// (b) Bandwidth-bound: fc 8 -> 64, batch 1, ws on 8x8: M = 1, N = 64, K = 8 -> 1 row fold x
//     8 column folds, T = 1; a fold is 8 + 1 + 7 + 7 = 23 cycles, 184 busy cycles in all.
// Memory: DRAM 1 GB/s (a 64 B burst takes 64 cycles), no DRAM latency, unlimited link with no
// latency. Traffic: ifmap 8 B once (1 burst), a 64 B filter block per fold (8 bursts), 8 B of
// outputs per fold (8 bursts): 17 bursts = 1088 cycles of DRAM bus. The bus is never idle, so
// the layer takes exactly the bus time: elapsed = 1088, stall = 1088 - 184 = 904, total = 1087.
// Where the stall goes: a 64 B weight block is small next to the 256 KiB filter scratchpad, so
// the tiler gives the filter stream 256 Ki / 64 = 4096 slots (a weight FIFO): all 8 blocks are
// queued at t = 0 behind the ifmap (round robin: ifmap, F0, then F1..F7 as the ifmap stream
// only has 0-byte chunks left). DRAM order in 64-cycle slots: ifmap, F0..F7 (F_f ends at
// 64 (f + 2)), then the drains D0..D7 in the order the folds end (D_f ends at 640 + 64 f).
//   fold 0: stall_filter 128, runs 128..151
//   fold 1: stall_filter 192 - 151 = 41, runs 192..215
//   fold 2: stall_filter 256 - 215 = 41; both output buffers hold data (D0, D1): waits for D0
//           (ends 640): stall_ofmap 384, runs 640..663
//   fold f = 3..7: its block is in; waits for D_{f-2} (ends 640 + 64 (f - 2)), 41 cycles after
//           fold f-1 ended: stall_ofmap 5 x 41 = 205; fold 7 ends 960 + 23 = 983
//   end: D7 ends 1088: stall_ofmap 105
//   stall_filter = 128 + 41 + 41 = 210, stall_ofmap = 384 + 205 + 105 = 694.
// (With plain double buffering, 2 filter slots, the same total splits as 799 filter + 105
// ofmap: fills and drains interleave on the bus.)
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
    CHECK(x.stall_filter_cycles == 210);
    CHECK(x.stall_ofmap_cycles == 694);
    CHECK(x.stall_ifmap_cycles == 0);
    CHECK(x.dram_read_bytes == 8 + 8 * 64);
    CHECK(x.dram_write_bytes == 8 * 8);
    // Achieved bandwidth: 584 B in 1088 ns = 0.537 GB/s (bursts are 64 B, so the bus is full
    // although the bytes are not).
    CHECK(x.dram_bw_achieved_gbps == Approx(584.0 / 1088.0));
}

// (c) The final drain: 1x1 conv 16x16x4 -> 4, ws on 4x4: M = 256, N = 4, K = 4: one fold of
//     T = 256 in one chunk; 1024 B of ifmap (resident), 16 B of filter, 1024 B of outputs.
//   ifmap:  1 packet of 1024 B: DRAM at 4, 16 bursts 4..68, +100 -> 168; link 1024/32 = 32
//           cycles -> 200
//   filter: DRAM 68..72, +100 -> 172; link max(172, 200) + 1 -> 201
// Array: stall_filter 201; load 4 -> 205 (ifmap there since 200); stream 256 + skew 6 -> 467.
// Drain 1024 B: link 467..499, +4 -> DRAM 503, 16 bursts -> 567, +100 -> 667:
//   stall_ofmap = 32 + 4 + 64 + 100 = 200; elapsed 667, total 666.
TEST_CASE("system bandwidth: (c) the final drain is stall_ofmap", "[system][bandwidth]") {
    const LayerResult x = run_one(edge(4, 4), conv("pw", 4, 4, 16, 16, 1, 1, 1, 0));
    CHECK(x.stall_filter_cycles == 201);
    CHECK(x.stall_ifmap_cycles == 0);
    CHECK(x.stall_ofmap_cycles == 200);
    CHECK(x.total_cycles == 666);
    CHECK(x.ideal_cycles == 256);
    CHECK(x.dram_read_bytes == 1024 + 16);
    CHECK(x.dram_write_bytes == 1024);
}

// (d) The layer of (c) with 256 B packets and 1 packet in flight: every packet waits for the
// previous one, and the round robin puts the filter between the ifmap's first two packets.
// A 256 B read packet: link 4, DRAM 4 bursts = 16, +100, link 256/32 = 8: 128 cycles.
//   ifmap p0  0 -> DRAM 4..20, 120, link 128
//   filter    128 -> DRAM 132..136, 236, link 237
//   ifmap p1  237 -> 365; p2 365 -> 493; p3 493 -> 621
// Array: stall_filter 237; load 4 -> 241; stall_ifmap 621 - 241 = 380; 262 busy -> 883.
// Drain: 4 write packets, each link 8 + 4, DRAM 16 + 100: 128 cycles -> stall_ofmap 512.
// Elapsed 883 + 512 = 1395, total 1394.
TEST_CASE("system bandwidth: (d) packets, one outstanding, round robin", "[system][bandwidth]") {
    Config cfg = edge(4, 4);
    cfg.dma.packet_bytes = 256;
    cfg.dma.max_outstanding = 1;
    const LayerResult x = run_one(cfg, conv("pw", 4, 4, 16, 16, 1, 1, 1, 0));
    CHECK(x.stall_filter_cycles == 237);
    CHECK(x.stall_ifmap_cycles == 380);
    CHECK(x.stall_ofmap_cycles == 512);
    CHECK(x.total_cycles == 1394);
}

// (e) Ideal DRAM is not ideal memory: the same layer with ideal DRAM behind a 1 B/cycle link
// without latency. ifmap 1024 B crosses 0..1024, the filter (16 B) 1024..1040.
// Array: stall_filter 1040, load 4, stream 256, skew 6 -> 1306; drain 1024 B: 1306..2330:
// stall_ofmap 1024. Elapsed 2330, total 2329.
TEST_CASE("system bandwidth: (e) a narrow link stalls even with ideal DRAM",
          "[system][bandwidth]") {
    Config cfg = edge(4, 4);
    cfg.dram.model = DramModel::ideal;
    cfg.interconnect.bytes_per_cycle = 1;
    cfg.interconnect.latency_cycles = 0;
    const LayerResult x = run_one(cfg, conv("pw", 4, 4, 16, 16, 1, 1, 1, 0));
    CHECK(x.stall_filter_cycles == 1040);
    CHECK(x.stall_ifmap_cycles == 0);
    CHECK(x.stall_ofmap_cycles == 1024);
    CHECK(x.total_cycles == 2329);
}

// (f) Whole cycles: at 700 MHz a cycle is 1,428,571 fs; the DRAM (16 GB/s: a 64 B burst is
// 4 ns) is not cycle-aligned, and the array waits for the next edge of its own clock.
// Layer (a), no link (unlimited, no latency), DRAM latency 0:
//   ifmap  DRAM 0..4 ns; filter 4..8 ns.
// Array: stall_filter = ceil(8 ns / 1.428571 ns) = ceil(5.6) = 6 cycles (8.571 ns); load 4,
// stream 1, skew 6 -> 17 cycles = 24.285707 ns; drain 4 ns -> 28.285707 ns:
// stall_ofmap = ceil(4 / 1.428571) = 3 cycles. Elapsed 20, total 19.
TEST_CASE("system bandwidth: (f) the array waits in whole cycles of its clock",
          "[system][bandwidth]") {
    Config cfg = edge(4, 4);
    cfg.clock_mhz = 700.0;
    cfg.dram.latency_cycles = 0;
    cfg.interconnect.bytes_per_cycle = 0;
    cfg.interconnect.latency_cycles = 0;
    const LayerResult x = run_one(cfg, fc("fc", 1, 4, 4));
    CHECK(x.stall_filter_cycles == 6);
    CHECK(x.stall_ofmap_cycles == 3);
    CHECK(x.stall_ifmap_cycles == 0);
    CHECK(x.total_cycles == 19);
}

}  // namespace sasim
