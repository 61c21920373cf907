// The timeline trace (--trace FILE.json): Chrome / Perfetto trace-event JSON with one track per
// hardware block (layers, array folds and stalls, DMA transfers per operand, interconnect,
// DRAM channel data bus) and counter tracks of bandwidth per operand. Size stays bounded: a
// track with more than max_spans spans is aggregated into max_spans time buckets, each drawn as
// one span named "<n> x <first name>" covering its members.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/common/trace_sink.hpp"

namespace sasim {

class ChromeTrace : public TraceSink {
public:
    explicit ChromeTrace(int64_t max_spans) : max_spans_(max_spans) {}
    void span(int track, std::string name, const sc_core::sc_time& begin,
              const sc_core::sc_time& end) override;
    // A counter sample (e.g. GB/s of one operand over a timeline window).
    void counter(const std::string& series, const sc_core::sc_time& at, double value);
    void name_track(int track, std::string name) { names_[track] = std::move(name); }
    std::string json() const;
    int64_t spans(int track) const;

private:
    struct Span {
        uint64_t begin_fs, end_fs;
        std::string name;
    };
    std::vector<Span> bounded(const std::vector<Span>& spans) const;

    int64_t max_spans_;
    std::map<int, std::vector<Span>> tracks_;
    std::map<int, std::string> names_;
    std::map<std::string, std::vector<std::pair<uint64_t, double>>> counters_;
};

}  // namespace sasim
