// The bank-level DRAM rows of the config field table: every DdrParams member as a dram.* key,
// with DDR4-3200's values as defaults (configs/dram/ddr4_3200.toml holds the same), the address
// map syntax check and the cross checks (write watermarks, refresh interval). Presets:
// sim/config/config_preset.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "sim/config/config_fields_detail.hpp"

namespace sasim::field_detail {
namespace {

const char* page_policy_word(PagePolicy p) { return p == PagePolicy::open ? "open" : "closed"; }

std::optional<PagePolicy> parse_page_policy(std::string_view s) {
    if (s == "open") return PagePolicy::open;
    if (s == "closed") return PagePolicy::closed;
    return std::nullopt;
}

constexpr std::array<const char*, 6> kMapFields = {"ro", "ra", "bg", "ba", "co", "ch"};
constexpr const char* kMapAllowed =
    "the fields ro, ra, bg, ba, co, ch, each exactly once, most significant first, separated "
    "by ':'";

std::vector<std::string> split_map(const std::string& map) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t colon; (colon = map.find(':', start)) != std::string::npos; start = colon + 1) {
        out.push_back(map.substr(start, colon - start));
    }
    out.push_back(map.substr(start));
    return out;
}

// DRAMsim3 writes maps without separators ("rochrababgco"): name the spelling we take.
std::string dramsim3_hint(const std::string& map) {
    if (map.size() != 12 || map.find(':') != std::string::npos) return "";
    std::string ours;
    for (size_t i = 0; i < map.size(); i += 2) ours += (i ? ":" : "") + map.substr(i, 2);
    return fmt::format("; did you mean \"{}\"?", ours);
}

std::optional<std::string> check_address_map(const std::string& map) {
    const std::string shown = "\"" + shown_text(map) + "\"";
    std::vector<std::string> seen;
    for (const std::string& tok : split_map(map)) {
        if (std::find(kMapFields.begin(), kMapFields.end(), tok) == kMapFields.end()) {
            return fmt::format("{} has an unknown field \"{}\"; allowed: {}{}", shown,
                               shown_text(tok), kMapAllowed, dramsim3_hint(map));
        }
        if (std::find(seen.begin(), seen.end(), tok) != seen.end()) {
            return fmt::format("{} has the field \"{}\" twice; allowed: {}", shown, tok,
                               kMapAllowed);
        }
        seen.push_back(tok);
    }
    for (const char* f : kMapFields) {
        if (std::find(seen.begin(), seen.end(), f) == seen.end()) {
            return fmt::format("{} lacks the field \"{}\"; allowed: {}", shown, f, kMapAllowed);
        }
    }
    return std::nullopt;
}

ConfigField ddr(ConfigField f) {
    f.ddr = true;
    return f;
}

// A count of the organisation: the address map gives it log2(count) bits.
ConfigField count(std::string key, int64_t def, int64_t hi, std::string unit, std::string desc,
                  int64_t DdrParams::*mem) {
    return ddr(power_of_two(
        int_field(std::move(key), def, 1, hi, std::move(unit), std::move(desc), ddr_member(mem))));
}

ConfigField timing(std::string key, int64_t def, std::string desc, int64_t DdrParams::*mem,
                   int64_t lo = 0, int64_t hi = 1000) {
    return ddr(int_field(std::move(key), def, lo, hi, "tCK", std::move(desc), ddr_member(mem)));
}

ConfigField queue(std::string key, int64_t def, int64_t lo, std::string desc,
                  int64_t DdrParams::*mem) {
    return ddr(
        int_field(std::move(key), def, lo, 4096, "entries", std::move(desc), ddr_member(mem)));
}

std::vector<ConfigField> organisation() {
    using P = DdrParams;
    return {
        count("dram.channels", 1, 64, "channels",
              "bank-level models: independent channels, one controller each", &P::channels),
        count("dram.ranks", 1, 8, "ranks", "ranks per channel (they share its data bus)",
              &P::ranks),
        count("dram.bankgroups", 4, 8, "bank groups",
              "bank groups per rank; 1 = none (the _L timings then apply between all banks)",
              &P::bankgroups),
        count("dram.banks_per_group", 4, 16, "banks", "banks per bank group", &P::banks_per_group),
        count("dram.rows", 65536, 1048576, "rows", "rows per bank", &P::rows),
        multiple_of(
            count("dram.columns", 1024, 65536, "columns",
                  "device columns per row; a row holds columns x bus_bits / 8 bytes", &P::columns),
            "dram.burst_length"),
        ddr(power_of_two(int_field("dram.bus_bits", 64, 8, 1024, "bits",
                                   "data bus width of one channel", ddr_member(&P::bus_bits)))),
        ddr(power_of_two(int_field("dram.burst_length", 8, 2, 64, "beats",
                                   "BL: data beats of one read or write, two per tCK; a request "
                                   "moves bus_bits / 8 x BL bytes",
                                   ddr_member(&P::burst_length)))),
        ddr(float_field("dram.tck_ns", 0.625, 0.05, 100.0, "ns",
                        "DRAM clock period tCK; every dram timing key counts these clocks",
                        ddr_member(&P::tck_ns))),
    };
}

std::vector<ConfigField> timings() {
    using P = DdrParams;
    return {
        timing("dram.cl", 22, "CL: read command to its first data beat", &P::CL, 1),
        timing("dram.cwl", 16, "CWL: write command to its first data beat", &P::CWL, 1),
        timing("dram.trcd", 22, "tRCD: ACT to a read or write of that bank", &P::tRCD),
        timing("dram.trp", 22, "tRP: PRE to the next ACT of that bank", &P::tRP),
        timing("dram.tras", 52, "tRAS: ACT to PRE of the same bank", &P::tRAS),
        timing("dram.trc", 74, "tRC: ACT to ACT of the same bank", &P::tRC),
        timing("dram.tccd_s", 4, "tCCD_S: column command to column command, other bank group",
               &P::tCCD_S),
        timing("dram.tccd_l", 8, "tCCD_L: column command to column command, same bank group",
               &P::tCCD_L),
        timing("dram.trrd_s", 4, "tRRD_S: ACT to ACT in a rank, other bank group", &P::tRRD_S),
        timing("dram.trrd_l", 8, "tRRD_L: ACT to ACT in a rank, same bank group", &P::tRRD_L),
        timing("dram.tfaw", 34, "tFAW: window in which a rank takes at most four ACTs", &P::tFAW),
        timing("dram.twr", 24, "tWR: end of write data to PRE of that bank (write recovery)",
               &P::tWR),
        timing("dram.twtr_s", 4, "tWTR_S: end of write data to a read, other bank group",
               &P::tWTR_S),
        timing("dram.twtr_l", 12, "tWTR_L: end of write data to a read, same bank group",
               &P::tWTR_L),
        timing("dram.trtp", 12, "tRTP: read to PRE of the same bank", &P::tRTP),
        timing("dram.trfc", 560, "tRFC: refresh to the next command of the rank", &P::tRFC, 1,
               100000),
        timing("dram.trefi", 12480,
               "tREFI: average interval between refreshes of a rank (more than dram.trfc + the "
               "longest row cycle)",
               &P::tREFI, 1, 1000000),
    };
}

std::vector<ConfigField> controller() {
    using P = DdrParams;
    ConfigField map =
        make("dram.address_map", FieldKind::string, std::string("ro:ra:ba:co:bg:ch"), "",
             "address bits from most to least significant (below them the byte "
             "offset in a burst): ro row, ra rank, bg bank group, ba bank, co "
             "column, ch channel",
             ddr_member(&P::address_map));
    map.check_text = check_address_map;
    map.allowed_words = kMapAllowed;
    return {
        queue("dram.read_queue", 32, 1,
              "reads the controller holds per channel (its reordering window)", &P::read_queue),
        queue("dram.write_queue", 32, 1, "writes the controller holds per channel",
              &P::write_queue),
        queue("dram.write_high_watermark", 24, 1,
              "queued writes at which the controller turns to draining writes (at most "
              "dram.write_queue)",
              &P::write_high_watermark),
        queue("dram.write_low_watermark", 8, 0,
              "queued writes at which draining stops (below dram.write_high_watermark)",
              &P::write_low_watermark),
        ddr(enum_field(
            "dram.page_policy", "open", {"open", "closed"},
            "open: a row stays open for later hits; closed: a row is precharged as "
            "soon as no queued request wants it",
            enum_access<PagePolicy>([](const Config& c) { return c.dram.ddr.page_policy; },
                                    [](Config& c, PagePolicy p) { c.dram.ddr.page_policy = p; },
                                    &page_policy_word, &parse_page_policy))),
        ddr(std::move(map)),
    };
}

}  // namespace

std::vector<ConfigField> ddr_fields() {
    std::vector<ConfigField> out = organisation();
    for (auto* part : {&timings, &controller}) {
        std::vector<ConfigField> rows = part();
        out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
}

std::optional<CrossFieldError> check_ddr_cross(const Config& c) {
    const DdrParams& p = c.dram.ddr;
    if (p.write_high_watermark > p.write_queue) {
        return CrossFieldError{{"dram.write_high_watermark", "dram.write_queue"},
                               fmt::format("key 'dram.write_high_watermark': {} is more than "
                                           "dram.write_queue ({})",
                                           p.write_high_watermark, p.write_queue)};
    }
    if (p.write_low_watermark >= p.write_high_watermark) {
        return CrossFieldError{{"dram.write_low_watermark", "dram.write_high_watermark"},
                               fmt::format("key 'dram.write_low_watermark': {} is not less than "
                                           "dram.write_high_watermark ({})",
                                           p.write_low_watermark, p.write_high_watermark)};
    }
    // Below this the controller can owe refreshes faster than it issues them and never open a
    // row again (a livelock); real parts have tREFI ~ 20 x tRFC.
    const int64_t row = p.longest_row_cycle();
    if (p.tREFI <= p.tRFC + row) {
        return CrossFieldError{
            {"dram.trefi", "dram.trfc"},
            fmt::format("key 'dram.trefi': {} tCK is not more than dram.trfc + the longest row "
                        "cycle = {} + {} = {} tCK (the longest row cycle is the largest of tRC "
                        "= {}, tRAS + tRP = {}, tRCD + tRTP + tRP = {} and tRCD + CWL + BL/2 + "
                        "tWR + tRP = {}); between two refreshes a rank must have time for one "
                        "access",
                        p.tREFI, p.tRFC, row, p.tRFC + row, p.tRC, p.tRAS + p.tRP,
                        p.tRCD + p.tRTP + p.tRP,
                        p.tRCD + p.CWL + p.burst_length / 2 + p.tWR + p.tRP)};
    }
    return std::nullopt;
}

}  // namespace sasim::field_detail
