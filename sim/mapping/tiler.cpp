#include "sim/mapping/tiler.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/base/errors.hpp"
#include "sim/mapping/footprint.hpp"

namespace sasim {

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

constexpr int64_t kStationaryDepth = 4;

// "net.csv:4: layer 'conv1'" (a layer built in code has no source: "config").
std::string where(const Layer& l) {
    return fmt::format("{}: layer '{}'", l.source.empty() ? "config" : l.source, l.name);
}

// Refuses a scratchpad whose half (one double-buffer slot) cannot hold `need` bytes.
void require_half(int64_t kb, int64_t need, const char* key, const Layer& l, const char* what) {
    if (kb * 1024 / 2 >= need) return;
    throw InputError(
        fmt::format("{}: {} = {} KiB is too small: one {} needs {} bytes per buffer, so the "
                    "double-buffered scratchpad needs at least {} KiB",
                    where(l), key, kb, what, need, ceil_div(2 * need, 1024)));
}

}  // namespace

LayerPlan::LayerPlan(const Layer& layer, const Config& cfg, int64_t table_used)
    : layer_(layer),
      df_(cfg.array.dataflow),
      arr_{cfg.array.rows, cfg.array.cols},
      g_(layer.gemm()),
      preload_(cfg.array.preload),
      groups_(layer.groups),
      wb_(cfg.array.word_bytes),
      psum_b_(cfg.array.psum_bytes) {
    fg_ = fold_geometry(df_, g_, arr_);
    info_.name = layer.name;
    info_.type = to_string(layer.type);
    info_.macs = layer.macs();
    info_.folds = groups_ * fg_.folds();
    info_.groups = groups_;
    choose_chunk(layer, cfg);
    info_.chunks = info_.folds * n_tc_;
    const int64_t ifmap_bytes = layer.N * layer.H * layer.W * layer.Cg() * wb_;
    const int64_t filter_bytes = g_.K * g_.N * wb_;
    info_.resident[0] = ifmap_bytes <= cfg.sram.ifmap_kb * 1024;
    info_.resident[1] = filter_bytes <= cfg.sram.filter_kb * 1024;
    // Stationary blocks (R x C words) queue like a weight FIFO: up to kStationaryDepth folds
    // ahead (TPU v1's holds four tiles), as far as the scratchpad holds them. Deeper prefetch
    // only lets these fills take DRAM time from the streamed operand that is needed sooner.
    const int stat = df_ == Dataflow::ws ? 1 : (df_ == Dataflow::is ? 0 : -1);
    if (stat >= 0) {
        const int64_t cap = stat == 1 ? cfg.sram.filter_kb * 1024 : cfg.sram.ifmap_kb * 1024;
        info_.slots[stat] =
            std::clamp<int64_t>(cap / (arr_.rows * arr_.cols * wb_), 2, kStationaryDepth);
    }
    // Partial sums stay on chip when the accumulators of one column fold fit beside the two
    // output buffers that drain to DRAM.
    ofmap_onchip_ =
        fg_.row_folds == 1 || (df_ == Dataflow::os) ||
        fg_.T * arr_.cols * psum_b_ + 2 * t_chunk_ * arr_.cols * wb_ <= cfg.sram.ofmap_kb * 1024;
    check_limits(layer, table_used);
    count_ifmap(layer);
}

// Products below cannot overflow: validate() bounds tensors to 2^40 elements and MACs to 10^15,
// and M*K, row folds x chunks and folds are all at most MACs.
void LayerPlan::check_limits(const Layer& l, int64_t table_used) const {
    using namespace tiler_limits;
    const int64_t raw = IfmapFootprint::raw_elements(l);
    if (raw > max_footprint_elems)
        throw InputError(fmt::format(
            "{}: the tiler counts DRAM bytes with one table entry per raw input element of a "
            "group, N*H*W*(C/groups) = {}*{}*{}*{} = {}, more than the limit of {} (2^30); "
            "split the layer (smaller batch or image)",
            where(l), l.N, l.H, l.W, l.Cg(), raw, max_footprint_elems));
    const int64_t im2col = g_.M * g_.K;
    if (im2col > max_im2col_elems)
        throw InputError(fmt::format(
            "{}: the tiler walks every im2col element of a group once, M*K = {}*{} = {}, more "
            "than the limit of {} (2^34); split the layer (smaller batch or image)",
            where(l), g_.M, g_.K, im2col, max_im2col_elems));
    const bool per_fold = df_ == Dataflow::is;
    const int64_t a = fg_.row_folds, b = per_fold ? fg_.col_folds : n_tc_;
    const int64_t entries = table_size();
    if (entries > max_table_entries - table_used) {
        const std::string before =
            table_used > 0 ? fmt::format(" ({} with the layers before it)", table_used + entries)
                           : "";
        throw InputError(fmt::format(
            "{}: the tiler keeps one ifmap byte count per {} = {}*{} = {}{}, more than the limit "
            "of {} (2^26) per workload; use a larger array or larger scratchpads",
            where(l),
            per_fold ? "fold, row folds * column folds" : "chunk, row folds * chunks per fold", a,
            b, entries, before, max_table_entries));
    }
}

void LayerPlan::choose_chunk(const Layer& l, const Config& cfg) {
    const int64_t R = arr_.rows, C = arr_.cols;
    const int64_t half_i = cfg.sram.ifmap_kb * 1024 / 2;
    const int64_t half_f = cfg.sram.filter_kb * 1024 / 2;
    const int64_t half_o = cfg.sram.ofmap_kb * 1024 / 2;
    int64_t t = fg_.T;
    switch (df_) {
        case Dataflow::ws:
            require_half(cfg.sram.filter_kb, R * C * wb_, "sram.filter_kb", l, "weight block");
            require_half(cfg.sram.ifmap_kb, R * wb_, "sram.ifmap_kb", l, "ifmap row");
            require_half(cfg.sram.ofmap_kb, C * psum_b_, "sram.ofmap_kb", l, "output row");
            t = std::min({t, half_i / (R * wb_), half_o / (C * psum_b_)});
            break;
        case Dataflow::os:
            require_half(cfg.sram.ifmap_kb, R * wb_, "sram.ifmap_kb", l, "ifmap column");
            require_half(cfg.sram.filter_kb, C * wb_, "sram.filter_kb", l, "filter row");
            require_half(cfg.sram.ofmap_kb, R * C * wb_, "sram.ofmap_kb", l, "output block");
            t = std::min({t, half_i / (R * wb_), half_f / (C * wb_)});
            break;
        case Dataflow::is:
            require_half(cfg.sram.ifmap_kb, R * C * wb_, "sram.ifmap_kb", l, "ifmap block");
            require_half(cfg.sram.filter_kb, R * wb_, "sram.filter_kb", l, "filter column");
            require_half(cfg.sram.ofmap_kb, C * psum_b_, "sram.ofmap_kb", l, "output row");
            t = std::min({t, half_f / (R * wb_), half_o / (C * psum_b_)});
            break;
    }
    t_chunk_ = std::max<int64_t>(1, t);
    n_tc_ = ceil_div(fg_.T, t_chunk_);
}

// DRAM bytes of the ifmap, counted once per layer (groups have equal shapes). A resident ifmap
// costs each raw element once, at its first touch in program order; a streamed one costs each
// block's distinct raw elements every time a fold streams it.
void LayerPlan::count_ifmap(const Layer& layer) {
    IfmapFootprint fp(layer);
    const bool resident = info_.resident[0];
    auto bytes = [&](int64_t m0, int64_t m1, int64_t j0, int64_t j1) {
        return wb_ * (resident ? fp.first_touch(m0, m1, j0, j1) : fp.distinct(m0, m1, j0, j1));
    };
    const int64_t R = arr_.rows, C = arr_.cols;
    if (df_ == Dataflow::is) {  // stationary block (window rows fr) x (pixels fc), per fold
        ifmap_bytes_.resize(static_cast<size_t>(table_size()));
        for (int64_t fc = 0; fc < fg_.col_folds; ++fc)
            for (int64_t fr = 0; fr < fg_.row_folds; ++fr)
                ifmap_bytes_[fc * fg_.row_folds + fr] = bytes(
                    fc * C, fc * C + fg_.cols_used(fc, C), fr * R, fr * R + fg_.rows_used(fr, R));
        return;
    }
    // ws: pixels (chunk) x window (row fold); os: pixels (row fold) x window (chunk).
    ifmap_bytes_.resize(static_cast<size_t>(table_size()));
    for (int64_t fr = 0; fr < fg_.row_folds; ++fr) {
        const int64_t s0 = fr * R, s1 = s0 + fg_.rows_used(fr, R);
        for (int64_t tc = 0; tc < n_tc_; ++tc) {
            const int64_t t0 = tc * t_chunk_, t1 = std::min(fg_.T, t0 + t_chunk_);
            ifmap_bytes_[fr * n_tc_ + tc] =
                df_ == Dataflow::ws ? bytes(t0, t1, s0, s1) : bytes(s0, s1, t0, t1);
        }
    }
}

int64_t LayerPlan::ideal_cycles() const { return ceil_div(info_.macs, arr_.pes()); }

ChunkCmd LayerPlan::chunk(int64_t index) const {
    ChunkCmd c;
    c.index = index;
    const int64_t per_group = fg_.folds() * n_tc_;
    const int64_t in_group = index % per_group;
    const int64_t fold = in_group / n_tc_, tc = in_group % n_tc_;
    const int64_t fc = fold / fg_.row_folds, fr = fold % fg_.row_folds;
    c.fold = (index / per_group) * fg_.folds() + fold;
    c.first_in_fold = tc == 0;
    c.last_in_fold = tc == n_tc_ - 1;
    const int64_t t0 = tc * t_chunk_, t = std::min(t_chunk_, fg_.T - t0);
    const FoldCycles fcyc = fold_cycles(df_, arr_, fg_.T, c.fold == 0, preload_);
    c.load_cycles = c.first_in_fold ? fcyc.load : 0;
    c.stream_cycles = t;
    c.skew_cycles = c.last_in_fold ? fcyc.skew : 0;
    fill_operands(c, fr, fc, tc, t0, t);
    fill_outputs(c, fr, tc, t, fg_.cols_used(fc, arr_.cols));
    if (df_ == Dataflow::os && c.last_in_fold) {
        const int64_t out = fg_.rows_used(fr, arr_.rows) * fg_.cols_used(fc, arr_.cols) * wb_;
        c.store_bytes = out;
        c.sram_write_bytes_ofmap = out;
    }
    return c;
}

void LayerPlan::fill_operands(ChunkCmd& c, int64_t fr, int64_t fc, int64_t tc, int64_t t0,
                              int64_t t) const {
    (void)t0;
    const int64_t rows = fg_.rows_used(fr, arr_.rows), cols = fg_.cols_used(fc, arr_.cols);
    const bool res_i = info_.resident[0], res_f = info_.resident[1];
    auto& ld = c.load_bytes;
    auto& rd = c.sram_read_bytes;
    switch (df_) {
        case Dataflow::ws:
            c.stationary[1] = true;
            ld[1] = c.first_in_fold ? rows * cols * wb_ : 0;
            rd[1] = ld[1];
            ld[0] = (res_i && fc > 0) ? 0 : ifmap_bytes_[fr * n_tc_ + tc];
            rd[0] = t * rows * wb_;
            break;
        case Dataflow::os:
            ld[0] = (res_i && fc > 0) ? 0 : ifmap_bytes_[fr * n_tc_ + tc];
            rd[0] = t * rows * wb_;
            ld[1] = (res_f && fr > 0) ? 0 : t * cols * wb_;
            rd[1] = t * cols * wb_;
            break;
        case Dataflow::is:
            c.stationary[0] = true;
            ld[0] = c.first_in_fold ? ifmap_bytes_[fc * fg_.row_folds + fr] : 0;
            rd[0] = c.first_in_fold ? rows * cols * wb_ : 0;
            ld[1] = (res_f && fc > 0) ? 0 : rows * t * wb_;
            rd[1] = rows * t * wb_;
            break;
    }
}

// ws / is: every chunk produces t x cols outputs, partial sums until the last row fold.
void LayerPlan::fill_outputs(ChunkCmd& c, int64_t fr, int64_t tc, int64_t t, int64_t cols) const {
    (void)tc;
    if (df_ == Dataflow::os) return;
    const int64_t out = t * cols;
    const bool last = fr == fg_.row_folds - 1;
    if (fg_.row_folds == 1) {
        c.store_bytes = out * wb_;
        c.sram_write_bytes_ofmap = out * wb_;
        return;
    }
    c.sram_write_bytes_ofmap = out * psum_b_;
    if (fr > 0) c.sram_read_bytes[2] = out * psum_b_;  // accumulate onto the previous fold's
    if (ofmap_onchip_) {
        c.store_bytes = last ? out * wb_ : 0;
        return;
    }
    if (fr > 0) {
        c.load_bytes[2] = out * psum_b_;
        c.psum_after = c.index - n_tc_;
    }
    c.store_bytes = out * (last ? wb_ : psum_b_);
}

TiledProgram::TiledProgram(const std::vector<Layer>& layers, const Config& cfg) {
    plans_.reserve(layers.size());
    int64_t table_used = 0;
    for (const Layer& l : layers) {
        plans_.emplace_back(l, cfg, table_used);
        table_used += plans_.back().table_entries();
    }
}

std::string dump_program(const TiledProgram& p) {
    std::string s;
    for (int64_t i = 0; i < p.num_layers(); ++i) {
        const LayerInfo& li = p.layer(i);
        const LayerPlan& lp = p.plan(i);
        const FoldGeometry& g = lp.geometry();
        s += fmt::format(
            "layer {} {}: Sr={} Sc={} T={} folds={} ({}x{} per group) chunk_T={} chunks={} "
            "resident: ifmap={} filter={}\n",
            li.name, li.type, g.Sr, g.Sc, g.T, li.folds, g.row_folds, g.col_folds, lp.t_chunk(),
            li.chunks, li.resident[0] ? "yes" : "no", li.resident[1] ? "yes" : "no");
        s += "  chunk fold load stream skew ld_ifmap ld_filter ld_psum store\n";
        for (int64_t j = 0; j < li.chunks; ++j) {
            const ChunkCmd c = p.chunk(i, j);
            s += fmt::format("  {} {} {} {} {} {} {} {} {}\n", c.index, c.fold, c.load_cycles,
                             c.stream_cycles, c.skew_cycles, c.load_bytes[0], c.load_bytes[1],
                             c.load_bytes[2], c.store_bytes);
        }
    }
    return s;
}

}  // namespace sasim
