// The DMA's arbiter and packetiser (plain C++): urgency order, packets cut at packet-aligned
// boundaries and at the ends of runs, the outstanding limit, expedited stores, and a request's
// completion with its last packet.
#include "models/dma/dma_core.hpp"

#include <catch2/catch.hpp>
#include <vector>


namespace sasim {

namespace {

DmaRequest req(DmaStream s, int64_t id, int64_t priority, uint64_t addr, int64_t bytes) {
    DmaRequest r;
    r.stream = s;
    r.id = id;
    r.priority = priority;
    r.bytes = bytes;
    AddrPattern p;
    p.base = addr;
    p.run = bytes;
    r.addr = {p};
    return r;
}

sc_core::sc_time fs(uint64_t v) { return sc_core::sc_time::from_value(v); }

}  // namespace

TEST_CASE("dma core: the fill needed soonest goes first; stores wait until expedited", "[dma]") {
    DmaCore c(1024, 8);
    c.push(req(DmaStream::ofmap_drain, 0, kLowUrgency, 8192, 64), 0);  // a store
    c.push(req(DmaStream::filter_fill, 1, 7, 4096, 64), 0);            // needed at step 7
    c.push(req(DmaStream::ifmap_fill, 2, 3, 0, 64), 0);                // needed at step 3
    c.push(req(DmaStream::ifmap_fill, 3, 3, 64, 64), 0);               // step 3, queued later
    REQUIRE(c.can_issue());
    CHECK(c.next_packet().id == 2);
    CHECK(c.next_packet().id == 3);
    // Something now waits at step 5 for the store's space: it goes before the step-7 fill.
    c.expedite_stores(0, 5);
    DmaPacket p = c.next_packet();
    CHECK(p.write);
    CHECK(p.id == 0);
    CHECK(p.first);
    CHECK(c.next_packet().id == 1);
    CHECK_FALSE(c.can_issue());  // nothing left to issue
    CHECK(c.outstanding() == 4);
}

TEST_CASE("dma core: packets end at packet-aligned boundaries and at each run's end", "[dma]") {
    DmaCore c(256, 100);
    // Two runs of 300 B at 200 and at 1000, stride 800: 200..256 | 256..500 and
    // 1000..1024 | 1024..1280 | 1280..1300.
    DmaRequest r = req(DmaStream::ifmap_fill, 0, 0, 200, 600);
    r.addr[0].run = 300;
    r.addr[0].count = {2, 1, 1};
    r.addr[0].stride = {800, 0, 0};
    c.push(r, 0);
    const std::vector<std::pair<uint64_t, int64_t>> want = {
        {200, 56}, {256, 244}, {1000, 24}, {1024, 256}, {1280, 20}};
    for (const auto& [addr, bytes] : want) {
        REQUIRE(c.can_issue());
        const DmaPacket p = c.next_packet();
        CHECK(p.addr == addr);
        CHECK(p.bytes == bytes);
    }
    CHECK_FALSE(c.can_issue());
}

TEST_CASE("dma core: at most max_outstanding packets fly; a request completes with its last",
          "[dma]") {
    DmaCore c(64, 2);
    const int64_t h = c.push(req(DmaStream::filter_fill, 9, 0, 0, 192), 1000);  // 3 packets
    CHECK(c.queued_at_fs(h) == 1000);
    const DmaPacket a = c.next_packet(), b = c.next_packet();
    CHECK_FALSE(c.can_issue());  // 2 in flight
    TransferDone d;
    DmaRequest done;
    CHECK_FALSE(c.complete(a.handle, fs(500), d, done));
    CHECK(c.can_issue());
    const DmaPacket x = c.next_packet();
    CHECK_FALSE(c.complete(x.handle, fs(900), d, done));
    CHECK(c.complete(b.handle, fs(700), d, done));  // the last to complete, not the last cut
    CHECK(done.id == 9);
    CHECK(d.at == fs(900));  // the latest packet's completion
    CHECK(c.requests() == 0);
}

}  // namespace sasim

namespace sasim {

// pattern_bursts' closed form (floor_sum) against counting run by run; bases up to 2^40 and
// innermost counts up to 5000 (a long strided run of an NHWC ifmap block), strides of any
// alignment to the burst.
TEST_CASE("addr: bursts a pattern touches, in closed form, equal a run-by-run count", "[dma]") {
    uint64_t x = 7;
    for (int i = 0; i < 2000; ++i) {
        auto next = [&](int64_t m) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            return static_cast<int64_t>((x >> 33) % static_cast<uint64_t>(m));
        };
        AddrPattern p;
        p.base = static_cast<uint64_t>(next(5000)) +
                 (i % 2 ? (uint64_t{1} << 40) + static_cast<uint64_t>(next(1 << 20)) : 0);
        p.run = 1 + next(300);
        p.count = {1 + next(i % 3 ? 70 : 5000), 1 + next(5), 1 + next(3)};
        p.stride = {p.run + next(200), 1000 + next(3000), 100000 + next(5000)};
        const int64_t burst = int64_t{1} << (3 + next(8));
        int64_t n = 0;
        p.for_each_run([&](uint64_t a, int64_t bytes) { n += bursts_touched(a, bytes, burst); });
        INFO("pattern " << i);
        CHECK(pattern_bursts(p, burst) == n);
    }
}

}  // namespace sasim
