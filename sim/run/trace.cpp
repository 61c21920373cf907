#include "sim/run/trace.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/base/text.hpp"

namespace sasim {

namespace {

// Trace-event times are microseconds; print to the femtosecond-free nanosecond.
std::string us(uint64_t fs) { return fmt::format("{:.6f}", static_cast<double>(fs) / 1e9); }

// Grows `v` like push_back would, but never past `cap` + 1 elements (the most it holds).
template <class T>
void reserve_one_more(std::vector<T>& v, int64_t cap) {
    if (v.size() < v.capacity()) return;
    const size_t most = static_cast<size_t>(cap) + 1;
    v.reserve(std::min(most, std::max<size_t>(16, 2 * v.capacity())));
}

// The smallest shift that puts [lo, hi] into at most `cap` buckets of width 2^shift.
unsigned shift_for(uint64_t lo, uint64_t hi, int64_t cap) {
    unsigned s = 0;
    while (s < 63 && (hi >> s) - (lo >> s) + 1 > static_cast<uint64_t>(cap)) ++s;
    return s;
}

}  // namespace

void ChromeTrace::span(int track, std::string name, const sc_core::sc_time& begin,
                       const sc_core::sc_time& end) {
    Track& t = tracks_[track];
    if (t.bucketed) {
        add_bucketed(t, begin.value(), end.value(), std::move(name));
        return;
    }
    reserve_one_more(t.exact, cap());
    t.exact.push_back(Span{begin.value(), end.value(), std::move(name)});
    if (static_cast<int64_t>(t.exact.size()) > cap()) to_buckets(t);
}

void ChromeTrace::async(int track, std::string name, int64_t, const sc_core::sc_time& begin,
                        const sc_core::sc_time& end) {
    tracks_[track].async = true;
    span(track, std::move(name), begin, end);
}

// From spans one by one to online buckets, fed in the order the spans were added.
void ChromeTrace::to_buckets(Track& t) {
    uint64_t lo = UINT64_MAX, hi = 0;
    for (const Span& x : t.exact) {
        lo = std::min(lo, x.begin_fs);
        hi = std::max(hi, x.begin_fs);
    }
    t.shift = shift_for(lo, hi, cap());
    t.bucketed = true;
    t.last = t.bins.end();
    std::vector<Span> exact;
    exact.swap(t.exact);  // frees the spans when done
    for (Span& x : exact) add_bucketed(t, x.begin_fs, x.end_fs, std::move(x.name));
}

void ChromeTrace::add_bucketed(Track& t, uint64_t begin, uint64_t end, std::string&& name) {
    const uint64_t key = begin >> t.shift;
    auto it = t.last != t.bins.end() && t.last->first == key ? t.last : t.bins.find(key);
    if (it == t.bins.end()) {
        it = t.bins.emplace(key, Bucket{begin, end, 1, std::move(name)}).first;
    } else {
        Bucket& b = it->second;
        if (begin < b.begin_fs) {  // on a tie the earlier-added span stays first
            b.begin_fs = begin;
            b.first = std::move(name);
        }
        b.end_fs = std::max(b.end_fs, end);
        ++b.count;
    }
    t.last = it;
    // Too many buckets: double their width, merging pairs (a lower key starts earlier).
    while (static_cast<int64_t>(t.bins.size()) > cap()) {
        ++t.shift;
        std::map<uint64_t, Bucket> merged;
        for (auto& [k, b] : t.bins) {
            if (!merged.empty() && merged.rbegin()->first == (k >> 1)) {
                Bucket& m = merged.rbegin()->second;
                m.end_fs = std::max(m.end_fs, b.end_fs);
                m.count += b.count;
            } else {
                merged.emplace_hint(merged.end(), k >> 1, std::move(b));
            }
        }
        t.bins.swap(merged);
        t.last = t.bins.end();
    }
}

void ChromeTrace::counter(const std::string& series, const sc_core::sc_time& at, double value) {
    add_sample(counters_[series], at.value(), value);
}

void ChromeTrace::add_sample(Series& s, uint64_t at, double value) {
    if (!s.bucketed) {
        reserve_one_more(s.exact, cap());
        s.exact.emplace_back(at, value);
        if (static_cast<int64_t>(s.exact.size()) <= cap()) return;
        uint64_t lo = UINT64_MAX, hi = 0;
        for (const auto& [t, v] : s.exact) {
            lo = std::min(lo, t);
            hi = std::max(hi, t);
        }
        s.shift = shift_for(lo, hi, cap());
        s.bucketed = true;
        std::vector<std::pair<uint64_t, double>> exact;
        exact.swap(s.exact);
        for (const auto& [t, v] : exact) add_sample(s, t, v);
        return;
    }
    auto [it, fresh] = s.bins.try_emplace(at >> s.shift, CounterBin{at, 0.0, 0});
    (void)fresh;
    it->second.at_fs = std::min(it->second.at_fs, at);
    it->second.sum += value;
    ++it->second.count;
    while (static_cast<int64_t>(s.bins.size()) > cap()) {
        ++s.shift;
        std::map<uint64_t, CounterBin> merged;
        for (const auto& [k, b] : s.bins) {
            if (!merged.empty() && merged.rbegin()->first == (k >> 1)) {
                CounterBin& m = merged.rbegin()->second;
                m.sum += b.sum;
                m.count += b.count;
            } else {
                merged.emplace_hint(merged.end(), k >> 1, b);
            }
        }
        s.bins.swap(merged);
    }
}

int64_t ChromeTrace::spans(int track) const {
    auto it = tracks_.find(track);
    return it == tracks_.end() ? 0 : static_cast<int64_t>(bounded(it->second).size());
}

int64_t ChromeTrace::stored_entries() const {
    int64_t n = 0;
    for (const auto& [id, t] : tracks_) n += static_cast<int64_t>(t.exact.size() + t.bins.size());
    for (const auto& [name, s] : counters_)
        n += static_cast<int64_t>(s.exact.size() + s.bins.size());
    return n;
}

// Sorted by start; if there are too many, merged into max_spans_ equal-time buckets: bucket
// (begin - t0) / width, where width = (t1 - t0) / max_spans_ + 1 over the track's [t0, t1].
// Online buckets go whole into the bucket of their first span.
// Aggregated buckets of a nesting track that overlap merge into one, so the track still nests.
std::vector<ChromeTrace::Out> ChromeTrace::bounded(const Track& t) const {
    std::vector<Out> out = aggregated(t);
    if (t.async || (!t.bucketed && static_cast<int64_t>(t.exact.size()) <= max_spans_)) return out;
    std::vector<Out> merged;
    for (const Out& x : out) {
        if (!merged.empty() && x.begin_fs < merged.back().end_fs) {
            Out& m = merged.back();
            m.end_fs = std::max(m.end_fs, x.end_fs);
            m.count = std::max<int64_t>(m.count, 1) + std::max<int64_t>(x.count, 1);
            continue;
        }
        merged.push_back(x);
    }
    return merged;
}

std::vector<ChromeTrace::Out> ChromeTrace::aggregated(const Track& t) const {
    std::vector<Out> out;
    if (t.bucketed) {
        if (t.bins.empty()) return out;
        const uint64_t t0 = t.bins.begin()->second.begin_fs;
        uint64_t t1 = t0;
        for (const auto& [k, b] : t.bins) t1 = std::max(t1, b.end_fs);
        const uint64_t width =
            std::max<uint64_t>(1, (t1 - t0) / static_cast<uint64_t>(max_spans_) + 1);
        uint64_t bucket = UINT64_MAX;
        for (const auto& [k, b] : t.bins) {
            const uint64_t i = (b.begin_fs - t0) / width;
            if (i != bucket) {
                out.push_back(Out{b.begin_fs, b.end_fs, 0, &b.first});
                bucket = i;
            }
            out.back().end_fs = std::max(out.back().end_fs, b.end_fs);
            out.back().count += b.count;
        }
        return out;
    }
    const std::vector<Span>& s = t.exact;
    std::vector<uint32_t> order(s.size());  // at most kExactFactor x 10^7 spans
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return s[a].begin_fs < s[b].begin_fs; });
    out.reserve(std::min<size_t>(s.size(), static_cast<size_t>(max_spans_)));
    if (static_cast<int64_t>(s.size()) <= max_spans_) {
        for (uint32_t i : order) out.push_back(Out{s[i].begin_fs, s[i].end_fs, 0, &s[i].name});
        return out;
    }
    const uint64_t t0 = s[order.front()].begin_fs;
    uint64_t t1 = t0;
    for (const Span& x : s) t1 = std::max(t1, x.end_fs);
    const uint64_t width = std::max<uint64_t>(1, (t1 - t0) / static_cast<uint64_t>(max_spans_) + 1);
    uint64_t bucket = UINT64_MAX;
    for (uint32_t i : order) {
        const Span& x = s[i];
        const uint64_t b = (x.begin_fs - t0) / width;
        if (b != bucket) {
            out.push_back(Out{x.begin_fs, x.end_fs, 0, &x.name});
            bucket = b;
        }
        out.back().end_fs = std::max(out.back().end_fs, x.end_fs);
        ++out.back().count;
    }
    return out;
}

std::string ChromeTrace::json() const {
    std::string s = "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n";
    s += "{\"ph\": \"M\", \"pid\": 1, \"name\": \"process_name\", \"args\": {\"name\": "
         "\"sasim accelerator\"}}";
    for (const auto& [track, t] : tracks_) {
        auto n = names_.find(track);
        const std::string name = n != names_.end() ? n->second : fmt::format("track {}", track);
        s += fmt::format(
            ",\n{{\"ph\": \"M\", \"pid\": 1, \"tid\": {}, \"name\": \"thread_name\", \"args\": "
            "{{\"name\": {}}}}}",
            track, json_string(name));
        s += fmt::format(
            ",\n{{\"ph\": \"M\", \"pid\": 1, \"tid\": {}, \"name\": \"thread_sort_index\", "
            "\"args\": {{\"sort_index\": {}}}}}",
            track, track);
        int64_t id = 0;
        for (const Out& x : bounded(t)) {
            const std::string label =
                json_string(x.count > 0 ? fmt::format("{} x {}", x.count, *x.name) : *x.name);
            if (!t.async) {
                s += fmt::format(
                    ",\n{{\"ph\": \"X\", \"pid\": 1, \"tid\": {}, \"name\": {}, \"ts\": {}, "
                    "\"dur\": {}}}",
                    track, label, us(x.begin_fs), us(x.end_fs - x.begin_fs));
                continue;
            }
            for (const char* ph : {"b", "e"})
                s += fmt::format(
                    ",\n{{\"ph\": \"{}\", \"cat\": {}, \"id\": {}, \"pid\": 1, \"tid\": {}, "
                    "\"name\": {}, \"ts\": {}}}",
                    ph, json_string(name), id, track, label,
                    us(ph[0] == 'b' ? x.begin_fs : x.end_fs));
            ++id;
        }
    }
    auto sample = [&s](const std::string& series, uint64_t at, double v) {
        s += fmt::format(
            ",\n{{\"ph\": \"C\", \"pid\": 1, \"name\": {}, \"ts\": {}, \"args\": "
            "{{\"GB/s\": {:.3f}}}}}",
            json_string(series), us(at), v);
    };
    for (const auto& [series, c] : counters_) {
        for (const auto& [at, v] : c.exact) sample(series, at, v);
        for (const auto& [k, b] : c.bins)
            sample(series, b.at_fs, b.sum / static_cast<double>(b.count));
    }
    return s + "\n]}\n";
}

}  // namespace sasim
