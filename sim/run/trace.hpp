// The timeline trace (--trace FILE.json): Chrome / Perfetto trace-event JSON with one track per
// hardware block (layers, array folds and stalls, DMA transfers per operand, interconnect,
// DRAM channel data bus) and counter tracks of bandwidth per operand. Spans on a track nest
// (disjoint or contained; aggregated buckets that would overlap are merged); the DMA's transfers,
// which overlap while in flight, are async events. Size stays bounded: a
// track with more than max_spans spans is aggregated into max_spans time buckets, each drawn as
// one span named "<n> x <first name>" covering its members.
//
// Memory stays bounded too, whatever the run length: a track keeps its spans one by one only up
// to kExactFactor x max_spans of them (its file is then exactly as if all were kept); past that
// it is bucketed while the run goes, into at most kExactFactor x max_spans buckets of a
// power-of-two width (in femtoseconds, from time 0) that doubles, merging pairs, when there would
// be more. At the end those buckets are mapped onto the max_spans equal-time buckets by their
// first span's start, so a bucket edge may move by up to one online bucket (under half of a
// final bucket). A counter series likewise keeps up to kExactFactor x max_spans samples, then
// averages the samples of each power-of-two time bucket.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/common/trace_sink.hpp"

namespace sasim {

class ChromeTrace : public TraceSink {
public:
    // Spans (or counter samples) a track keeps one by one, and online buckets it keeps after
    // that, as a multiple of max_spans.
    static constexpr int64_t kExactFactor = 4;

    explicit ChromeTrace(int64_t max_spans) : max_spans_(max_spans < 1 ? 1 : max_spans) {}
    ChromeTrace(const ChromeTrace&) = delete;  // a Track holds an iterator into itself
    ChromeTrace& operator=(const ChromeTrace&) = delete;
    void span(int track, std::string name, const sc_core::sc_time& begin,
              const sc_core::sc_time& end) override;
    // Written as async begin/end pairs: a track of them may overlap (transfers in flight).
    void async(int track, std::string name, int64_t id, const sc_core::sc_time& begin,
               const sc_core::sc_time& end) override;
    // A counter sample (e.g. GB/s of one operand over a timeline window).
    void counter(const std::string& series, const sc_core::sc_time& at, double value);
    void name_track(int track, std::string name) { names_[track] = std::move(name); }
    std::string json() const;
    // Spans `track` has in the written file.
    int64_t spans(int track) const;
    // Spans, online buckets and counter samples held in memory (for tests of the bound).
    int64_t stored_entries() const;

private:
    struct Span {
        uint64_t begin_fs, end_fs;
        std::string name;
    };
    // Spans with begin_fs >> shift equal: the first one (earliest start; on a tie, the earliest
    // added) and how many.
    struct Bucket {
        uint64_t begin_fs, end_fs;
        int64_t count;
        std::string first;
    };
    struct Track {
        std::vector<Span> exact;          // while not bucketed, in the order added
        std::map<uint64_t, Bucket> bins;  // once bucketed: begin_fs >> shift -> bucket
        unsigned shift = 0;
        bool bucketed = false;
        bool async = false;  // overlapping spans allowed (written as 'b'/'e' pairs)
        std::map<uint64_t, Bucket>::iterator last;  // the bucket added to last (bucketed only)
    };
    // A written span: `count` == 0 means a single span shown under its own name.
    struct Out {
        uint64_t begin_fs, end_fs;
        int64_t count;
        const std::string* name;
    };
    struct CounterBin {
        uint64_t at_fs;  // the earliest sample's time
        double sum;
        int64_t count;
    };
    struct Series {
        std::vector<std::pair<uint64_t, double>> exact;  // while not bucketed, in the order added
        std::map<uint64_t, CounterBin> bins;             // once bucketed: at_fs >> shift -> bin
        unsigned shift = 0;
        bool bucketed = false;
    };

    int64_t cap() const { return kExactFactor * max_spans_; }
    void add_bucketed(Track& t, uint64_t begin, uint64_t end, std::string&& name);
    void to_buckets(Track& t);
    void add_sample(Series& s, uint64_t at, double value);
    std::vector<Out> bounded(const Track& t) const;
    std::vector<Out> aggregated(const Track& t) const;

    int64_t max_spans_;
    std::map<int, Track> tracks_;
    std::map<int, std::string> names_;
    std::map<std::string, Series> counters_;
};

}  // namespace sasim
