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

// Enum words, in the order of their enum's values.
constexpr std::array<const char*, 2> kPagePolicy = {"open", "closed"};
constexpr std::array<const char*, 2> kGrouping = {"per_bank", "per_rank"};
constexpr std::array<const char*, 2> kScheduler = {"frfcfs", "round_robin"};
constexpr std::array<const char*, 3> kRefresh = {"all_rank", "rank_staggered", "per_bank"};
constexpr std::array<const char*, 2> kDrain = {"watermarks", "when_full"};

template <class E, const auto& W>
const char* enum_word(E e) {
    return W[static_cast<size_t>(e)];
}

template <class E, const auto& W>
std::optional<E> enum_parse(std::string_view s) {
    for (size_t i = 0; i < W.size(); ++i)
        if (s == W[i]) return static_cast<E>(i);
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

// An enum member of DdrParams as a dram.* key.
template <class E, const auto& W>
ConfigField ddr_enum(std::string key, std::string def, std::string desc, E DdrParams::*mem) {
    return ddr(enum_field(std::move(key), std::move(def),
                          std::vector<std::string>(W.begin(), W.end()), std::move(desc),
                          enum_access<E>([mem](const Config& c) { return c.dram.ddr.*mem; },
                                         [mem](Config& c, E e) { c.dram.ddr.*mem = e; },
                                         &enum_word<E, W>, &enum_parse<E, W>)));
}

ConfigField ddr_bool(std::string key, std::string desc, bool DdrParams::*mem) {
    return ddr(
        make(std::move(key), FieldKind::boolean, false, "", std::move(desc), ddr_member(mem)));
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
        timing("dram.trfc_pb", 0,
               "tRFCpb: per-bank refresh to the next ACT of that bank (dram.refresh_policy = "
               "per_bank); 0 = the device has no per-bank refresh",
               &P::tRFCpb, 0, 100000),
        timing("dram.trtrs", 0, "tRTRS: idle data-bus clocks between bursts of two ranks",
               &P::tRTRS),
        timing("dram.tppd", 0, "tPPD: PRE to PRE of another bank of the rank", &P::tPPD),
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
              "read transaction queue per channel (with no command queues, the scheduler's "
              "reordering window)",
              &P::read_queue),
        queue("dram.write_queue", 32, 1, "write transaction queue (write buffer) per channel",
              &P::write_queue),
        queue("dram.write_high_watermark", 24, 1,
              "queued writes at which the controller turns to draining writes (at most "
              "dram.write_queue)",
              &P::write_high_watermark),
        queue("dram.write_low_watermark", 8, 0,
              "queued writes at which draining stops (below dram.write_high_watermark)",
              &P::write_low_watermark),
        ddr_enum<PagePolicy, kPagePolicy>(
            "dram.page_policy", "open",
            "open: a row stays open for later hits; closed: a row is precharged as soon as no "
            "queued request wants it",
            &P::page_policy),
        ddr(std::move(map)),
    };
}

// The two-level controller and its policies; the defaults are the one-level controller.
std::vector<ConfigField> structure() {
    using P = DdrParams;
    return {
        queue("dram.command_queue", 0, 0,
              "entries of each command queue behind the read and write transaction queues; 0 = "
              "none (the scheduler picks from the transaction queues)",
              &P::command_queue),
        ddr_enum<QueueGrouping, kGrouping>(
            "dram.command_queue_grouping", "per_bank",
            "one command queue per bank or per rank (dram.command_queue >= 1)",
            &P::command_queue_grouping),
        ddr(int_field("dram.queue_moves_per_clk", 1, 1, 64, "requests",
                      "transactions moved into the command queues per DRAM clock, oldest first "
                      "(dram.command_queue >= 1)",
                      ddr_member(&P::queue_moves_per_clk))),
        ddr_enum<SchedulerKind, kScheduler>(
            "dram.scheduler", "frfcfs",
            "frfcfs: row hits first, then oldest; round_robin: the command queues take turns, "
            "each issuing its first command that can go (needs dram.command_queue >= 1)",
            &P::scheduler),
        ddr(int_field("dram.row_hit_cap", 0, 0, 4096, "bursts",
                      "column commands a row serves before an older request to another row of "
                      "the bank may close it; 0 = no cap",
                      ddr_member(&P::row_hit_cap))),
        ddr_enum<RefreshPolicy, kRefresh>(
            "dram.refresh_policy", "all_rank",
            "all_rank: every rank each tREFI; rank_staggered: one rank every tREFI / ranks; "
            "per_bank: one bank every tREFI / (ranks x banks), REFPB (needs dram.trfc_pb)",
            &P::refresh_policy),
        ddr(int_field("dram.refresh_owed_max", 8, 1, 8, "REFs",
                      "refreshes a busy rank (bank) may owe before it must refresh; 1 = refresh "
                      "as soon as one is due",
                      ddr_member(&P::refresh_owed_max))),
        ddr_enum<WriteDrain, kDrain>(
            "dram.write_drain", "watermarks",
            "watermarks: drain writes from the high to the low watermark, and whenever no read "
            "waits; when_full: drain every queued write once the write queue is full, or at the "
            "high watermark with no read waiting (needs dram.posted_writes)",
            &P::write_drain),
        ddr_bool("dram.dual_issue",
                 "a row command (ACT, PRE, REF) and a column command may issue in the same "
                 "clock (HBM)",
                 &P::dual_issue),
        ddr_bool("dram.read_forwarding",
                 "a read of an address a queued write will write takes that data at once",
                 &P::read_forwarding),
        ddr_bool("dram.posted_writes",
                 "a write completes one clock after the controller accepts it", &P::posted_writes),
    };
}

}  // namespace

std::vector<ConfigField> ddr_fields() {
    std::vector<ConfigField> out = organisation();
    for (auto* part : {&timings, &controller, &structure}) {
        std::vector<ConfigField> rows = part();
        out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
}

namespace {

// The two-level controller's keys against each other.
std::optional<CrossFieldError> check_structure_cross(const DdrParams& p) {
    if (p.scheduler == SchedulerKind::round_robin && p.command_queue == 0) {
        return CrossFieldError{{"dram.scheduler", "dram.command_queue"},
                               "key 'dram.scheduler': round_robin takes turns over command "
                               "queues; set dram.command_queue >= 1"};
    }
    const bool per_bank = p.refresh_policy == RefreshPolicy::per_bank;
    if (per_bank && p.tRFCpb == 0) {
        return CrossFieldError{{"dram.refresh_policy", "dram.trfc_pb"},
                               "key 'dram.refresh_policy': per_bank needs dram.trfc_pb >= 1 (the "
                               "device's per-bank refresh time)"};
    }
    if (per_bank && p.tREFI <= p.tRFCpb + p.longest_row_cycle()) {
        return CrossFieldError{
            {"dram.trefi", "dram.trfc_pb"},
            fmt::format("key 'dram.trefi': {} tCK is not more than dram.trfc_pb + the longest row "
                        "cycle = {} + {} tCK; between two refreshes a bank must have time for one "
                        "access",
                        p.tREFI, p.tRFCpb, p.longest_row_cycle())};
    }
    if (p.tREFI < p.refresh_units()) {
        return CrossFieldError{
            {"dram.trefi", "dram.refresh_policy"},
            fmt::format("key 'dram.trefi': {} tCK is less than the {} refresh units (ranks, or "
                        "banks under per_bank): each needs a turn of at least one clock",
                        p.tREFI, p.refresh_units())};
    }
    if (p.write_drain == WriteDrain::when_full && !p.posted_writes) {
        return CrossFieldError{{"dram.write_drain", "dram.posted_writes"},
                               "key 'dram.write_drain': when_full needs dram.posted_writes = true "
                               "(a write that waits for the queue to fill must still complete)"};
    }
    return std::nullopt;
}

}  // namespace

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
    return check_structure_cross(p);
}

}  // namespace sasim::field_detail
