#include "sim/mapping/walker.hpp"

#include <algorithm>
#include <utility>

#include "sim/mapping/band.hpp"

namespace sasim {

namespace {

constexpr int kFull = 0, kFixed = 1, kStep = 2;

}  // namespace

MappedWalker::MappedWalker(const MappedLayer& ml)
    : ml_(ml), full_(ml.shape), s_(ml.shape), m_(ml.map), m_loop_(m_loop(ml.shape.df)),
      bands_(band_count(ml.shape, banded(ml.shape, ml.map) ? ml.map.band : 0)) {
    rows_fetched_.assign(static_cast<size_t>(ml.layer.N), {0, 0});
}

bool MappedWalker::next(ProgramEvent& e) {
    while (q_.empty()) {
        if (done_ || !advance()) {
            done_ = true;
            return false;
        }
        emit_step();
    }
    q_.pop(e);
    return true;
}

Span MappedWalker::span(Loop l, int gran) const {
    Span r = band_span(l, gran);
    if (l == m_loop_) {
        r.lo += m_off_;
        r.hi += m_off_;
    }
    return r;
}

Span MappedWalker::band_span(Loop l, int gran) const {
    const int64_t i = idx_[static_cast<size_t>(m_.position(l))];
    if (l == Loop::t) {
        if (gran == kFull) return {0, s_.fg.T};
        const int64_t tile = s_.block(Loop::t, m_);
        const Span tile_span{i * tile, std::min(s_.fg.T, (i + 1) * tile)};
        if (gran == kFixed) return tile_span;
        return {tile_span.lo + k_ * m_.step, std::min(tile_span.hi, tile_span.lo + (k_ + 1) * m_.step)};
    }
    if (gran == kFull) return {0, s_.extent(l)};
    const int64_t blk = s_.block(l, m_);
    return {i * blk, std::min(s_.extent(l), (i + 1) * blk)};
}

void MappedWalker::begin_group() {
    pieces_.clear();
    band_ = 0;
    begin_band();
}

void MappedWalker::begin_band() {
    const Span b = band_at(full_, bands_ > 1 ? m_.band : 0, band_);
    s_ = bands_ > 1 ? band_shape(full_, b.size()) : full_;
    m_off_ = b.lo;
    for (auto& r : rows_fetched_) r = {0, 0};
    for (int p = 0; p < 3; ++p) {
        idx_[static_cast<size_t>(p)] = 0;
        trips_[static_cast<size_t>(p)] = s_.trips(m_.order[static_cast<size_t>(p)], m_);
    }
}

// The band's tiles held per loop and its whole ifmap go; a whole filter stays for the next band.
void MappedWalker::end_band() {
    for (Operand o : {Operand::ifmap, Operand::filter}) {
        const int oi = static_cast<int>(o);
        release(o, held_[oi].bytes + (o == Operand::ifmap ? whole_bytes_[oi] : 0));
        held_[oi] = Held{};
        if (o == Operand::ifmap) whole_bytes_[oi] = 0;
    }
}

void MappedWalker::end_group() {
    for (Operand o : {Operand::ifmap, Operand::filter}) {
        const int oi = static_cast<int>(o);
        release(o, held_[oi].bytes + whole_bytes_[oi]);
        held_[oi] = Held{};
        whole_bytes_[oi] = 0;
    }
}

bool MappedWalker::advance() {
    if (!started_) {
        started_ = true;
        begin_group();
    } else if (++k_ < steps_in_fold_) {
        return true;
    } else {
        k_ = 0;
        ++fold_;
        int p = 2;
        while (p >= 0 && ++idx_[static_cast<size_t>(p)] == trips_[static_cast<size_t>(p)]) {
            idx_[static_cast<size_t>(p)] = 0;
            --p;
        }
        if (p < 0) {
            end_band();
            if (++band_ < bands_) {
                begin_band();
            } else {
                end_group();
                if (++g_ == s_.groups) return false;
                begin_group();
            }
        }
    }
    const Span t = span(Loop::t, kFixed);
    steps_in_fold_ = (t.size() + m_.step - 1) / m_.step;
    return true;
}

void MappedWalker::fill(Operand o, int64_t bytes, AddrList addr, int64_t after_store) {
    q_.fill(o, bytes, std::move(addr), step_, after_store);
}

void MappedWalker::release(Operand o, int64_t bytes) { q_.release(o, bytes); }

// Filter tiles are packed contiguously (the compiler lays the weights out as the mapping reads
// them): a tile [k0, k1) x [n0, n1) of a group starts at (k0 * N + n0 * (k1 - k0)) words.
AddrList MappedWalker::tile_addr(Operand o, const Span& s1, const Span& s2,
                                 const std::array<int64_t, 4>&, int64_t bytes) const {
    const Layer& l = ml_.layer;
    const int64_t wb = s_.word_bytes;
    if (o == Operand::ifmap)
        return ifmap_block(l, ml_.place.ifmap, g_, s1.lo, s1.hi, s2.lo, s2.hi, ml_.layout, wb);
    const int64_t Ktot = s_.gemm.K, Ntot = s_.gemm.N;
    const uint64_t group = static_cast<uint64_t>(g_ * Ktot * Ntot * wb);
    const uint64_t off = static_cast<uint64_t>((s1.lo * Ntot + s2.lo * s1.size()) * wb);
    AddrPattern p;
    p.base = ml_.place.filter_base + group + off;
    p.run = bytes;
    return {p};
}

void MappedWalker::input_fills(Operand o) {
    const int oi = static_cast<int>(o);
    int lv = m_.level[oi];
    if (lv == kLevelWhole) return whole_fill(o);
    const auto [l1, l2] = operand_sides(s_.df, o);
    if (lv == kLevelStep && o != s_.roles.X) {
        const Span a = span(l1, l1 == Loop::t ? kStep : kFixed);
        const Span b = span(l2, l2 == Loop::t ? kStep : kFixed);
        const int64_t elems = a.size() * b.size();
        AddrList addr = tile_addr(o, a, b, {}, elems * s_.word_bytes);
        const int64_t bytes = o == Operand::ifmap ? total_bytes(addr) : elems * s_.word_bytes;
        fill(o, bytes, std::move(addr));
        step_release_[oi] += bytes;
        return;
    }
    if (lv == kLevelStep) lv = 3;  // the stationary block: one per fold execution
    std::array<int64_t, 4> key{g_ * bands_ + band_, -1, -1, -1};
    for (int p = 0; p < lv; ++p) key[static_cast<size_t>(p + 1)] = idx_[static_cast<size_t>(p)];
    if (key == held_[oi].key) return;
    release(o, held_[oi].bytes);
    auto gran = [&](Loop l) { return m_.position(l) < lv ? kFixed : kFull; };
    const Span a = span(l1, gran(l1)), b = span(l2, gran(l2));
    AddrList addr = tile_addr(o, a, b, key, a.size() * b.size() * s_.word_bytes);
    const int64_t bytes = o == Operand::ifmap ? total_bytes(addr) : a.size() * b.size() * s_.word_bytes;
    held_[oi] = Held{key, bytes};
    fill(o, bytes, std::move(addr));
}

// A whole operand is fetched once per group, piece by piece as steps first need it: input rows
// of each image beyond those already fetched; filter tiles (per fold or per step) not yet held.
void MappedWalker::whole_fill(Operand o) {
    const int oi = static_cast<int>(o);
    const auto [l1, l2] = operand_sides(s_.df, o);
    auto gran = [](Loop l) { return l == Loop::t ? kStep : kFixed; };
    const Span a = span(l1, gran(l1)), b = span(l2, gran(l2));
    const Layer& l = ml_.layer;
    const int64_t wb = s_.word_bytes;
    if (o == Operand::filter) {
        const int64_t key = a.lo * (s_.gemm.N + 1) + b.lo;
        if (!pieces_.insert(key).second) return;
        const int64_t bytes = a.size() * b.size() * wb;
        whole_bytes_[oi] += bytes;
        fill(o, bytes, tile_addr(o, a, b, {}, bytes));
        return;
    }
    const WindowBox wbx = window_box(b.lo, b.hi, l.S, l.Cg());
    AddrList addr;
    for (const PixelRect& r : pixel_rects(a.lo, a.hi, l.P(), l.Q())) {
        int64_t h0, h1;
        input_rows(l, r.p0, r.p1, wbx.r0, wbx.r1, h0, h1);
        if (h1 <= h0) continue;
        for (int64_t n = r.n0; n < r.n1; ++n) {
            auto& [lo, hi] = rows_fetched_[static_cast<size_t>(n)];
            if (hi <= lo) {
                lo = h0;
                hi = h0;
            }
            // The rows fetched stay one interval (their hull), as the cost model counts them.
            if (h0 < lo) addr.push_back(ifmap_rows(l, ml_.place.ifmap, g_, n, h0, lo, ml_.layout, wb));
            if (h1 > hi) addr.push_back(ifmap_rows(l, ml_.place.ifmap, g_, n, hi, h1, ml_.layout, wb));
            lo = std::min(lo, h0);
            hi = std::max(hi, h1);
        }
    }
    const int64_t bytes = total_bytes(addr);
    whole_bytes_[oi] += bytes;
    fill(o, bytes, std::move(addr));
}

int64_t MappedWalker::psum_key() const {
    const Span b = span(Loop::b, kFixed), t = span(Loop::t, kStep);
    return (g_ * (full_.extent(Loop::b) + 1) + b.lo) * (full_.fg.T + 1) + t.lo;
}

void MappedWalker::emit_step() {
    const int64_t a = idx_[static_cast<size_t>(m_.position(Loop::a))];
    for (Operand o : {s_.roles.X, s_.roles.Y, s_.roles.Z})
        if (o != Operand::ofmap) input_fills(o);
    if (s_.roles.psums && !m_.psum_onchip && a > 0) {  // read back the previous row fold's sums
        const Span b = span(Loop::b, kFixed), t = span(Loop::t, kStep);
        const int64_t bytes = b.size() * t.size() * s_.psum_bytes;
        const auto it = psum_store_.find(psum_key());
        const int64_t after = it == psum_store_.end() ? -1 : it->second;
        if (it != psum_store_.end()) psum_store_.erase(it);
        AddrPattern p;
        p.base = ml_.place.psum_base +
                 static_cast<uint64_t>((g_ * full_.fg.Sc * full_.fg.T + b.lo * full_.fg.T +
                                        t.lo * b.size()) *
                                       s_.psum_bytes);
        p.run = bytes;
        fill(Operand::ofmap, bytes, {p}, after);
        step_release_[static_cast<int>(Operand::ofmap)] += bytes;
    }
    make_step();
    for (int o = 0; o < kOperands; ++o) {
        release(static_cast<Operand>(o), step_release_[o]);
        step_release_[o] = 0;
    }
}

void MappedWalker::make_step() {
    const Span as = span(Loop::a, kFixed), bs = span(Loop::b, kFixed), ts = span(Loop::t, kStep);
    const int64_t a = idx_[static_cast<size_t>(m_.position(Loop::a))];
    const int64_t rows = as.size(), cols = bs.size(), t = ts.size();
    const int64_t wb = s_.word_bytes, pb = s_.psum_bytes;
    ProgramEvent e;
    e.kind = ProgramEvent::kStep;
    StepCmd& c = e.step;
    c.index = step_;
    c.fold = fold_;
    c.first_in_fold = k_ == 0;
    c.last_in_fold = k_ == steps_in_fold_ - 1;
    const FoldCycles fc = fold_cycles(s_.df, s_.arr, span(Loop::t, kFixed).size(), fold_ == 0,
                                      s_.preload);
    c.load_cycles = c.first_in_fold ? fc.load : 0;
    c.stream_cycles = t;
    c.skew_cycles = c.last_in_fold ? fc.skew : 0;
    q_.stamp(c);
    auto& rd = c.sram_read_bytes;
    const int xi = static_cast<int>(s_.roles.X), yi = static_cast<int>(s_.roles.Y);
    if (s_.df == Dataflow::os) {
        rd[yi] = t * rows * wb;
        rd[static_cast<int>(s_.roles.Z)] = t * cols * wb;
    } else {
        if (c.first_in_fold) rd[xi] = rows * cols * wb;
        rd[yi] = t * rows * wb;  // ws: M-step x window rows; is: window rows x filter step
    }
    const Layer& l = ml_.layer;
    auto output = [&](int64_t m0, int64_t m1, int64_t k0, int64_t k1, int64_t bytes) {
        c.store.id = q_.next_store_id();
        c.store.bytes = bytes;
        c.store.addr = ofmap_block(l, ml_.place.ofmap, g_, m0, m1, k0, k1, ml_.layout, wb);
    };
    if (s_.df == Dataflow::os) {
        if (c.last_in_fold) {
            c.sram_write_bytes_ofmap = rows * cols * wb;
            output(as.lo, as.hi, bs.lo, bs.hi, rows * cols * wb);
        }
    } else {
        const int64_t out = t * cols;
        // Output block: ws M = step, N = column block; is M = column block, N = step.
        const Span m = s_.df == Dataflow::ws ? ts : bs, n = s_.df == Dataflow::ws ? bs : ts;
        const bool last = a == s_.fg.row_folds - 1;
        if (s_.fg.row_folds == 1) {
            c.sram_write_bytes_ofmap = out * wb;
        } else {
            c.sram_write_bytes_ofmap = out * pb;
            if (a > 0) rd[static_cast<int>(Operand::ofmap)] = out * pb;
        }
        if (last) {
            output(m.lo, m.hi, n.lo, n.hi, out * wb);
        } else if (!m_.psum_onchip) {
            c.store.id = q_.next_store_id();
            c.store.bytes = out * pb;
            c.store.psum = true;
            AddrPattern p;
            p.base = ml_.place.psum_base +
                     static_cast<uint64_t>((g_ * full_.fg.Sc * full_.fg.T + bs.lo * full_.fg.T +
                                            ts.lo * cols) *
                                           pb);
            p.run = out * pb;
            c.store.addr = {p};
            psum_store_[psum_key()] = c.store.id;
        }
    }
    ++step_;
    q_.push(std::move(e));
}

}  // namespace sasim
