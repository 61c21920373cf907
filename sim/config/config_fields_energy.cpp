// The energy rows of the config field table: the DRAM datasheet currents (bank-level dram keys,
// DDR4-3200's as defaults, like the other bank-level keys; every DRAM preset sets them), the
// technology table (tech.node and the values of configs/tech/45nm.toml as defaults; every
// technology preset sets them), clock gating and the link length; and their cross checks.
#include <fmt/format.h>

#include "sim/config/config_fields_detail.hpp"

namespace sasim::field_detail {
namespace {

template <class T>
Access tech_member(T TechParams::*mem) {
    return {[mem](const Config& c) { return FieldValue(c.energy.tech.*mem); },
            [mem](Config& c, const FieldValue& v) { c.energy.tech.*mem = std::get<T>(v); }};
}

template <class T>
Access power_member(T DramPowerParams::*mem) {
    return {[mem](const Config& c) { return FieldValue(c.energy.dram.*mem); },
            [mem](Config& c, const FieldValue& v) { c.energy.dram.*mem = std::get<T>(v); }};
}

template <class T>
Access energy_member(T EnergyParams::*mem) {
    return {[mem](const Config& c) { return FieldValue(c.energy.*mem); },
            [mem](Config& c, const FieldValue& v) { c.energy.*mem = std::get<T>(v); }};
}

const char* node_word(TechNode n) { return n == TechNode::n45 ? "45nm" : "7nm"; }

std::optional<TechNode> parse_node(std::string_view s) {
    if (s == "45nm") return TechNode::n45;
    if (s == "7nm") return TechNode::n7;
    return std::nullopt;
}

ConfigField current(std::string key, double def, std::string desc, double DramPowerParams::*m) {
    ConfigField f =
        float_field(std::move(key), def, 0.0, 100000.0, "mA", std::move(desc), power_member(m));
    f.ddr = true;
    return f;
}

ConfigField tech(std::string key, double def, double lo, double hi, std::string unit,
                 std::string desc, double TechParams::*m) {
    ConfigField f =
        float_field(std::move(key), def, lo, hi, std::move(unit), std::move(desc), tech_member(m));
    f.tech = true;
    return f;
}

constexpr double kMax = 1e9;

std::vector<ConfigField> compute_rows() {
    using T = TechParams;
    return {
        tech("tech.mult_pj", 0.2, 0, kMax, "pJ",
             "energy of an 8-bit integer multiply; a w-byte multiply costs w^2 times it",
             &T::mult_pj),
        tech("tech.add_pj", 0.1, 0, kMax, "pJ",
             "energy of a 32-bit integer add; the accumulator add of a MAC (array.psum_bytes) "
             "scales with its bits",
             &T::add_pj),
        tech("tech.reg_pj_per_bit", 0.009, 0, kMax, "pJ",
             "a PE register bit taking a new value on a clock edge", &T::reg_pj_per_bit),
        tech("tech.reg_clock_pj_per_bit", 0.0079, 0, kMax, "pJ",
             "a PE register bit clocked while it holds its value (idle PEs without "
             "array.clock_gating)",
             &T::reg_clock_pj_per_bit),
        tech("tech.logic_leak_nw_per_um2", 12.4, 0, kMax, "nW/um^2",
             "leakage power of PE logic per area", &T::logic_leak_nw_per_um2),
    };
}

std::vector<ConfigField> memory_rows() {
    using T = TechParams;
    return {
        tech("tech.sram_8kib_pj", 10.0, 1e-6, kMax, "pJ",
             "64-bit read of an 8 KiB SRAM array; with the next two, fits E = a x KiB^b",
             &T::sram_8kib_pj),
        tech("tech.sram_32kib_pj", 20.0, 1e-6, kMax, "pJ", "64-bit read of a 32 KiB SRAM array",
             &T::sram_32kib_pj),
        tech("tech.sram_1mib_pj", 100.0, 1e-6, kMax, "pJ", "64-bit read of a 1 MiB SRAM array",
             &T::sram_1mib_pj),
        tech("tech.sram_fixed_fraction", 0.3, 0, 1, "",
             "share of a 64-bit SRAM access spent once per access (decoder, wordline); the "
             "rest scales with the bank width",
             &T::sram_fixed_fraction),
        tech("tech.sram_leak_uw_per_kib", 35.15, 0, kMax, "uW/KiB",
             "SRAM leakage power per KiB of capacity", &T::sram_leak_uw_per_kib),
        tech("tech.link_pj_per_byte", 0.144, 0, kMax, "pJ/B",
             "interconnect energy per byte through its end registers and drivers",
             &T::link_pj_per_byte),
        tech("tech.wire_pj_per_byte_mm", 0.648, 0, kMax, "pJ/(B mm)",
             "on-chip wire energy per byte per mm (interconnect.length_mm, scratchpad H-trees)",
             &T::wire_pj_per_byte_mm),
        tech("tech.dram_pj_per_byte", 243.75, 0, kMax, "pJ/B",
             "DRAM energy per byte of the ideal and bandwidth models (bank-level models use "
             "the dram.idd* currents)",
             &T::dram_pj_per_byte),
    };
}

std::vector<ConfigField> area_rows() {
    using T = TechParams;
    return {
        tech("tech.mult_um2", 282.0, 0, kMax, "um^2",
             "area of an 8-bit multiplier; a w-byte one takes w^2 times it", &T::mult_um2),
        tech("tech.add_um2", 137.0, 0, kMax, "um^2",
             "area of a 32-bit adder; scales with the partial-sum bits", &T::add_um2),
        tech("tech.reg_um2_per_bit", 5.98, 0, kMax, "um^2", "area of one register bit",
             &T::reg_um2_per_bit),
        tech("tech.sram_bitcell_um2", 0.346, 1e-6, kMax, "um^2", "area of one SRAM bit cell",
             &T::sram_bitcell_um2),
        tech("tech.sram_array_efficiency", 0.7, 0.01, 1, "",
             "share of an SRAM array's area that is bit cells", &T::sram_array_efficiency),
        tech("tech.wire_pitch_um", 0.28, 0, kMax, "um",
             "pitch of bus wires between blocks (interconnect, scratchpad H-trees)",
             &T::wire_pitch_um),
        tech("tech.dram_phy_mm2_per_bit", 0.178, 0, kMax, "mm^2",
             "DRAM controller and PHY area per data bit of a channel (dram.bus_bits)",
             &T::dram_phy_mm2_per_bit),
    };
}

}  // namespace

std::vector<ConfigField> dram_power_fields() {
    using P = DramPowerParams;
    ConfigField vdd =
        float_field("dram.vdd", 1.2, 0.1, 10.0, "V",
                    "DRAM supply voltage of the dram.idd* currents", power_member(&P::vdd));
    vdd.ddr = true;
    ConfigField bits = power_of_two(int_field(
        "dram.device_bits", 8, 1, 1024, "bits",
        "data width of one DRAM device: a rank is dram.bus_bits / dram.device_bits devices",
        power_member(&P::device_bits)));
    bits.ddr = true;
    return {
        vdd,
        current("dram.idd0", 57, "IDD0: one bank activated and precharged every tRC", &P::idd0),
        current("dram.idd2p", 25, "IDD2P: all banks precharged, powered down", &P::idd2p),
        current("dram.idd2n", 37, "IDD2N: all banks precharged, standby", &P::idd2n),
        current("dram.idd3p", 43, "IDD3P: a bank active, powered down", &P::idd3p),
        current("dram.idd3n", 52, "IDD3N: a bank active, standby", &P::idd3n),
        current("dram.idd4r", 168, "IDD4R: burst reads", &P::idd4r),
        current("dram.idd4w", 150, "IDD4W: burst writes", &P::idd4w),
        current("dram.idd5ab", 250, "IDD5AB: all-bank refresh", &P::idd5ab),
        bits,
    };
}

std::vector<ConfigField> tech_fields() {
    ConfigField node = enum_field(
        "tech.node", "45nm", {"45nm", "7nm"},
        "technology table: configs/tech/<node>.toml sets every tech key first, then the keys "
        "you set win",
        enum_access<TechNode>([](const Config& c) { return c.energy.tech.node; },
                              [](Config& c, TechNode n) { c.energy.tech.node = n; }, &node_word,
                              &parse_node));
    std::vector<ConfigField> out = {node};
    for (auto* part : {&compute_rows, &memory_rows, &area_rows}) {
        std::vector<ConfigField> rows = part();
        out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
}

ConfigField clock_gating_field() {
    return make("array.clock_gating", FieldKind::boolean, true, "",
                "idle PEs gate their clock and only leak; false: their registers are clocked "
                "every cycle (tech.reg_clock_pj_per_bit)",
                energy_member(&EnergyParams::clock_gating));
}

ConfigField link_length_field() {
    return float_field("interconnect.length_mm", 0.0, 0.0, 1000.0, "mm",
                       "wire length of the link, priced at tech.wire_pj_per_byte_mm per byte "
                       "and in area; 0 = not given",
                       energy_member(&EnergyParams::link_length_mm));
}

namespace {

std::optional<CrossFieldError> check_currents(const Config& c) {
    const DramPowerParams& p = c.energy.dram;
    const DdrParams& d = c.dram.ddr;
    if (p.device_bits > d.bus_bits)
        return CrossFieldError{{"dram.device_bits", "dram.bus_bits"},
                               fmt::format("key 'dram.device_bits': {} is wider than "
                                           "dram.bus_bits ({}); a rank needs at least one device",
                                           p.device_bits, d.bus_bits)};
    // A burst or refresh draws more than the active standby current it is priced above.
    const std::pair<const char*, double> above[] = {
        {"dram.idd4r", p.idd4r}, {"dram.idd4w", p.idd4w}, {"dram.idd5ab", p.idd5ab}};
    for (const auto& [key, v] : above)
        if (v < p.idd3n)
            return CrossFieldError{
                {key, "dram.idd3n"},
                fmt::format("key '{}': {} mA is below dram.idd3n ({} mA); the current of a "
                            "command must exceed the standby current it is priced above",
                            key, v, p.idd3n)};
    const double tck = d.tck_ns;
    const double act = p.idd0 * static_cast<double>(d.tRC) * tck -
                       p.idd3n * static_cast<double>(d.tRAS) * tck -
                       p.idd2n * static_cast<double>(d.tRP) * tck;
    if (act < 0)
        return CrossFieldError{
            {"dram.idd0", "dram.idd3n", "dram.idd2n"},
            fmt::format("key 'dram.idd0': {} mA x tRC is below dram.idd3n x tRAS + dram.idd2n x "
                        "tRP ({} x {} + {} x {} clocks against {} clocks); an ACT-PRE pair would "
                        "have negative energy",
                        p.idd0, p.idd3n, d.tRAS, p.idd2n, d.tRP, d.tRC)};
    return std::nullopt;
}

}  // namespace

std::optional<CrossFieldError> check_energy_cross(const Config& c) {
    if (auto e = check_currents(c)) return e;
    const TechParams& t = c.energy.tech;
    if (t.sram_8kib_pj > t.sram_32kib_pj || t.sram_32kib_pj > t.sram_1mib_pj)
        return CrossFieldError{
            {"tech.sram_32kib_pj", "tech.sram_8kib_pj", "tech.sram_1mib_pj"},
            fmt::format("key 'tech.sram_32kib_pj': the SRAM access energies {} / {} / {} pJ "
                        "(8 KiB / 32 KiB / 1 MiB) must not fall as the array grows",
                        t.sram_8kib_pj, t.sram_32kib_pj, t.sram_1mib_pj)};
    return std::nullopt;
}

}  // namespace sasim::field_detail
