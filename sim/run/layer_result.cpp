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

void layer_result_detail::fill_stalls(LayerResult& r, const StatRegistry& st,
                                      const LayerSpan& span, const std::string& unit) {
    const auto d = [&](const char* what) {
        const size_t i = st.index(unit + ".stall_" + what + "_cycles");
        return span.after[i] - span.before[i];
    };
    r.stall_ifmap_cycles = d("ifmap");
    r.stall_filter_cycles = d("filter");
    r.stall_ofmap_cycles = d("ofmap");
    r.stall_cycles = r.stall_ifmap_cycles + r.stall_filter_cycles + r.stall_ofmap_cycles;
    r.stall_dram_bandwidth_cycles = d("dram");
    r.stall_dram_latency_cycles = d("latency");
    r.stall_interconnect_cycles = d("noc");
    r.stall_bank_conflict_cycles = d("bank");
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

LayerResult make_layer_result(const LayerPlan& plan, const StatRegistry& st, const LayerSpan& span,
                              const Config& cfg) {
    if (plan.on_vector()) return make_vector_layer_result(plan, st, span, cfg);
    auto d = [&](const char* name) {
        const size_t i = st.index(name);
        return span.after[i] - span.before[i];
    };
    const LayerInfo& info = plan.info;
    const int64_t pes = cfg.array.rows * cfg.array.cols;
    LayerResult r;
    r.name = info.name;
    r.type = info.type;
    r.mapping = info.mapping;
    r.macs = info.macs;
    r.folds = info.folds;
    if (plan.fused) r.fused = plan.fused->name;
    r.vector_ops = plan.vector_unit_work().ops();
    const int64_t stream = d("array.stream_cycles");
    const int64_t skew = d("array.skew_cycles");
    r.load_cycles = d("array.load_cycles");
    r.fused_activation_cycles = d("array.fused_cycles");
    layer_result_detail::fill_stalls(r, st, span, "array");
    const int64_t busy = r.load_cycles + stream + skew + r.fused_activation_cycles;
    layer_result_detail::check_accounting(r, busy, span);
    // SCALE-Sim reports the index of the last cycle: one less than the cycles elapsed.
    r.total_cycles = span.cycles - 1;
    r.ideal_cycles = plan.ideal_cycles();
    r.mapping_loss_cycles = stream - r.ideal_cycles;
    r.fill_drain_cycles = skew - 1;
    r.bottleneck = layer_result_detail::bottleneck(r);
    const FoldGeometry& g = plan.mapped.shape.fg;
    const double p = static_cast<double>(pes);
    r.mapping_efficiency_pct = 100.0 * static_cast<double>(g.Sr) * static_cast<double>(g.Sc) /
                               (static_cast<double>(g.folds()) * p);
    // One rule for both: MACs over PEs x the stack's cycles (all of them; those not stalled).
    r.overall_util_pct = overall_util_pct(r.macs, pes, r.total_cycles);
    r.compute_util_pct = overall_util_pct(r.macs, pes, r.total_cycles - r.stall_cycles);
    layer_result_detail::fill_traffic(r, st, span, busy, cfg);
    set_unique_footprint(r, plan.mapped.layer, cfg.array.word_bytes);
    set_layer_energy(r, plan, st, span, cfg);
    return r;
}

void layer_result_detail::fill_traffic(LayerResult& r, const StatRegistry& st,
                                       const LayerSpan& span, int64_t busy, const Config& cfg) {
    auto d = [&](const char* name) {
        const size_t i = st.index(name);
        return span.after[i] - span.before[i];
    };
    r.ifmap_sram_read_bytes = d("ifmap_spm.array_read_bytes");
    r.ifmap_sram_write_bytes = d("ifmap_spm.dma_write_bytes");
    r.filter_sram_read_bytes = d("filter_spm.array_read_bytes");
    r.filter_sram_write_bytes =
        d("filter_spm.dma_write_bytes") - span.landed_out + span.landed_in;  // as DRAM bytes
    r.ofmap_sram_read_bytes = d("ofmap_spm.array_read_bytes") + d("ofmap_spm.dma_read_bytes");
    r.ofmap_sram_write_bytes = d("ofmap_spm.array_write_bytes") + d("ofmap_spm.dma_write_bytes");
    // A layer's DRAM bytes are its own transfers': a fill made early, while the layer before it
    // ran, counts in its own layer's row (not in the row of the layer whose time it took). Read
    // bytes are counted as the DMA issues them, which is the DRAM's count when nothing crosses
    // a layer boundary.
    r.dram_bytes[0] = d("dma.ifmap_fill_bytes");
    r.dram_bytes[1] = d("dma.filter_fill_bytes") - span.early_out + span.early_in;
    r.dram_bytes[2] = d("dma.psum_fill_bytes") + d("dma.ofmap_drain_bytes");
    r.prefetched_filter_bytes = span.early_in;
    r.kept_ofmap_bytes = d("dma.kept_ofmap_bytes");
    r.onchip_ifmap_bytes = d("dma.onchip_fill_bytes");
    r.dram_read_bytes = r.dram_bytes[0] + r.dram_bytes[1] + d("dma.psum_fill_bytes");
    r.dram_write_bytes = d("dram.write_bytes");
    const double mhz = cfg.clock_mhz;
    r.dram_bw_demand_gbps = gbps(r.dram_read_bytes + r.dram_write_bytes, busy, mhz);
    r.dram_bw_achieved_gbps = gbps(r.dram_read_bytes + r.dram_write_bytes, span.cycles, mhz);
    for (int o = 0; o < 3; ++o) {
        r.bw_demand_gbps[o] = gbps(r.dram_bytes[o], busy, mhz);
        r.bw_achieved_gbps[o] = gbps(r.dram_bytes[o], span.cycles, mhz);
    }
    r.has_rows = is_bank_level(cfg.dram.model);
    if (r.has_rows) {
        auto pct = [](int64_t hits, int64_t all) {
            return all > 0 ? 100.0 * static_cast<double>(hits) / static_cast<double>(all) : 0.0;
        };
        r.dram_row_hit_pct = pct(d("dram.row_hits"), d("dram.bursts"));
        r.row_hit_pct[0] = pct(d("dram.ifmap_row_hits"), d("dram.ifmap_bursts"));
        r.row_hit_pct[1] = pct(d("dram.filter_row_hits"), d("dram.filter_bursts"));
        r.row_hit_pct[2] = pct(d("dram.psum_row_hits") + d("dram.ofmap_row_hits"),
                               d("dram.psum_bursts") + d("dram.ofmap_bursts"));
    }
    r.noc_occupancy_pct =
        100.0 * static_cast<double>(d("noc.busy_cycles")) / static_cast<double>(span.cycles);
}

}  // namespace sasim
