// Bookkeeping that must stay bounded by what is in flight, not by how many steps or bursts a
// layer has: the completion book (done keys), and the bank-level DRAM's front end (one entry a
// transfer, not a burst; driven here by a plain loosely-timed initiator without sasim's
// extension). Each TEST_CASE
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

#include "models/common/completion_book.hpp"
#include "models/common/stats.hpp"
#include "models/common/transfer.hpp"
#include "models/dram/ddr_memory.hpp"
#include "unit/ddr_test_params.hpp"

namespace sasim {
namespace {

sc_core::sc_time ns(double v) { return sc_core::sc_time(v, sc_core::SC_NS); }

// A producer completes keys far ahead of a consumer (like a resident operand's fills), some in
// the past and some ahead of time; the consumer waits for them one by one.
struct BookBench : sc_core::sc_module {
    SC_HAS_PROCESS(BookBench);
    explicit BookBench(sc_core::sc_module_name n, int64_t keys) : sc_module(n), keys(keys) {
        SC_THREAD(produce);
        SC_THREAD(consume);
    }
    void produce() {
        for (int64_t k = 0; k < keys; ++k) {
            book.issue(k);
            // Every 1000th key completes 5 ns ahead of now, the rest are over at once.
            const bool ahead = k % 1000 == 0;
            const sc_core::sc_time at = sc_core::sc_time_stamp() + (ahead ? ns(5) : ns(0));
            book.set_done(k, TransferDone{at});
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
                // key k was produced at k / 100 ns (100 keys a ns), due 5 ns later
                if (d.at != ns(static_cast<double>(k / 100 + 5))) ++wrong;
            }
            sc_core::wait(ns(1));
            most = std::max(most, book.records());
        }
        finished = true;
    }
    CompletionBook book;
    int64_t keys;
    size_t most = 0;
    int64_t ahead_seen = 0, wrong = 0;
    bool finished = false;
};

}  // namespace

TEST_CASE("completion book: 10^5 keys completed far ahead of their consumer keep a bounded record",
          "[completion_book]") {
    BookBench b("bench", 100'000);
    sc_core::sc_start();
    CHECK(b.finished);
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
        // Completed in the past (reported late): the blocked waiters must get exactly this
        // time, not "now".
        book.set_done(3, TransferDone{ns(4)});
        book.set_done(1, TransferDone{ns(12)});
        sc_core::wait(ns(1));
        late = book.wait_done(3);  // over and picked up: reported as now
        book.issue(5);
        book.set_done(5, TransferDone{ns(14)});  // the latest: key 5's, not key 1's
        latest = book.wait_done_through(5);
        records = book.records();
    }
    CompletionBook book;
    TransferDone first, second, late, latest;
    size_t records = 99;
};

}  // namespace

TEST_CASE("completion book: blocked waiters get the exact completion, the latest one is kept",
          "[completion_book]") {
    WaiterBench b("bench");
    sc_core::sc_start();
    for (const TransferDone& d : {b.first, b.second}) CHECK(d.at == ns(4));
    CHECK(b.late.at == ns(11));
    CHECK(b.latest.at == ns(14));  // key 5, not key 1
    CHECK(b.records == 2);         // keys 1 and 5 complete ahead of now (12, 14 > 11)
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
        tlm::tlm_generic_payload t;  // a plain payload: no TransferInfo
        t.set_command(tlm::TLM_READ_COMMAND);
        t.set_address(0);
        t.set_data_ptr(data.data());
        t.set_data_length(static_cast<unsigned>(data.size()));
        t.set_streaming_width(static_cast<unsigned>(data.size()));
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(t, delay);  // blocks until the last burst is in
        done_at = sc_core::sc_time_stamp() + delay;
        ok = t.is_response_ok();
        finished = true;
    }
    void watch() {
        while (!finished) {
            most = std::max(most, ddr.burst_records());
            sc_core::wait(ns(50));
        }
    }
    StatRegistry stats;
    DdrMemory ddr;
    sc_core::sc_time done_at;
    bool finished = false, ok = false;
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
    CHECK(b.done_at > sc_core::SC_ZERO_TIME);
    CHECK(b.ok);
    // The front-end entry, the controller's read queue and the bursts whose data is still on
    // its way (issued, not delivered): a few dozen, not one per burst.
    CHECK(b.most <= static_cast<size_t>(1 + 2 * p.read_queue));
}

}  // namespace sasim
