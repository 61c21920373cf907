#include "sim/run/layer_result.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/run/layer_energy.hpp"

namespace sasim {

// What limits the layer, by name: the stall cause that cost the most cycles if it cost at least
// 5 % of the layer's cycles (what a change of the memory path would fix first; what-if runs
// check it), else the largest loss of the whole stack (stall causes included); "none" when
// nothing was lost.
std::string layer_result_detail::bottleneck(const LayerResult& r) {
    const std::pair<const char*, int64_t> stalls[] = {
        {"stall_dram_bandwidth", r.stall_dram_bandwidth_cycles},
        {"stall_dram_latency", r.stall_dram_latency_cycles},
        {"stall_interconnect", r.stall_interconnect_cycles},
        {"stall_bank_conflict", r.stall_bank_conflict_cycles},
    };
    const std::pair<const char*, int64_t> losses[] = {
        {"mapping_loss", r.mapping_loss_cycles},
        {"load", r.load_cycles},
        {"fill_drain", r.fill_drain_cycles},
        {"fused_activation", r.fused_activation_cycles},
    };
    const char* name = "none";
    int64_t most = 0;
    for (const auto& [n, v] : stalls)
        if (v > most) {
            most = v;
            name = n;
        }
    if (most > 0 && 20 * most >= r.total_cycles) return name;
    for (const auto& [n, v] : losses)
        if (v > most) {
            most = v;
            name = n;
        }
    return name;
}

void layer_result_detail::check_accounting(const LayerResult& r, int64_t busy,
                                           const LayerSpan& span) {
    const int64_t causes = r.stall_dram_bandwidth_cycles + r.stall_dram_latency_cycles +
                           r.stall_interconnect_cycles + r.stall_bank_conflict_cycles;
    if (busy + r.stall_cycles != span.cycles || causes != r.stall_cycles)
        throw std::logic_error(fmt::format("layer {}: cycle accounting {} + {} (causes {}) != {}",
                                           r.name, busy, r.stall_cycles, causes, span.cycles));
}

void layer_result_detail::fill_stalls(LayerResult& r, const StepUnit::Reading& u) {
    r.stall_ifmap_cycles = u.stall[static_cast<int>(Operand::ifmap)];
    r.stall_filter_cycles = u.stall[static_cast<int>(Operand::filter)];
    r.stall_ofmap_cycles = u.stall[static_cast<int>(Operand::ofmap)];
    r.stall_cycles = u.stalls();
    r.stall_dram_bandwidth_cycles = u.bandwidth;
    r.stall_dram_latency_cycles = u.latency;
    r.stall_interconnect_cycles = u.interconnect;
    r.stall_bank_conflict_cycles = u.bank;
}

namespace {

// bytes per cycle x MHz / 1e3 = GB/s
double gbps(int64_t bytes, int64_t cycles, double mhz) {
    return cycles > 0 ? static_cast<double>(bytes) * mhz / 1e3 / static_cast<double>(cycles) : 0;
}

// Input rows (or columns) that some output position's window reads: the union of
// [p*stride - pad, p*stride - pad + filt) over the outputs p, within [0, in).
int64_t touched_extent(int64_t in, int64_t out, int64_t filt, int64_t stride, int64_t pad) {
    int64_t covered = 0, reach = 0;  // the windows start in increasing order
    for (int64_t p = 0; p < out; ++p) {
        const int64_t lo = std::max({int64_t{0}, p * stride - pad, reach});
        const int64_t hi = std::min(in, p * stride - pad + filt);
        if (hi > lo) covered += hi - lo;
        reach = std::max(reach, hi);
    }
    return covered;
}

}  // namespace

void set_unique_footprint(LayerResult& r, const Layer& l, int64_t word_bytes) {
    const int64_t rows = touched_extent(l.H, l.P(), l.R, l.stride_h, l.pad_h);
    const int64_t cols = touched_extent(l.W, l.Q(), l.S, l.stride_w, l.pad_w);
    r.ifmap_unique_bytes = l.N * l.C * rows * cols * word_bytes;
    r.filter_unique_bytes = l.filter_elems() * word_bytes;
    r.ofmap_unique_bytes = l.ofmap_elems() * word_bytes;
    r.has_footprint = true;
}

namespace {

// How well the layer used its unit. The array: the folds' mapping efficiency, and MACs over
// PEs x the stack's cycles (all of them; those not stalled). The vector unit: lanes doing useful
// work over lanes available while computing (its utilizations stay 0: it has no MACs).
void set_utilization(LayerResult& r, const LayerPlan& plan, const StepUnit::Reading& u,
                     const Config& cfg) {
    if (plan.on_vector()) {
        const double lanes = static_cast<double>(cfg.vector.lanes);
        const double useful = static_cast<double>(plan.vector->work().lane_cycles(cfg.vector));
        r.mapping_efficiency_pct =
            u.stream > 0 ? 100.0 * useful / (lanes * static_cast<double>(u.stream)) : 0.0;
        return;
    }
    const int64_t pes = cfg.array.rows * cfg.array.cols;
    const FoldGeometry& g = plan.mapped.shape.fg;
    r.mapping_efficiency_pct = 100.0 * static_cast<double>(g.Sr) * static_cast<double>(g.Sc) /
                               (static_cast<double>(g.folds()) * static_cast<double>(pes));
    r.overall_util_pct = overall_util_pct(r.macs, pes, r.total_cycles);
    r.compute_util_pct = overall_util_pct(r.macs, pes, r.total_cycles - r.stall_cycles);
}

}  // namespace

// The stack from the reading of the unit that ran the layer: the array's load, stream, skew
// and fused cycles, or the vector unit's compute (as stream) and pipeline (as skew) cycles.
// ideal = ceil(MACs / PEs) or ceil(lane cycles / lanes); mapping_loss = stream - ideal (PEs or
// lanes left idle); fill_drain = skew - 1 (SCALE-Sim reports the index of the last cycle: one
// less than the cycles elapsed); then the stall causes.
LayerResult make_layer_result(const LayerPlan& plan, const LayerSpan& span, const Config& cfg) {
    const StepUnit::Reading& u = span.read.unit;
    const LayerInfo& info = plan.info;
    LayerResult r;
    r.name = info.name;
    r.type = info.type;
    r.mapping = info.mapping;
    r.macs = info.macs;
    r.folds = info.folds;
    if (plan.fused) r.fused = plan.fused->name;
    r.vector_ops = plan.vector_unit_work().ops();
    r.load_cycles = u.load;
    r.fused_activation_cycles = u.fused;
    layer_result_detail::fill_stalls(r, u);
    layer_result_detail::check_accounting(r, u.busy(), span);
    r.total_cycles = span.cycles - 1;
    r.ideal_cycles = plan.ideal_cycles();
    r.mapping_loss_cycles = u.stream - r.ideal_cycles;
    r.fill_drain_cycles = u.skew - 1;
    r.bottleneck = layer_result_detail::bottleneck(r);
    set_utilization(r, plan, u, cfg);
    layer_result_detail::fill_traffic(r, span, u.busy(), cfg);
    set_unique_footprint(r, plan.mapped.layer, cfg.array.word_bytes);
    set_layer_energy(r, plan, span, cfg);
    return r;
}

void layer_result_detail::fill_traffic(LayerResult& r, const LayerSpan& span, int64_t busy,
                                       const Config& cfg) {
    const LayerReadings& rd = span.read;
    const Scratchpad::Reading& in = rd.sram[static_cast<int>(Operand::ifmap)];
    const Scratchpad::Reading& flt = rd.sram[static_cast<int>(Operand::filter)];
    const Scratchpad::Reading& out = rd.sram[static_cast<int>(Operand::ofmap)];
    r.ifmap_sram_read_bytes = in.array_read;
    r.ifmap_sram_write_bytes = in.dma_write;
    r.filter_sram_read_bytes = flt.array_read;
    // As DRAM bytes: the filters fetched early count in the row of the layer they are for.
    r.filter_sram_write_bytes = flt.dma_write - rd.dma.early_landed + span.landed_in;
    r.ofmap_sram_read_bytes = out.reads();
    r.ofmap_sram_write_bytes = out.writes();
    // A layer's DRAM bytes are its own transfers': a fill made early, while the layer before it
    // ran, counts in its own layer's row (not in the row of the layer whose time it took). Read
    // bytes are counted as the DMA issues them, which is the DRAM's count when nothing crosses
    // a layer boundary.
    const DmaEngine::Reading& dma = rd.dma;
    r.dram_bytes[0] = dma.bytes(DmaStream::ifmap_fill);
    r.dram_bytes[1] = dma.bytes(DmaStream::filter_fill) - dma.early_bytes + span.early_in;
    r.dram_bytes[2] = dma.bytes(DmaStream::psum_fill) + dma.bytes(DmaStream::ofmap_drain);
    r.prefetched_filter_bytes = span.early_in;
    r.kept_ofmap_bytes = dma.kept_bytes;
    r.onchip_ifmap_bytes = dma.onchip_fill_bytes;
    r.dram_read_bytes = r.dram_bytes[0] + r.dram_bytes[1] + dma.bytes(DmaStream::psum_fill);
    r.dram_write_bytes = rd.dram.write_bytes;
    const double mhz = cfg.clock_mhz;
    r.dram_bw_demand_gbps = gbps(r.dram_read_bytes + r.dram_write_bytes, busy, mhz);
    r.dram_bw_achieved_gbps = gbps(r.dram_read_bytes + r.dram_write_bytes, span.cycles, mhz);
    for (int o = 0; o < 3; ++o) {
        r.bw_demand_gbps[o] = gbps(r.dram_bytes[o], busy, mhz);
        r.bw_achieved_gbps[o] = gbps(r.dram_bytes[o], span.cycles, mhz);
    }
    const DramReading& dram = rd.dram;
    r.has_rows = dram.has_rows;
    if (r.has_rows) {
        const auto stream = [](DmaStream st) { return static_cast<int>(st); };
        const int ofmap = stream(DmaStream::ofmap_drain), psum = stream(DmaStream::psum_fill);
        r.dram_row_hit_pct = dram.row_hit_pct();
        for (DmaStream st : {DmaStream::ifmap_fill, DmaStream::filter_fill})
            r.row_hit_pct[stream(st)] = DramReading::hit_pct(dram.stream_row_hits[stream(st)],
                                                             dram.stream_bursts[stream(st)]);
        r.row_hit_pct[2] =
            DramReading::hit_pct(dram.stream_row_hits[psum] + dram.stream_row_hits[ofmap],
                                 dram.stream_bursts[psum] + dram.stream_bursts[ofmap]);
    }
    r.noc_occupancy_pct =
        100.0 * static_cast<double>(rd.link.busy_cycles) / static_cast<double>(span.cycles);
}

}  // namespace sasim
