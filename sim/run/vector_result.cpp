// A vector layer's report row from the vector unit's counters (snapshots before and after the
// layer): the same columns as an array layer's, with MACs 0 and its primitive operations in
// vector_ops. The stack: ideal = ceil(lane cycles / lanes), mapping_loss = lanes left idle in
// partial tiles, fill_drain = the pipeline's cycles per tile (minus 1, SCALE-Sim's convention
// as for the array), then the stall causes.
#include <fmt/format.h>

#include <stdexcept>

#include "sim/run/layer_energy.hpp"
#include "sim/run/layer_result.hpp"

namespace sasim {

LayerResult make_vector_layer_result(const LayerPlan& plan, const LayerSpan& span,
                                     const Config& cfg) {
    const StepUnit::Reading& u = span.read.unit;
    const LayerInfo& info = plan.info;
    const VectorPlan& v = *plan.vector;
    LayerResult r;
    r.name = info.name;
    r.type = info.type;
    r.mapping = info.mapping;
    r.vector_ops = v.work().ops();
    const int64_t compute = u.stream;  // the vector unit's compute and pipeline cycles
    const int64_t pipeline = u.skew;
    layer_result_detail::fill_stalls(r, u);
    const int64_t busy = u.busy();
    layer_result_detail::check_accounting(r, busy, span);
    r.total_cycles = span.cycles - 1;
    r.ideal_cycles = v.ideal_cycles();
    r.mapping_loss_cycles = compute - r.ideal_cycles;
    r.fill_drain_cycles = pipeline - 1;
    r.bottleneck = layer_result_detail::bottleneck(r);
    // Lanes doing useful work over lanes available while computing.
    const double lanes = static_cast<double>(cfg.vector.lanes);
    r.mapping_efficiency_pct = compute > 0
                                   ? 100.0 * static_cast<double>(v.work().lane_cycles(cfg.vector)) /
                                         (lanes * static_cast<double>(compute))
                                   : 0.0;
    layer_result_detail::fill_traffic(r, span, busy, cfg);
    set_unique_footprint(r, v.layer(), cfg.array.word_bytes);
    set_layer_energy(r, plan, span, cfg);
    return r;
}

}  // namespace sasim
