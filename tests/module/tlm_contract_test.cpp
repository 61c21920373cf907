// The TLM contract seen from a standard initiator: a plain tlm_utils initiator socket, payloads
// with no memory manager and no TransferInfo extension, through the interconnect to each DRAM
// target. Loosely timed (b_transport: the annotated delay is the time to completion) and
// approximately timed (nb_transport_fw BEGIN_REQ -> END_REQ / BEGIN_RESP, or TLM_COMPLETED with
// the completion as the delay) must give the same completion time, and nothing may crash.
#include <tlm_utils/simple_initiator_socket.h>

#include <catch2/catch.hpp>
#include <memory>
#include <systemc>
#include <tlm>

#include "models/common/clock.hpp"
#include "models/common/stats.hpp"
#include "models/dram/ddr_memory.hpp"
#include "models/dram/dram.hpp"
#include "models/dram/dram_timing.hpp"
#include "models/interconnect/interconnect.hpp"
#include "sim/config/config.hpp"

namespace sasim {
namespace {

using sc_core::sc_time;

// Issues one 64-byte access at time 0 and records when it completed.
struct PlainInitiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<PlainInitiator> socket;
    bool approximately_timed;
    bool write;
    tlm::tlm_generic_payload payload;  // no memory manager, no extension
    unsigned char data[64] = {};
    sc_core::sc_event response;
    sc_time done_at = sc_core::SC_ZERO_TIME;
    bool done = false;

    SC_HAS_PROCESS(PlainInitiator);
    PlainInitiator(sc_core::sc_module_name n, bool at, bool wr)
        : sc_module(n), socket("socket"), approximately_timed(at), write(wr) {
        socket.register_nb_transport_bw(this, &PlainInitiator::nb_transport_bw);
        SC_THREAD(run);
    }

    void run() {
        payload.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        payload.set_address(0);
        payload.set_data_ptr(data);
        payload.set_data_length(64);
        payload.set_streaming_width(64);
        payload.set_byte_enable_ptr(nullptr);
        payload.set_dmi_allowed(false);
        payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time delay = sc_core::SC_ZERO_TIME;
        if (!approximately_timed) {
            socket->b_transport(payload, delay);
            finish(delay);
            return;
        }
        tlm::tlm_phase ph = tlm::BEGIN_REQ;
        const tlm::tlm_sync_enum s = socket->nb_transport_fw(payload, ph, delay);
        if (s == tlm::TLM_COMPLETED) {
            finish(delay);
            return;
        }
        sc_core::wait(response);
    }
    void finish(const sc_time& delay) {
        done_at = sc_core::sc_time_stamp() + delay;
        done = payload.get_response_status() == tlm::TLM_OK_RESPONSE;
    }
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase& ph,
                                       sc_time& delay) {
        if (ph != tlm::BEGIN_RESP) return tlm::TLM_ACCEPTED;
        finish(delay);
        response.notify(delay);
        ph = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
};

// Link: 4 B/cycle at 1 GHz, 10 cycles latency. Bandwidth DRAM: 16 GB/s (a 64-byte burst takes
// 64 / 16 = 4 ns), 100 ns latency.
//   read:  request crosses the link's latency 0..10; DRAM bus 10..14, + 100 -> 114; the data
//          crosses the link, 64 B / 4 B per cycle = 16 cycles: 114..130 -> 130 ns
//   write: the data crosses the link first, 0..16, + 10 latency -> DRAM at 26; bus 26..30,
//          + 100 -> 130 ns
// Completion time in ns.
double bandwidth_path(bool at, bool write) {
    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);  // the models count femtoseconds
    const ClockDomain clk(1000.0);
    StatRegistry stats;
    PlainInitiator init("init", at, write);
    Interconnect link("link", InterconnectParams{4, 10}, clk, stats);
    Dram dram("dram", std::make_unique<BandwidthDram>(16.0, 100'000'000, 64), stats);
    init.socket.bind(link.target);
    link.initiator.bind(dram.socket);
    sc_core::sc_start();
    REQUIRE(init.done);
    return init.done_at.to_seconds() * 1e9;
}

// Bank-level DDR4-3200 behind the same link: LT and AT must agree.
double ddr_path(bool at) {
    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    const ClockDomain clk(1000.0);
    StatRegistry stats;
    const Config c = apply_overrides(default_config(), {"dram.model=ddr4_3200"});
    PlainInitiator init("init", at, false);
    Interconnect link("link", InterconnectParams{4, 10}, clk, stats);
    DdrMemory ddr("ddr", c.dram.ddr, stats);
    init.socket.bind(link.target);
    link.initiator.bind(ddr.socket);
    sc_core::sc_start();
    REQUIRE(init.done);
    return init.done_at.to_seconds() * 1e9;
}

}  // namespace

TEST_CASE("tlm contract: a plain LT read through the link to the bandwidth DRAM", "[module][tlm]") {
    CHECK(bandwidth_path(false, false) == Approx(130.0));
}

TEST_CASE("tlm contract: a plain AT read through the link to the bandwidth DRAM", "[module][tlm]") {
    CHECK(bandwidth_path(true, false) == Approx(130.0));
}

TEST_CASE("tlm contract: a plain LT write through the link to the bandwidth DRAM", "[module][tlm]") {
    CHECK(bandwidth_path(false, true) == Approx(130.0));
}

TEST_CASE("tlm contract: a plain AT write through the link to the bandwidth DRAM", "[module][tlm]") {
    CHECK(bandwidth_path(true, true) == Approx(130.0));
}

// DDR4-3200, tCK 0.625 ns: the read reaches the controller at 10 ns = clk 16; bank closed:
// ACT 16, RD 16 + tRCD 22 = 38, data done 38 + CL 22 + BL/2 4 = 64 clk = 40 ns; the link then
// carries it 40..56 ns.
TEST_CASE("tlm contract: a plain LT read through the link to bank-level DRAM", "[module][tlm]") {
    CHECK(ddr_path(false) == Approx(56.0));
}

TEST_CASE("tlm contract: a plain AT read through the link to bank-level DRAM", "[module][tlm]") {
    CHECK(ddr_path(true) == Approx(56.0));
}

}  // namespace sasim
