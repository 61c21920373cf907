#include "sim/system.hpp"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "models/common/clock.hpp"
#include "models/control/controller.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/dram/dram.hpp"
#include "models/interconnect/interconnect.hpp"
#include "models/sram/scratchpad.hpp"
#include "models/systolic/systolic_array.hpp"

namespace sasim {

namespace {

constexpr int kCommandQueueDepth = 4;

std::unique_ptr<DramTiming> make_dram(const DramParams& p, const ClockDomain& clk) {
    switch (p.model) {
        case DramModel::ideal: return std::make_unique<IdealDram>(p.burst_bytes);
        case DramModel::bandwidth:
            return std::make_unique<BandwidthDram>(
                p.bandwidth_gbps, clk.period_fs() * static_cast<uint64_t>(p.latency_cycles),
                p.burst_bytes);
    }
    throw std::logic_error("unknown DRAM model");
}

struct Boundary {
    std::vector<int64_t> before, after;
    sc_core::sc_time t0, t1;
};

struct System {
    StatRegistry stats;
    ClockDomain clk;
    Dram dram;
    Interconnect noc;
    Scratchpad ifmap, filter, ofmap;
    DmaEngine dma;
    SystolicArray array;
    Controller ctrl;
    sc_core::sc_fifo<ChunkCmd> cmd_fifo;

    System(const Config& c, const Program& program)
        : clk(c.clock_mhz),
          dram("dram", make_dram(c.dram, clk), stats),
          noc("noc", c.interconnect, clk, stats),
          ifmap("ifmap_spm", c.sram.ifmap_kb * 1024, stats),
          filter("filter_spm", c.sram.filter_kb * 1024, stats),
          ofmap("ofmap_spm", c.sram.ofmap_kb * 1024, stats),
          dma("dma", c.dma, {&ifmap, &filter, &ofmap}, stats),
          array("array", clk, program, {&ifmap, &filter, &ofmap}, dma, stats),
          ctrl("controller", program, {&ifmap, &filter, &ofmap}, dma, array),
          cmd_fifo("cmd_fifo", kCommandQueueDepth) {
        dma.mem.bind(noc.target);
        noc.initiator.bind(dram.socket);
        dma.spm[0].bind(ifmap.socket);
        dma.spm[1].bind(filter.socket);
        dma.spm[2].bind(ofmap.socket);
        ctrl.cmds(cmd_fifo);
        array.cmds(cmd_fifo);
    }
};

LayerResult make_result(const LayerPlan& plan, const StatRegistry& st, const Boundary& b,
                        const ClockDomain& clk, double mhz, int64_t pes);

}  // namespace

RunResult simulate(const Config& cfg, const TiledProgram& program) {
    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    System sys(cfg, program);
    std::vector<Boundary> bounds(static_cast<size_t>(program.num_layers()));
    sys.ctrl.boundary = [&](int64_t layer, bool begin) {
        Boundary& b = bounds[static_cast<size_t>(layer)];
        (begin ? b.before : b.after) = sys.stats.snapshot();
        (begin ? b.t0 : b.t1) = sc_core::sc_time_stamp();
    };
    sc_core::sc_start();
    RunResult r;
    r.config_name = cfg.name;
    r.clock_mhz = cfg.clock_mhz;
    r.pes = cfg.array.rows * cfg.array.cols;
    for (int64_t i = 0; i < program.num_layers(); ++i) {
        const Boundary& b = bounds[static_cast<size_t>(i)];
        if (b.after.empty())
            throw std::logic_error(fmt::format("layer {} did not finish", program.layer(i).name));
        r.layers.push_back(make_result(program.plan(i), sys.stats, b, sys.clk, cfg.clock_mhz,
                                       r.pes));
    }
    for (const Counter& c : sys.stats.counters())
        r.stats_text += fmt::format("{:<34} {:>16} {:<8} # {}\n", c.name, c.value, c.unit, c.desc);
    return r;
}

namespace {

LayerResult make_result(const LayerPlan& plan, const StatRegistry& st, const Boundary& b,
                        const ClockDomain& clk, double mhz, int64_t pes) {
    auto d = [&](const char* name) {
        const size_t i = st.index(name);
        return b.after[i] - b.before[i];
    };
    const LayerInfo& info = plan.info();
    LayerResult r;
    r.name = info.name;
    r.type = info.type;
    r.macs = info.macs;
    r.folds = info.folds;
    const int64_t elapsed = clk.cycles_to_cover(b.t1 - b.t0);
    const int64_t stream = d("array.stream_cycles");
    r.stall_ifmap_cycles = d("array.stall_ifmap_cycles");
    r.stall_filter_cycles = d("array.stall_filter_cycles");
    r.stall_ofmap_cycles = d("array.stall_ofmap_cycles");
    r.stall_cycles = r.stall_ifmap_cycles + r.stall_filter_cycles + r.stall_ofmap_cycles;
    r.load_cycles = d("array.load_cycles");
    const int64_t busy = r.load_cycles + stream + d("array.skew_cycles");
    if (busy + r.stall_cycles != elapsed)
        throw std::logic_error(fmt::format("layer {}: cycle accounting {} + {} != {}", r.name, busy,
                                           r.stall_cycles, elapsed));
    // SCALE-Sim reports the index of the last cycle: one less than the cycles elapsed.
    r.total_cycles = elapsed - 1;
    r.ideal_cycles = plan.ideal_cycles();
    r.mapping_loss_cycles = stream - r.ideal_cycles;
    r.fill_drain_cycles = d("array.skew_cycles") - 1;
    const FoldGeometry& g = plan.geometry();
    r.mapping_efficiency_pct = 100.0 * static_cast<double>(g.Sr) * static_cast<double>(g.Sc) /
                               (static_cast<double>(g.folds()) * static_cast<double>(pes));
    const double macs = static_cast<double>(r.macs), p = static_cast<double>(pes);
    r.compute_util_pct = 100.0 * macs / (p * static_cast<double>(busy));
    r.overall_util_pct = 100.0 * macs / (p * static_cast<double>(std::max<int64_t>(1, r.total_cycles)));
    r.ifmap_sram_read_bytes = d("ifmap_spm.array_read_bytes");
    r.ifmap_sram_write_bytes = d("ifmap_spm.dma_write_bytes");
    r.filter_sram_read_bytes = d("filter_spm.array_read_bytes");
    r.filter_sram_write_bytes = d("filter_spm.dma_write_bytes");
    r.ofmap_sram_read_bytes = d("ofmap_spm.array_read_bytes") + d("ofmap_spm.dma_read_bytes");
    r.ofmap_sram_write_bytes = d("ofmap_spm.array_write_bytes") + d("ofmap_spm.dma_write_bytes");
    r.dram_read_bytes = d("dram.read_bytes");
    r.dram_write_bytes = d("dram.write_bytes");
    const double bytes = static_cast<double>(r.dram_read_bytes + r.dram_write_bytes);
    // bytes per cycle x cycles per second = bytes/s; MHz x 1e6 / 1e9 = MHz / 1e3.
    r.dram_bw_demand_gbps = bytes * mhz / 1e3 / static_cast<double>(busy);
    r.dram_bw_achieved_gbps = bytes * mhz / 1e3 / static_cast<double>(elapsed);
    return r;
}

}  // namespace

}  // namespace sasim
