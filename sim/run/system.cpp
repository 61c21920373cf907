#include "sim/run/system.hpp"

#include <fmt/format.h>

#include <climits>
#include <memory>
#include <stdexcept>

#include "models/common/clock.hpp"
#include "models/common/completion_book.hpp"
#include "models/control/controller.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/dram/ddr_memory.hpp"
#include "models/dram/dram.hpp"
#include "models/interconnect/interconnect.hpp"
#include "models/sram/scratchpad.hpp"
#include "models/systolic/systolic_array.hpp"
#include "models/vector/vector_unit.hpp"
#include "sim/base/errors.hpp"
#include "sim/mapping/program.hpp"
#include "sim/run/layer_energy.hpp"
#include "sim/run/layer_result.hpp"
#include "sim/run/timeline.hpp"
#include "sim/run/trace.hpp"

namespace sasim {

namespace {

constexpr int kCommandQueueDepth = 4;

std::unique_ptr<DramTiming> make_dram_timing(const DramParams& p, const ClockDomain& clk) {
    switch (p.model) {
        case DramModel::ideal:
            return std::make_unique<IdealDram>(p.burst_bytes);
        case DramModel::bandwidth:
            return std::make_unique<BandwidthDram>(
                p.bandwidth_gbps, clk.period_fs() * static_cast<uint64_t>(p.latency_cycles),
                p.burst_bytes);
        default:
            throw std::logic_error("not a single-channel DRAM model");
    }
}

// Peak GB/s of a bank-level DRAM: every channel's bus, two beats per clock.
double ddr_peak_gbps(const DdrParams& d) {
    return static_cast<double>(d.channels * d.bus_bits / 8 * 2) / d.tck_ns;
}

// Peak GB/s of the metered stage (System::meter): the DRAM's, or the link's when DRAM is ideal;
// -1 when unlimited.
double supply_ceiling_gbps(const Config& c) {
    if (c.dram.model == DramModel::bandwidth) return c.dram.bandwidth_gbps;
    if (is_bank_level(c.dram.model)) return ddr_peak_gbps(c.dram.ddr);
    if (c.interconnect.bytes_per_cycle > 0)
        return static_cast<double>(c.interconnect.bytes_per_cycle) * c.clock_mhz / 1e3;
    return -1;
}

struct System {
    StatRegistry stats;
    ClockDomain clk;
    std::unique_ptr<Dram> dram;      // ideal and bandwidth models
    std::unique_ptr<DdrMemory> ddr;  // bank-level models
    Interconnect noc;
    Scratchpad ifmap, filter, ofmap;
    CompletionBook fills, stores;
    AheadFills ahead;  // network.prefetch_filters
    DmaEngine dma;
    SystolicArray array;
    VectorUnit vector;
    Controller ctrl;
    sc_core::sc_fifo<StepCmd> cmd_fifo, vec_fifo;
    ActivityLog dram_queue, dram_bus, link_queue, link_bus, in_flight, local_copy;  // stall causes
    PathReaders readers;  // array, vector unit

    System(const Config& c, const Program& program)
        : clk(c.clock_mhz),
          dram(is_bank_level(c.dram.model)
                   ? nullptr
                   : std::make_unique<Dram>("dram", make_dram_timing(c.dram, clk), stats)),
          ddr(is_bank_level(c.dram.model) ? std::make_unique<DdrMemory>("dram", c.dram.ddr, stats)
                                          : nullptr),
          noc("noc", c.interconnect, clk, stats),
          ifmap("ifmap_spm", c.sram, stats),
          filter("filter_spm", c.sram, stats),
          ofmap("ofmap_spm", c.sram, stats),
          dma("dma", c.dma, {&ifmap, &filter, &ofmap}, fills, stores, stats),
          array("array", clk, program, {&ifmap, &filter, &ofmap}, dma, fills, stores, stats),
          vector("vector", clk, program, {&ifmap, &filter, &ofmap}, dma, fills, stores, stats),
          ctrl("controller", program, {&ifmap, &filter, &ofmap}, dma, fills, stores,
               array.layer_done(), vector.layer_done(),
               c.network.prefetch_filters ? &ahead : nullptr),
          cmd_fifo("cmd_fifo", kCommandQueueDepth),
          vec_fifo("vec_fifo", kCommandQueueDepth) {
        dma.mem.bind(noc.target);
        dma.set_ahead_books(ahead.book_at(0), ahead.book_at(1));
        dma.set_copy_clock(&clk);  // network.keep_ofmap's copies, ofmap to ifmap scratchpad
        if (c.network.prefetch_filters) array.ahead = vector.ahead = &ahead;
        if (ddr)
            noc.initiator.bind(ddr->socket);
        else
            noc.initiator.bind(dram->socket);
        ctrl.cmds(cmd_fifo);
        array.cmds(cmd_fifo);
        ctrl.vec_cmds(vec_fifo);
        vector.cmds(vec_fifo);
        // Stall causes (stall_attribution.hpp): what the DRAM, the link and the DMA report.
        PathActivity& a = array.activity;
        if (ddr) {
            ddr->queue_log = a.dram_queue = &dram_queue;
        } else if (c.dram.model == DramModel::bandwidth) {
            dram->queue_log = a.dram_queue = &dram_queue;
            dram->bus_log = a.dram_bus = &dram_bus;
        }
        if (c.interconnect.bytes_per_cycle > 0) {
            noc.queue_log = a.link_queue = &link_queue;
            noc.bus_log = a.link_bus = &link_bus;
        }
        dma.in_flight_log = a.in_flight = &in_flight;
        dma.local_copy_log = a.local_copy = &local_copy;
        // The vector unit reads the same logs. Layers run one after another, so the two never
        // stall at once; the readers keep each unit's open stall from the other's forgetting
        // all the same.
        a.readers = &readers;
        vector.activity = a;
    }

    // Every model's reading over an interval (a layer that ran on `unit`).
    LayerReadings read(const StatSpan& s, ExecUnit unit) const {
        LayerReadings r;
        r.unit = unit == ExecUnit::vector ? vector.reading(s) : array.reading(s);
        r.sram[0] = ifmap.reading(s);
        r.sram[1] = filter.reading(s);
        r.sram[2] = ofmap.reading(s);
        r.dma = dma.reading(s);
        r.link = noc.reading(s);
        r.dram = ddr ? ddr->reading(s) : dram->reading(s);
        return r;
    }

    // Bytes moved over time are measured where the memory path's bandwidth is set: the DRAM's
    // data bus, or the link when DRAM is ideal.
    template <class F>
    void meter(const Config& c, F f) {
        if (ddr)
            ddr->meter = f;
        else if (c.dram.model == DramModel::ideal && c.interconnect.bytes_per_cycle > 0)
            noc.meter = f;
        else
            dram->meter = f;
    }
};

void attach_trace(System& sys, ChromeTrace& t) {
    const char* names[] = {"layers",        "array",           "DMA ifmap fill", "DMA filter fill",
                           "DMA psum fill", "DMA ofmap drain", "interconnect",   "DRAM"};
    for (int i = 0; i <= kTrackDram; ++i) t.name_track(i, names[i]);
    t.name_track(kTrackVector, "vector unit");
    t.name_track(kTrackPrefetch, "layers (prefetch)");
    sys.array.trace = &t;
    sys.vector.trace = &t;
    sys.dma.trace = &t;
    sys.noc.trace = &t;
    if (sys.dram) sys.dram->trace = &t;
    if (sys.ddr) {
        sys.ddr->set_trace(&t);
        for (int64_t ch = 0; ch < sys.ddr->channels(); ++ch)
            t.name_track(kTrackDram + static_cast<int>(ch), fmt::format("DRAM channel {}", ch));
    }
}

// Bandwidth counter tracks, one per DMA stream, from the timeline windows.
void add_counters(ChromeTrace& t, const Timeline& tl, const ClockDomain& clk, double mhz) {
    const char* series[] = {"ifmap GB/s", "filter GB/s", "psum GB/s", "ofmap GB/s"};
    for (int64_t w = 0; w < tl.windows(); ++w)
        for (int s = 0; s < 4; ++s)
            t.counter(
                series[s], clk.cycles(w * tl.window()),
                static_cast<double>(tl.bytes(w, s)) / static_cast<double>(tl.window()) * mhz / 1e3);
}

sc_core::sc_trace_file* open_vcd(System& sys, const std::string& path) {
    sys.array.probe = sys.dma.probe = sys.ctrl.probe = true;
    // SystemC appends ".vcd" to the name it is given.
    std::string base = path;
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0)
        base.resize(base.size() - 4);
    sc_core::sc_trace_file* f = sc_core::sc_create_vcd_trace_file(base.c_str());
    f->set_time_unit(1, sc_core::SC_PS);
    sc_core::sc_trace(f, sys.array.state_sig, "array_state");
    sc_core::sc_trace(f, sys.dma.inflight_sig, "dma_inflight");
    sc_core::sc_trace(f, sys.ctrl.layer_sig, "layer");
    return f;
}

constexpr uint64_t kTimeLimitFs = uint64_t{1} << 62;  // about 4612 s

// timeline.csv is capped at Timeline::kMaxCsvWindows rows: refused up front when even the ideal
// run (MACs / PEs, layer by layer) is longer, else when the run passes the last window.
// `cycles`: how long the run is (at least); `why` says so in words.
std::string too_many_windows(int64_t window, const std::string& why, int64_t cycles) {
    const int64_t max = Timeline::kMaxCsvWindows;
    return fmt::format(
        "config: report.timeline_window_cycles = {}: {}, more than the limit of {} timeline.csv "
        "windows ({} cycles); set it to at least {}, or to 0 for no timeline.csv",
        window, why, max, max * window, (cycles + max - 1) / max);
}

void check_timeline_size(const Config& cfg, const TiledProgram& program) {
    const int64_t window = cfg.report.timeline_window_cycles;
    if (window <= 0) return;
    int64_t ideal = 0;
    for (int64_t i = 0; i < program.num_layers(); ++i) {  // saturating: up to 10^5 x 10^15
        const int64_t c = program.plan(i).ideal_cycles();
        ideal = c > INT64_MAX - ideal ? INT64_MAX : ideal + c;
    }
    if ((ideal + window - 1) / window > Timeline::kMaxCsvWindows)
        throw InputError(
            too_many_windows(window,
                             fmt::format("even with ideal memory the run lasts at least {} cycles "
                                         "(MACs / PEs, layer by layer)",
                                         ideal),
                             ideal));
}

}  // namespace

RunResult simulate(const Config& cfg, const TiledProgram& program, const SimOptions& opt) {
    check_timeline_size(cfg, program);
    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    // SystemC's info notes ("tracing timescale unit set", "Simulation stopped by user.") are
    // not for users; warnings and errors still are.
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    System sys(cfg, program);
    ChromeTrace trace(opt.trace_max_spans);
    if (opt.trace) attach_trace(sys, trace);
    sc_core::sc_trace_file* vcd = opt.vcd_path.empty() ? nullptr : open_vcd(sys, opt.vcd_path);
    const size_t n = static_cast<size_t>(program.num_layers());
    std::vector<LayerSpan> spans(n);
    std::vector<sc_core::sc_time> starts(n);
    std::vector<sc_core::sc_time> early_from(n);  // the layer's first fill made early
    std::vector<int64_t> early_bytes(n, 0);
    sys.ctrl.boundary = [&](int64_t layer, bool begin) {
        const size_t i = static_cast<size_t>(layer);
        if (begin && cfg.network.prefetch_filters) {
            early_bytes[i] = sys.ahead.bytes(layer);
            early_from[i] = sys.ahead.first(layer);
        }
        if (begin) {
            spans[i].before = sys.stats.snapshot();
            starts[i] = sc_core::sc_time_stamp();
        } else {
            spans[i].after = sys.stats.snapshot();
            spans[i].cycles = sys.clk.cycles_to_cover(sc_core::sc_time_stamp() - starts[i]);
        }
    };
    const int64_t window = cfg.report.timeline_window_cycles;
    const int64_t bucket = window > 0 ? window : 10000;  // the trace's counters need windows too
    Timeline timeline(bucket, cfg.clock_mhz, sys.clk.period_fs(), supply_ceiling_gbps(cfg),
                      window > 0 ? Timeline::kMaxCsvWindows : INT64_MAX);
    // Windows past the last one are not recorded; the run goes on so that the error can say
    // how long it is (and so what window would do).
    bool past_last_window = false;
    if (window > 0 || opt.trace)
        sys.meter(cfg, [&](int stream, int64_t bytes, const sc_core::sc_time& begin,
                           const sc_core::sc_time& end) {
            if (!timeline.add(stream, bytes, begin.value(), end.value())) past_last_window = true;
        });
    // Simulated time runs on a 1 fs base in 64 bits: stop at 2^62 fs, far enough from the wrap
    // at 2^64 that no single delay can cross it, and refuse the run instead of wrapping.
    const sc_core::sc_time time_limit = sc_core::sc_time::from_value(kTimeLimitFs);
    sc_core::sc_start(time_limit, sc_core::SC_EXIT_ON_STARVATION);
    const bool out_of_time = sc_core::sc_pending_activity();
    const int64_t end_cycle = sys.clk.cycles_to_cover(sc_core::sc_time_stamp());
    if (vcd) {
        // SystemC writes a time step's values when time moves on: step 1 fs further so that
        // the values of the run's last instant reach the file.
        if (!out_of_time) sc_core::sc_start(sc_core::sc_time::from_value(1));
        sc_core::sc_close_vcd_trace_file(vcd);
    }
    // Errors found by running are returned, not thrown: an exception thrown after SystemC's
    // coroutines ran confuses AddressSanitizer's idea of the current stack.
    RunResult failed;
    if (out_of_time) {
        size_t running = 0;
        while (running + 1 < n && !spans[running].after.empty()) ++running;
        failed.error = fmt::format(
            "config: the run passed the simulator's time limit of {:.3f} s of simulated time "
            "(2^62 fs at its 1 fs resolution; {} cycles at clock_mhz = {}) in layer '{}'; "
            "shorten it (a higher clock, shorter latencies, more bandwidth or a smaller "
            "workload)",
            static_cast<double>(kTimeLimitFs) * 1e-15, sys.clk.cycles_to_cover(time_limit),
            cfg.clock_mhz, program.layer(static_cast<int64_t>(running)).name);
        return failed;
    }
    if (window > 0 &&
        (past_last_window || (end_cycle + window - 1) / window > Timeline::kMaxCsvWindows)) {
        failed.error =
            too_many_windows(window, fmt::format("the run lasts {} cycles", end_cycle), end_cycle);
        return failed;
    }
    RunResult r;
    r.config_name = cfg.name;
    r.design = fmt::format(
        "{}x{} {} array, {}/{}/{} KiB scratchpads, {} DRAM", cfg.array.rows, cfg.array.cols,
        to_string(cfg.array.dataflow), cfg.sram.ifmap_kb, cfg.sram.filter_kb, cfg.sram.ofmap_kb,
        cfg.dram.model == DramModel::bandwidth ? fmt::format("{:g} GB/s", cfg.dram.bandwidth_gbps)
                                               : std::string(to_string(cfg.dram.model)));
    r.clock_mhz = cfg.clock_mhz;
    r.pes = cfg.array.rows * cfg.array.cols;
    r.area = design_area(energy_design(cfg), cfg.energy);
    std::vector<int64_t> first_cycle;
    std::vector<std::string> names;
    for (size_t i = 0; i < n; ++i) {
        if (spans[i].after.empty())
            throw std::logic_error(fmt::format("layer {} did not finish", program.layer(i).name));
        spans[i].read = sys.read(StatSpan(spans[i].before, spans[i].after),
                                 program.layer(static_cast<int64_t>(i)).unit);
        if (i > 0) spans[i].early_in = spans[i - 1].read.dma.early_bytes;
        if (i > 0) spans[i].landed_in = spans[i - 1].read.dma.early_landed;
        r.layers.push_back(make_layer_result(program.plan(i), spans[i], cfg));
        first_cycle.push_back(sys.clk.cycles_to_cover(starts[i]));
        names.push_back(r.layers.back().name);
    }
    for (const Counter& c : sys.stats.counters())
        r.stats_text += fmt::format("{:<34} {:>16} {:<8} # {}\n", c.name, c.value, c.unit, c.desc);
    if (window > 0) r.timeline_csv = timeline.csv(first_cycle, names, end_cycle);
    if (opt.trace) {
        for (size_t i = 0; i < n; ++i) {
            trace.span(kTrackLayers, names[i], starts[i],
                       starts[i] + sys.clk.cycles(spans[i].cycles));
            // From the first early fill to the layer's start: inside the layer before it.
            if (early_bytes[i] > 0)
                trace.span(kTrackPrefetch,
                           fmt::format("{}: {} B of filters early", names[i], early_bytes[i]),
                           early_from[i], starts[i]);
        }
        add_counters(trace, timeline, sys.clk, cfg.clock_mhz);
        r.trace_json = trace.json();
    }
    return r;
}

}  // namespace sasim
