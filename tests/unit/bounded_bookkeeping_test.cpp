// Bookkeeping that must stay bounded by what is in flight, not by how many chunks or bursts a
// layer has: the slot book (done / released keys), the DMA's queue of a long run of transfers,
// and the bank-level DRAM's front end (one entry a transfer, not a burst). Each TEST_CASE
// elaborates its own small SystemC model (one process per test case); sizes are checked on
// every step, so the tests are deterministic and independent of the machine.
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <systemc>
#include <utility>
#include <vector>

#include "models/common/slot_book.hpp"
#include "models/common/stats.hpp"
#include "models/common/transfer.hpp"
#include "models/dma/dma_engine.hpp"
#include "models/dram/ddr_memory.hpp"
#include "models/sram/scratchpad.hpp"
#include "unit/ddr_test_params.hpp"

namespace sasim {
namespace {

sc_core::sc_time ns(double v) { return sc_core::sc_time(v, sc_core::SC_NS); }

// A producer completes keys far ahead of a consumer (like a resident operand's fills), some in
// the past and some ahead of time; the consumer waits for and releases them one by one.
struct BookBench : sc_core::sc_module {
    SC_HAS_PROCESS(BookBench);
    explicit BookBench(sc_core::sc_module_name n, int64_t keys) : sc_module(n), keys(keys) {
        SC_THREAD(produce);
        SC_THREAD(consume);
        SC_THREAD(watch_release);
    }
    void produce() {
        for (int64_t k = 0; k < keys; ++k) {
            book.issue(k);
            // Every 1000th key completes 5 ns ahead of now, the rest are over at once.
            const bool ahead = k % 1000 == 0;
            const sc_core::sc_time at = sc_core::sc_time_stamp() + (ahead ? ns(5) : ns(0));
            book.set_done(k, TransferDone{at, ns(k % 7), ns(k % 3)});
            most = std::max(most, book.records());
            if (k % 100 == 99) sc_core::wait(ns(1));  // 100 keys a ns: far ahead of the consumer
        }
    }
    void consume() {
        for (int64_t k = 0; k < keys; ++k) {
            const sc_core::sc_time start = sc_core::sc_time_stamp();
            const TransferDone d = book.wait_done(k);
            // Past completions may be reported as "now"; one still ahead is reported exactly.
            if (d.at > start) {
                ++ahead_seen;
                if (d.latency != ns(k % 7) || d.noc != ns(k % 3)) ++wrong;
            }
            sc_core::wait(ns(1));
            book.release(k);
            most = std::max(most, book.records());
        }
        book.wait_released(keys - 1);
        finished = true;
    }
    // Released in increasing order: waiting for an old key returns once a later one was released.
    void watch_release() {
        for (int64_t k = 0; k < keys; k += 997) book.wait_released(k);
        watched = true;
    }
    SlotBook book;
    int64_t keys;
    size_t most = 0;
    int64_t ahead_seen = 0, wrong = 0;
    bool finished = false, watched = false;
};

}  // namespace

TEST_CASE("slot book: 10^5 keys completed far ahead of their consumer keep a bounded record",
          "[slot_book]") {
    BookBench b("bench", 100'000);
    sc_core::sc_start();
    CHECK(b.finished);
    CHECK(b.watched);
    CHECK(b.wrong == 0);
    CHECK(b.ahead_seen > 0);
    // Only keys in flight or completing ahead of time are held (here: at most 1 + the few
    // completing 5 ns ahead), never one per key.
    CHECK(b.most <= 8);
    CHECK(b.book.records() == 0);
}

namespace {

struct WaiterBench : sc_core::sc_module {
    SC_HAS_PROCESS(WaiterBench);
    explicit WaiterBench(sc_core::sc_module_name n) : sc_module(n) {
        SC_THREAD(blocked);
        SC_THREAD(blocked_too);
        SC_THREAD(produce);
    }
    void blocked() { first = book.wait_done(3); }
    void blocked_too() { second = book.wait_done(3); }
    void produce() {
        sc_core::wait(ns(10));
        book.issue(1);
        book.issue(3);
        // Completed in the past (reported late), with latency and interconnect shares: the
        // blocked waiters must get exactly this, not "now".
        book.set_done(3, TransferDone{ns(4), ns(2), ns(1)});
        book.set_done(1, TransferDone{ns(12), ns(3), ns(0)});
        sc_core::wait(ns(1));
        late = book.wait_done(3);  // over and picked up: reported as now
        book.issue(5);
        book.set_done(5, TransferDone{ns(12), ns(5), ns(5)});  // ties the latest: larger key wins
        latest = book.wait_done_through(5);
        records = book.records();
    }
    SlotBook book;
    TransferDone first, second, late, latest;
    size_t records = 99;
};

}  // namespace

TEST_CASE("slot book: blocked waiters get the exact completion, the latest one is kept",
          "[slot_book]") {
    WaiterBench b("bench");
    sc_core::sc_start();
    for (const TransferDone& d : {b.first, b.second}) {
        CHECK(d.at == ns(4));
        CHECK(d.latency == ns(2));
        CHECK(d.noc == ns(1));
    }
    CHECK(b.late.at == ns(11));
    CHECK(b.late.latency == sc_core::SC_ZERO_TIME);
    CHECK(b.latest.at == ns(12));
    CHECK(b.latest.latency == ns(5));  // key 5, not key 1
    CHECK(b.records == 2);             // keys 1 and 5 complete ahead of now (12 > 11)
}

namespace {

// A memory target that completes each packet 3 ns after it arrives, plus 1 ns per 64 B, in
// order, like a bandwidth-limited DRAM: it remembers when its link is free.
struct SlowMemory : sc_core::sc_module {
    tlm_utils::simple_target_socket<SlowMemory> socket;
    explicit SlowMemory(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
        socket.register_b_transport(this, &SlowMemory::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time&) {
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        free = std::max(free, now) + ns(static_cast<double>(t.get_data_length() + 63) / 64);
        t.set_response_status(tlm::TLM_OK_RESPONSE);
        t.get_extension<TransferExt>()->on_done(TransferDone{free + ns(3), ns(3), ns(0)});
    }
    sc_core::sc_time free;
};

// Two identical DMA engines, one fed a run, the other the same transfers one enqueue() each;
// a consumer per engine waits for each key in order, like the array.
struct DmaBench : sc_core::sc_module {
    static constexpr int64_t kKeys = 20'000;
    static int64_t bytes_of(int64_t k) { return k % 5 == 0 ? 0 : 64 * (1 + k % 3); }

    struct Side {
        explicit Side(const std::string& n)
            : mem((n + "_mem").c_str()),
              pads{std::make_unique<Scratchpad>((n + "_i").c_str(), 1 << 20, sram(), stats),
                   std::make_unique<Scratchpad>((n + "_f").c_str(), 1 << 20, sram(), stats),
                   std::make_unique<Scratchpad>((n + "_o").c_str(), 1 << 20, sram(), stats)},
              dma((n + "_dma").c_str(), DmaParams{128, 4}, raw(), stats) {
            dma.mem.bind(mem.socket);
            for (int o = 0; o < kOperands; ++o) dma.spm[o].bind(pads[o]->socket);
        }
        static SramParams sram() { return SramParams{1024, 1024, 1024, 1, 0, 1}; }
        std::array<Scratchpad*, kOperands> raw() {
            return {pads[0].get(), pads[1].get(), pads[2].get()};
        }
        StatRegistry stats;  // one per engine: counter names repeat
        SlowMemory mem;
        std::array<std::unique_ptr<Scratchpad>, kOperands> pads;
        DmaEngine dma;
        std::vector<TransferDone> seen;
    };

    SC_HAS_PROCESS(DmaBench);
    explicit DmaBench(sc_core::sc_module_name n)
        : sc_module(n), run_side("run"), each_side("each") {
        SC_THREAD(feed);
        SC_THREAD(consume_run);
        SC_THREAD(consume_each);
    }
    void feed() {
        sc_core::wait(ns(2));
        run_side.dma.enqueue_run(DmaStream::ifmap_fill, kKeys, [k = int64_t{0}]() mutable {
            const int64_t key = k++;
            return std::make_pair(key, bytes_of(key));
        });
        for (int64_t k = 0; k < kKeys; ++k)
            each_side.dma.enqueue(DmaStream::ifmap_fill, k, bytes_of(k));
        most_each = each_side.dma.queue_entries();
    }
    void consume(Side& s) {
        for (int64_t k = 0; k < kKeys; ++k) {
            s.seen.push_back(s.pads[0]->fills().wait_done(k));
            sc_core::wait(ns(1));  // slower than the memory: completions run ahead
            s.pads[0]->fills().release(k);
            most_run = std::max(most_run, run_side.dma.queue_entries());
            most_records = std::max(most_records, run_side.pads[0]->fills().records());
        }
    }
    void consume_run() { consume(run_side); }
    void consume_each() { consume(each_side); }

    Side run_side, each_side;
    size_t most_run = 0, most_each = 0, most_records = 0;
};

}  // namespace

TEST_CASE("dma: a run of 2x10^4 transfers times like one enqueue each, in one queue entry",
          "[dma]") {
    DmaBench b("bench");
    sc_core::sc_start();
    REQUIRE(b.run_side.seen.size() == static_cast<size_t>(DmaBench::kKeys));
    REQUIRE(b.each_side.seen.size() == b.run_side.seen.size());
    int64_t differ = 0;
    for (size_t i = 0; i < b.run_side.seen.size(); ++i) {
        const TransferDone &x = b.run_side.seen[i], &y = b.each_side.seen[i];
        if (x.at != y.at || x.latency != y.latency || x.noc != y.noc) ++differ;
    }
    CHECK(differ == 0);
    CHECK(b.most_each == static_cast<size_t>(DmaBench::kKeys));  // the eager way: one per key
    CHECK(b.most_run <= 1);
    CHECK(b.most_records <= 16);  // in flight (max_outstanding 4) or completing ahead
}

namespace {

// One 256 KiB read of 2-byte bursts (2^17 of them) through the bank-level DRAM: the front end
// holds the transfer as one entry and expands it burst by burst as the controller admits them.
struct DdrBench : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<DdrBench> socket;
    SC_HAS_PROCESS(DdrBench);
    DdrBench(sc_core::sc_module_name n, const DdrParams& p)
        : sc_module(n), socket("socket"), ddr("ddr", p, stats) {
        socket.bind(ddr.socket);
        SC_THREAD(drive);
        SC_THREAD(watch);
    }
    void drive() {
        std::vector<unsigned char> data(1 << 18);
        tlm::tlm_generic_payload t;
        auto* ext = new TransferExt;
        t.set_extension(ext);
        ext->on_done = [this](const TransferDone& d) {
            done = d;
            finished = true;
            done_ev.notify(sc_core::SC_ZERO_TIME);
        };
        t.set_command(tlm::TLM_READ_COMMAND);
        t.set_address(0);
        t.set_data_ptr(data.data());
        t.set_data_length(static_cast<unsigned>(data.size()));
        t.set_streaming_width(static_cast<unsigned>(data.size()));
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(t, delay);
        most = std::max(most, ddr.burst_records());
        if (!finished) sc_core::wait(done_ev);
    }
    void watch() {
        while (!finished) {
            most = std::max(most, ddr.burst_records());
            sc_core::wait(ns(50));
        }
    }
    StatRegistry stats;
    DdrMemory ddr;
    sc_core::sc_event done_ev;
    TransferDone done;
    bool finished = false;
    size_t most = 0;
};

}  // namespace

TEST_CASE("ddr: a transfer of 2^17 bursts holds one front-end entry, not one per burst", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.bus_bits = 8;
    p.burst_length = 2;  // 2-byte bursts
    DdrBench b("bench", p);
    sc_core::sc_start();
    REQUIRE(b.finished);
    CHECK(b.stats.counters()[b.stats.index("dram.bursts")].value == (1 << 17));
    CHECK(b.done.at > sc_core::SC_ZERO_TIME);
    // The front-end entry, the controller's read queue and the bursts whose data is still on
    // its way (issued, not delivered): a few dozen, not one per burst.
    CHECK(b.most <= static_cast<size_t>(1 + 2 * p.read_queue));
}

}  // namespace sasim
