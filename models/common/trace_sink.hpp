// Where models report activity for a timeline trace (--trace). Models call it only when a sink
// is set, so an untraced run pays one pointer test per event.
#pragma once
#include <cstdint>
#include <string>
#include <systemc>

namespace sasim {

// Tracks, one per hardware block (DRAM channels follow kTrackDram).
enum TraceTrack {
    kTrackLayers = 0,
    kTrackArray,
    kTrackDmaIfmap,
    kTrackDmaFilter,
    kTrackDmaPsum,
    kTrackDmaOfmap,
    kTrackNoc,
    kTrackDram,  // kTrackDram + channel
};
constexpr int kTrackVector = 1000;  // the vector unit, after every DRAM channel
constexpr int kTrackPrefetch = 1001;  // a layer's fills made while the layer before it ran

// Contract: span() may be called from any process, in any time order; end >= begin.
class TraceSink {
public:
    virtual ~TraceSink() = default;
    virtual void span(int track, std::string name, const sc_core::sc_time& begin,
                      const sc_core::sc_time& end) = 0;
    // An activity that may overlap others on its track (a transfer in flight): `id` tells
    // overlapping ones apart.
    virtual void async(int track, std::string name, int64_t id, const sc_core::sc_time& begin,
                       const sc_core::sc_time& end) = 0;
};

}  // namespace sasim
