// ChromeTrace on synthetic spans, without a simulation: memory stays bounded by
// kExactFactor x max_spans entries per track whatever the number of spans, the file keeps at
// most max_spans spans per track whose counts add up to the spans added, and a track at or under
// the bound is written exactly as by the rule of keeping every span (re-derived here). The
// synthetic spans overlap one another, as transfers in flight do: they go on async tracks
// ('b'/'e' pairs). A nesting track whose buckets would partly overlap merges them.
#include <fmt/format.h>

#include <algorithm>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "sim/run/trace.hpp"

namespace sasim {

namespace {

namespace pt = boost::property_tree;

sc_core::sc_time fs(uint64_t v) { return sc_core::sc_time::from_value(v); }

struct Event {
    std::string name;
    double ts, dur;
};

// ph "X": complete spans of track tid; "b": async spans of track tid (a 'b' and its 'e');
// "C": counter samples (dur = the value).
std::vector<Event> events(const std::string& json, const std::string& ph, int tid) {
    pt::ptree root;
    std::istringstream in(json);
    pt::read_json(in, root);
    std::vector<Event> out;
    for (const auto& [key, ev] : root.get_child("traceEvents")) {
        (void)key;
        const std::string p = ev.get<std::string>("ph");
        if (ph == "b" && p == "e" && ev.get<int>("tid") == tid) {
            out.back().dur = ev.get<double>("ts") - out.back().ts;
            continue;
        }
        if (p != ph) continue;
        if (ph != "C" && ev.get<int>("tid") != tid) continue;
        out.push_back(Event{ev.get<std::string>("name"), ev.get<double>("ts"),
                            ph == "X" ? ev.get<double>("dur")
                            : ph == "b" ? 0.0
                                        : ev.get<double>("args.GB/s")});
    }
    return out;
}

int64_t members(const Event& e) {
    const auto x = e.name.find(" x ");
    return x == std::string::npos ? 1 : std::stoll(e.name.substr(0, x));
}

// A deterministic scramble of 0..n-1 times `step`, mostly in time order with local disorder
// (as from concurrent processes), plus overlapping lengths.
struct Synthetic {
    uint64_t begin, end;
    std::string name;
};
std::vector<Synthetic> synthetic(int64_t n, uint64_t step) {
    std::vector<Synthetic> s;
    s.reserve(static_cast<size_t>(n));
    uint64_t x = 12345;
    for (int64_t i = 0; i < n; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const uint64_t jitter = (x >> 33) % (8 * step);
        const uint64_t b = static_cast<uint64_t>(i) * step + jitter;
        s.push_back(Synthetic{b, b + step / 2 + (x >> 40) % (3 * step), fmt::format("s{}", i)});
    }
    return s;
}

// The written spans of an async track, by the rule of keeping every span: sorted by start
// (stable), and past max_spans merged into max_spans equal-time buckets; each a 'b' and an 'e'
// line with its own id.
std::vector<std::string> reference(std::vector<Synthetic> s, int64_t max_spans, int tid) {
    auto us = [](uint64_t v) { return fmt::format("{:.6f}", static_cast<double>(v) / 1e9); };
    std::vector<std::string> out;
    int id = 0;
    auto line = [&](const std::string& name, uint64_t b, uint64_t e) {
        for (const char* ph : {"b", "e"})
            out.push_back(fmt::format(
                "{{\"ph\": \"{}\", \"cat\": \"track {}\", \"id\": {}, \"pid\": 1, \"tid\": {}, "
                "\"name\": \"{}\", \"ts\": {}}}",
                ph, tid, id, tid, name, us(ph[0] == 'b' ? b : e)));
        ++id;
        return std::string();
    };
    std::stable_sort(s.begin(), s.end(),
                     [](const Synthetic& a, const Synthetic& b) { return a.begin < b.begin; });
    if (static_cast<int64_t>(s.size()) <= max_spans) {
        for (const auto& x : s) line(x.name, x.begin, x.end);
        return out;
    }
    const uint64_t t0 = s.front().begin;
    uint64_t t1 = t0;
    for (const auto& x : s) t1 = std::max(t1, x.end);
    const uint64_t width = std::max<uint64_t>(1, (t1 - t0) / static_cast<uint64_t>(max_spans) + 1);
    size_t i = 0;
    while (i < s.size()) {
        const uint64_t bucket = (s[i].begin - t0) / width;
        size_t j = i;
        uint64_t end = 0;
        while (j < s.size() && (s[j].begin - t0) / width == bucket) end = std::max(end, s[j++].end);
        line(fmt::format("{} x {}", j - i, s[i].name), s[i].begin, end);
        i = j;
    }
    return out;
}

std::vector<std::string> lines_of(const std::string& json, int tid) {
    std::vector<std::string> out;
    std::istringstream in(json);
    const std::string key = fmt::format("\"pid\": 1, \"tid\": {},", tid);
    for (std::string l; std::getline(in, l);) {
        if (l.find(key) == std::string::npos || l.find("\"ph\": \"M\"") != std::string::npos) continue;
        if (!l.empty() && l.back() == ',') l.pop_back();
        out.push_back(l);
    }
    return out;
}

}  // namespace

TEST_CASE("trace: 10^6 spans on a track with max_spans 100 stay bounded in memory and file",
          "[trace]") {
    const int64_t max_spans = 100, n = 1'000'000;
    ChromeTrace t(max_spans);
    t.name_track(3, "busy");
    int64_t most = 0;
    uint64_t earliest = UINT64_MAX;
    std::string first;
    {
        const std::vector<Synthetic> s = synthetic(n, 1000);
        for (int64_t i = 0; i < n; ++i) {
            const Synthetic& x = s[static_cast<size_t>(i)];
            if (x.begin < earliest) {
                earliest = x.begin;
                first = x.name;
            }
            t.async(3, x.name, i, fs(x.begin), fs(x.end));
            t.async(4, "tick", i, fs(static_cast<uint64_t>(i) * 7),
                    fs(static_cast<uint64_t>(i) * 7 + 3));
            if (i % 1000 == 0) most = std::max(most, t.stored_entries());
        }
    }
    most = std::max(most, t.stored_entries());
    // Two tracks, each at most kExactFactor x max_spans spans or buckets (+1 while switching).
    CHECK(most <= 2 * (ChromeTrace::kExactFactor * max_spans + 1));
    CHECK(t.spans(3) <= max_spans);
    CHECK(t.spans(4) <= max_spans);
    const std::string json = t.json();
    for (int tid : {3, 4}) {
        const std::vector<Event> ev = events(json, "b", tid);
        CHECK(static_cast<int64_t>(ev.size()) <= max_spans);
        CHECK(static_cast<int64_t>(ev.size()) >= max_spans / 2);  // buckets finer than the final
        int64_t total = 0;
        for (size_t i = 0; i < ev.size(); ++i) {
            total += members(ev[i]);
            CHECK(ev[i].name.find(" x ") != std::string::npos);
            if (i > 0) CHECK(ev[i].ts > ev[i - 1].ts);
        }
        CHECK(total == n);
    }
    // The first bucket starts with the earliest span, and is named after it.
    const std::vector<Event> ev = events(json, "b", 3);
    REQUIRE(!ev.empty());
    CHECK(ev.front().name.substr(ev.front().name.find(" x ") + 3) == first);
    CHECK(ev.front().ts == Approx(static_cast<double>(earliest) / 1e9).margin(1e-6));  // ns
}

TEST_CASE("trace: a track at or under kExactFactor x max_spans spans is written exactly",
          "[trace]") {
    const int64_t max_spans = 50;
    for (int64_t n : {int64_t{1}, int64_t{30}, max_spans, max_spans + 1, int64_t{137},
                      ChromeTrace::kExactFactor * max_spans}) {
        ChromeTrace t(max_spans);
        const std::vector<Synthetic> s = synthetic(n, 1'000'000);
        int64_t id = 0;
        for (const auto& x : s) t.async(2, x.name, id++, fs(x.begin), fs(x.end));
        CHECK(t.stored_entries() == n);
        CHECK(lines_of(t.json(), 2) == reference(s, max_spans, 2));
    }
}

TEST_CASE("trace: a track past the bound keeps its counts, and ties keep the first added",
          "[trace]") {
    const int64_t max_spans = 10;
    ChromeTrace t(max_spans);
    const int64_t n = ChromeTrace::kExactFactor * max_spans + 1;  // switches at the last span
    // Pairs starting together: the first added of each pair names its bucket.
    for (int64_t i = 0; i < n; ++i) {
        const uint64_t b = static_cast<uint64_t>(i / 2) * 1000;
        t.async(0, fmt::format("{}{}", i % 2 ? "b" : "a", i / 2), i, fs(b), fs(b + 10));
    }
    CHECK(t.stored_entries() <= ChromeTrace::kExactFactor * max_spans);
    const std::vector<Event> ev = events(t.json(), "b", 0);
    CHECK(static_cast<int64_t>(ev.size()) <= max_spans);
    int64_t total = 0;
    for (const Event& e : ev) {
        total += members(e);
        CHECK(e.name.substr(e.name.find(" x ") + 3).front() == 'a');
    }
    CHECK(total == n);
}

// Folds with a stall nested in each, 300 of them, written as 10 buckets of 30,001 fs: fold 30
// starts at 30,000 (bucket 0) but its stall at 30,600 (bucket 1), so bucket 0 would end after
// bucket 1 starts; such buckets merge, so the track still nests and every span is counted.
TEST_CASE("trace: buckets of a nesting track that would overlap are merged", "[trace]") {
    const int64_t max_spans = 10, n = 300;
    ChromeTrace t(max_spans);
    for (int64_t i = 0; i < n; ++i) {
        const uint64_t b = static_cast<uint64_t>(i) * 1000;
        t.span(1, "fold", fs(b), fs(b + 1000 - (i % 3) * 100));
        t.span(1, "stall", fs(b + 600), fs(b + 700));
    }
    const std::vector<Event> ev = events(t.json(), "X", 1);
    CHECK(static_cast<int64_t>(ev.size()) <= max_spans);
    CHECK(static_cast<int64_t>(ev.size()) < max_spans);  // some merged
    int64_t total = 0;
    for (size_t i = 0; i < ev.size(); ++i) {
        total += members(ev[i]);
        if (i > 0) CHECK(ev[i].ts >= ev[i - 1].ts + ev[i - 1].dur - 1e-9);  // disjoint
    }
    CHECK(total == 2 * n);
}

TEST_CASE("trace: a counter series past the bound is averaged into few samples", "[trace]") {
    const int64_t max_spans = 10;
    ChromeTrace t(max_spans);
    const int64_t cap = ChromeTrace::kExactFactor * max_spans;
    for (int64_t i = 0; i < cap; ++i)  // at the bound: every sample, in the order added
        t.counter("few GB/s", fs(static_cast<uint64_t>(cap - i) * 10'000'000), 1.5);
    for (int64_t i = 0; i < 100'000; ++i)
        t.counter("many GB/s", fs(static_cast<uint64_t>(i) * 10'000'000), i % 2 ? 1.0 : 3.0);
    CHECK(t.stored_entries() <= 2 * cap);
    pt::ptree root;
    std::istringstream in(t.json());
    pt::read_json(in, root);
    std::vector<double> few_ts, many;
    for (const auto& [key, ev] : root.get_child("traceEvents")) {
        (void)key;
        if (ev.get<std::string>("ph") != "C") continue;
        if (ev.get<std::string>("name") == "few GB/s") {
            few_ts.push_back(ev.get<double>("ts"));
            CHECK(ev.get<double>("args.GB/s") == Approx(1.5));
        } else {
            many.push_back(ev.get<double>("args.GB/s"));
        }
    }
    REQUIRE(static_cast<int64_t>(few_ts.size()) == cap);
    CHECK(few_ts.front() == Approx(static_cast<double>(cap) * 0.01));  // as added, not sorted
    CHECK(static_cast<int64_t>(many.size()) <= cap);
    CHECK(static_cast<int64_t>(many.size()) >= cap / 4);
    many.pop_back();  // the last bucket may hold only a few samples
    for (double v : many) CHECK(v == Approx(2.0).epsilon(0.01));  // 1 and 3 alternate
}

}  // namespace sasim
