// DDR address map: field positions follow the map string (most significant first) with
// log2(count) bits each above log2(burst_bytes) offset bits; bad maps throw naming the map and
// the field, with the exact messages pinned here.
#include "models/dram/ddr_address_map.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "models/dram/ddr_core.hpp"
#include "tests/unit/ddr_test_params.hpp"

namespace sasim {

TEST_CASE("ddr address map: the ddr4 streaming map", "[ddr]") {
    // "ro:ra:ba:co:bg:ch" on DDR4: offset 6 bits (64 B bursts), ch 0 bits, bg 2 bits [6, 8),
    // co log2(1024 / 8) = 7 bits [8, 15), ba 2 bits [15, 17), ra 0 bits, ro 16 bits [17, 33).
    const DdrAddressMap map(ddr_test::ddr4_3200());
    CHECK(map.offset_bits() == 6);
    const DdrAddress a = map.decode(0x40);  // burst 1: next bank group, same column
    CHECK(a.bankgroup == 1);
    CHECK(a.column == 0);
    CHECK(map.decode(0x100).column == 8);  // burst 4: column 1 x BL 8
    CHECK(map.decode(0x100).bankgroup == 0);
    CHECK(map.decode(uint64_t{1} << 15).bank == 1);
    CHECK(map.decode(uint64_t{1} << 17).row == 1);
    CHECK(map.decode(0x3f).column == 0);            // the offset within a burst is dropped
    CHECK(map.decode(uint64_t{1} << 33).row == 0);  // above 8 GiB the space wraps
    DdrAddress b;
    b.bankgroup = 3, b.bank = 2, b.row = 777, b.column = 1016;
    const DdrAddress c = map.decode(map.encode(b));
    CHECK(c.bankgroup == 3);
    CHECK(c.bank == 2);
    CHECK(c.row == 777);
    CHECK(c.column == 1016);
}

TEST_CASE("ddr address map: channel bits of hbm2 and lpddr4", "[ddr]") {
    // hbm2: 64 B bursts, then 3 channel bits [6, 9): burst i goes to channel i mod 8.
    const DdrAddressMap hbm(ddr_test::hbm2());
    CHECK(hbm.decode(7 * 64).channel == 7);
    CHECK(hbm.decode(8 * 64).channel == 0);
    CHECK(hbm.decode(8 * 64).bankgroup == 1);
    // lpddr4: 32 B bursts (16 bit x BL16), 2 channel bits [5, 7), no bank-group bits.
    const DdrAddressMap lp(ddr_test::lpddr4_2400());
    CHECK(lp.decode(3 * 32).channel == 3);
    CHECK(lp.decode(4 * 32).column == 16);  // next column burst: BL 16 columns on
}

TEST_CASE("ddr address map: bad maps throw with exact messages", "[ddr]") {
    auto with_map = [](const char* m) {
        DdrParams p = ddr_test::ddr4_3200();
        p.address_map = m;
        return p;
    };
    CHECK_THROWS_WITH(DdrAddressMap(with_map("ro:ra:bg:ba:co:xx")),
                      "address_map \"ro:ra:bg:ba:co:xx\": unknown field \"xx\" (allowed: ro, "
                      "ra, bg, ba, co, ch)");
    CHECK_THROWS_WITH(DdrAddressMap(with_map("ro:ra:bg:ba:co:ch:ro")),
                      "address_map \"ro:ra:bg:ba:co:ch:ro\": field \"ro\" appears more than "
                      "once");
    CHECK_THROWS_WITH(DdrAddressMap(with_map("ro:ra:bg:ba:co")),
                      "address_map \"ro:ra:bg:ba:co\": field \"ch\" is missing (each of ro, ra, "
                      "bg, ba, co, ch must appear exactly once)");
    CHECK_THROWS_WITH(DdrAddressMap(with_map("")),
                      "address_map \"\": unknown field \"\" (allowed: ro, ra, bg, ba, co, ch)");
    CHECK_THROWS_WITH(DdrAddressMap(with_map("ro:ra::bg:ba:co:ch")),
                      "address_map \"ro:ra::bg:ba:co:ch\": unknown field \"\" (allowed: ro, ra, "
                      "bg, ba, co, ch)");
    CHECK_THROWS_AS(DdrAddressMap(with_map("RO:ra:bg:ba:co:ch")), std::invalid_argument);
}

TEST_CASE("ddr address map: counts must be powers of two", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.bankgroups = 3;
    CHECK_THROWS_WITH(DdrAddressMap(p),
                      "address_map \"ro:ra:ba:co:bg:ch\": field \"bg\" needs "
                      "a power-of-two count, got bankgroups = 3");
    p = ddr_test::ddr4_3200();
    p.columns = 1000;  // 1000 / BL 8 = 125 bursts per row
    CHECK_THROWS_WITH(DdrAddressMap(p),
                      "address_map \"ro:ra:ba:co:bg:ch\": field \"co\" needs "
                      "a power-of-two count, got columns / burst_length = 125");
    p = ddr_test::ddr4_3200();
    p.rows = 0;
    CHECK_THROWS_WITH(DdrAddressMap(p),
                      "address_map \"ro:ra:ba:co:bg:ch\": field \"ro\" needs "
                      "a power-of-two count, got rows = 0");
    p = ddr_test::hbm2();
    p.channels = 6;
    CHECK_THROWS_WITH(DdrAddressMap(p),
                      "address_map \"ro:ra:ba:co:bg:ch\": field \"ch\" needs "
                      "a power-of-two count, got channels = 6");
    p = ddr_test::ddr4_3200();
    p.bus_bits = 48;  // 6 B x BL 8 = 48 B bursts
    CHECK_THROWS_WITH(DdrAddressMap(p),
                      "address_map \"ro:ra:ba:co:bg:ch\": the burst offset needs a power-of-two "
                      "burst_bytes (bus_bits / 8 x burst_length), got 48");
}

TEST_CASE("ddr dram: the constructor rejects bad maps and bad controller settings", "[ddr]") {
    DdrParams p = ddr_test::ddr4_3200();
    p.address_map = "ro:ra:bg:ba:co";
    CHECK_THROWS_AS(DdrDram(p), std::invalid_argument);
    p = ddr_test::ddr4_3200();
    p.write_low_watermark = 24;
    CHECK_THROWS_WITH(DdrDram(p),
                      "DDR parameters: need 0 <= write_low_watermark < "
                      "write_high_watermark <= write_queue, got 24 / 24 / 32");
    p = ddr_test::ddr4_3200();
    p.burst_length = 7;
    CHECK_THROWS_WITH(DdrDram(p),
                      "DDR parameters: burst_length must be even (two beats per "
                      "clock), got 7");
}

}  // namespace sasim
