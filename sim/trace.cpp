#include "sim/trace.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sasim {

namespace {

// Trace-event times are microseconds; print to the femtosecond-free nanosecond.
std::string us(uint64_t fs) { return fmt::format("{:.6f}", static_cast<double>(fs) / 1e9); }

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c < 0x20) {
            out += fmt::format("\\u{:04x}", c);
            continue;
        }
        out += static_cast<char>(c);
    }
    return out + "\"";
}

}  // namespace

void ChromeTrace::span(int track, std::string name, const sc_core::sc_time& begin,
                       const sc_core::sc_time& end) {
    tracks_[track].push_back(Span{begin.value(), end.value(), std::move(name)});
}

void ChromeTrace::counter(const std::string& series, const sc_core::sc_time& at, double value) {
    counters_[series].emplace_back(at.value(), value);
}

int64_t ChromeTrace::spans(int track) const {
    auto it = tracks_.find(track);
    return it == tracks_.end() ? 0 : static_cast<int64_t>(bounded(it->second).size());
}

// Sorted by start; if there are too many, merged into max_spans_ equal-time buckets.
std::vector<ChromeTrace::Span> ChromeTrace::bounded(const std::vector<Span>& in) const {
    std::vector<Span> s = in;
    std::stable_sort(s.begin(), s.end(),
                     [](const Span& a, const Span& b) { return a.begin_fs < b.begin_fs; });
    if (static_cast<int64_t>(s.size()) <= max_spans_) return s;
    const uint64_t t0 = s.front().begin_fs;
    uint64_t t1 = t0;
    for (const Span& x : s) t1 = std::max(t1, x.end_fs);
    const uint64_t width = std::max<uint64_t>(1, (t1 - t0) / static_cast<uint64_t>(max_spans_) + 1);
    std::vector<Span> out;
    uint64_t bucket = UINT64_MAX;
    int64_t count = 0;
    std::string first;
    for (const Span& x : s) {
        const uint64_t b = (x.begin_fs - t0) / width;
        if (b != bucket) {
            if (count > 0) out.back().name = fmt::format("{} x {}", count, first);
            out.push_back(x);
            bucket = b;
            count = 0;
            first = x.name;
        }
        out.back().end_fs = std::max(out.back().end_fs, x.end_fs);
        ++count;
    }
    if (count > 0) out.back().name = fmt::format("{} x {}", count, first);
    return out;
}

std::string ChromeTrace::json() const {
    std::string s = "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n";
    s += "{\"ph\": \"M\", \"pid\": 1, \"name\": \"process_name\", \"args\": {\"name\": "
         "\"sasim accelerator\"}}";
    for (const auto& [track, spans] : tracks_) {
        auto n = names_.find(track);
        const std::string name = n != names_.end() ? n->second : fmt::format("track {}", track);
        s += fmt::format(
            ",\n{{\"ph\": \"M\", \"pid\": 1, \"tid\": {}, \"name\": \"thread_name\", \"args\": "
            "{{\"name\": {}}}}}",
            track, quoted(name));
        s += fmt::format(
            ",\n{{\"ph\": \"M\", \"pid\": 1, \"tid\": {}, \"name\": \"thread_sort_index\", "
            "\"args\": {{\"sort_index\": {}}}}}",
            track, track);
        for (const Span& x : bounded(spans))
            s += fmt::format(
                ",\n{{\"ph\": \"X\", \"pid\": 1, \"tid\": {}, \"name\": {}, \"ts\": {}, "
                "\"dur\": {}}}",
                track, quoted(x.name), us(x.begin_fs), us(x.end_fs - x.begin_fs));
    }
    for (const auto& [series, samples] : counters_)
        for (const auto& [t, v] : samples)
            s += fmt::format(
                ",\n{{\"ph\": \"C\", \"pid\": 1, \"name\": {}, \"ts\": {}, \"args\": "
                "{{\"GB/s\": {:.3f}}}}}",
                quoted(series), us(t), v);
    return s + "\n]}\n";
}

}  // namespace sasim
