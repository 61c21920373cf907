// The bank-level DRAM keys of the config and the presets (configs/dram/*.toml): values against
// the DDR tests' parameters, the order preset < file < --set, preset lookup, every error text
// (exact: users see them), and the config.toml round trip that needs no preset file.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "models/dram/ddr_core.hpp"
#include "sim/base/errors.hpp"
#include "sim/config/config.hpp"
#include "sim/config/config_fields.hpp"
#include "support/config.hpp"
#include "support/files.hpp"
#include "unit/ddr_test_params.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

// Loads `config` written as c.toml in `dir`; returns the error text, or "" if it loaded.
std::string error_of_file(const TempDir& dir, const std::string& config) {
    try {
        load_config(write_text(dir / "c.toml", config).string(), {});
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

// A preset file: `first` (lines), then every bank-level key but `skip` with its DDR4-3200 value
// (keys already in `first` are not repeated).
std::string preset_text(const std::string& first = "", const std::string& skip = "") {
    std::string out = "[dram]\n" + first;
    const Config d = default_config();
    for (const auto& f : config_fields()) {
        if (!f.ddr || f.name() == skip || first.find(f.name() + " =") != std::string::npos) {
            continue;
        }
        out += f.name() + " = " + toml_literal(f.get(d)) + "\n";
    }
    return out;
}

// Names of the members where a and b differ.
std::vector<std::string> differences(const DdrParams& a, const DdrParams& b) {
    std::vector<std::string> out;
    auto cmp = [&out](const char* name, auto x, auto y) {
        if (x != y) out.push_back(name);
    };
#define SASIM_CMP(m) cmp(#m, a.m, b.m)
    SASIM_CMP(channels), SASIM_CMP(ranks), SASIM_CMP(bankgroups), SASIM_CMP(banks_per_group);
    SASIM_CMP(rows), SASIM_CMP(columns), SASIM_CMP(bus_bits), SASIM_CMP(burst_length);
    SASIM_CMP(tck_ns), SASIM_CMP(CL), SASIM_CMP(CWL), SASIM_CMP(tRCD), SASIM_CMP(tRP);
    SASIM_CMP(tRAS), SASIM_CMP(tRC), SASIM_CMP(tCCD_S), SASIM_CMP(tCCD_L), SASIM_CMP(tRRD_S);
    SASIM_CMP(tRRD_L), SASIM_CMP(tFAW), SASIM_CMP(tWR), SASIM_CMP(tWTR_S), SASIM_CMP(tWTR_L);
    SASIM_CMP(tRTP), SASIM_CMP(tRFC), SASIM_CMP(tREFI), SASIM_CMP(read_queue);
    SASIM_CMP(write_queue), SASIM_CMP(write_high_watermark), SASIM_CMP(write_low_watermark);
    SASIM_CMP(page_policy), SASIM_CMP(address_map), SASIM_CMP(tRTRS), SASIM_CMP(tPPD);
    SASIM_CMP(tRFCpb), SASIM_CMP(command_queue), SASIM_CMP(command_queue_grouping);
    SASIM_CMP(queue_moves_per_clk), SASIM_CMP(scheduler), SASIM_CMP(row_hit_cap);
    SASIM_CMP(refresh_policy), SASIM_CMP(refresh_owed_max), SASIM_CMP(write_drain);
    SASIM_CMP(dual_issue), SASIM_CMP(read_forwarding), SASIM_CMP(posted_writes);
#undef SASIM_CMP
    return out;
}

Config preset(const std::string& name) {
    return apply_overrides(default_config(), {"dram.model=" + name});
}

constexpr const char* kMapAllowed =
    "allowed: the fields ro, ra, bg, ba, co, ch, each exactly once, most significant first, "
    "separated by ':'";

}  // namespace

TEST_CASE("dram: one key per DdrParams member, defaults DDR4-3200's", "[config][dram]") {
    size_t ddr_keys = 0;
    for (const auto& f : config_fields()) ddr_keys += f.ddr;
    CHECK(ddr_keys == 46 + 10);  // every member of DdrParams, and VDD, 8 currents, device_bits
    CHECK(differences(default_config().dram.ddr, ddr_test::ddr4_3200()).empty());
    CHECK(default_config().dram.model == DramModel::bandwidth);
    CHECK(is_bank_level(DramModel::hbm2));
    CHECK_FALSE(is_bank_level(DramModel::ideal));
}

TEST_CASE("dram: the shipped presets hold the DDR tests' values", "[config][dram]") {
    CHECK(differences(preset("ddr4_3200").dram.ddr, ddr_test::ddr4_3200()).empty());
    CHECK(differences(preset("lpddr4_2400").dram.ddr, ddr_test::lpddr4_2400()).empty());
    // HBM2 rows are 2 KiB (128 columns of 128 bits: DRAMsim3 doubles its file's 64 for HBM).
    CHECK(differences(preset("hbm2").dram.ddr, ddr_test::hbm2()).empty());
    CHECK(preset("hbm2").dram.ddr.columns == 128);
    CHECK(preset("hbm2").dram.model == DramModel::hbm2);
    // Peak bandwidth: 64 bit x 2 / 0.625 ns; 4 x 16 bit x 2 / 0.833 ns; 8 x 128 bit x 2 / 1 ns.
    CHECK(DdrDram(preset("ddr4_3200").dram.ddr).peak_gbps() == Approx(25.6));
    CHECK(DdrDram(preset("lpddr4_2400").dram.ddr).peak_gbps() == Approx(19.2).epsilon(0.001));
    CHECK(DdrDram(preset("hbm2").dram.ddr).peak_gbps() == Approx(256.0));
}

TEST_CASE("dram: preset files list every bank-level key", "[config][dram]") {
    for (const char* name : {"ddr4_3200", "lpddr4_2400", "hbm2", "ddr4_3200_dramsim3",
                             "hbm2_dramsim3", "lpddr4_2400_dramsim3"}) {
        std::ifstream in(source_path(std::string("configs/dram/") + name + ".toml"));
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const auto& f : config_fields()) {
            if (f.section() != "dram" || f.key == "dram.model") continue;
            INFO(name << " " << f.key);
            CHECK((text.find("\n" + f.name() + " = ") != std::string::npos) == f.ddr);
        }
    }
    // The DRAMsim3 example is a complete config: it loads without reading a preset.
    Config d = load_config(source_path("configs/dram/ddr4_3200_dramsim3.toml"), {});
    CHECK(d.dram.model == DramModel::ddr4_3200);
    CHECK(d.dram.ddr.ranks == 2);
    CHECK(d.dram.ddr.address_map == "ro:ch:ra:ba:bg:co");
    CHECK(d.dram.ddr.read_queue == 32);
    CHECK(d.dram.ddr.command_queue == 8);
    CHECK(d.dram.ddr.scheduler == SchedulerKind::round_robin);
    Config h = load_config(source_path("configs/dram/hbm2_dramsim3.toml"), {});
    CHECK(h.dram.model == DramModel::hbm2);
    CHECK(h.dram.ddr.dual_issue);
    CHECK(h.dram.ddr.address_map == "ro:ra:bg:ba:ch:co");
    Config l = load_config(source_path("configs/dram/lpddr4_2400_dramsim3.toml"), {});
    CHECK(l.dram.ddr.tPPD == 2);
    CHECK(l.dram.ddr.burst_bytes() == 128);
}

TEST_CASE("dram: the preset comes first, then the file's keys, then --set", "[config][dram]") {
    const std::string file = "[dram]\nmodel = \"ddr4_3200\"\nranks = 2\ntrcd = 30\n";
    Config c = parse_config_text(file, "cfg.toml", {"dram.ranks=4"});
    CHECK(c.dram.ddr.ranks == 4);  // --set over the file
    CHECK(c.dram.ddr.tRCD == 30);  // the file over the preset
    CHECK(c.dram.ddr.CL == 22);    // the preset
    // --set switches the preset; the file's keys still win over it.
    c = parse_config_text("[dram]\nmodel = \"ddr4_3200\"\ncl = 20\n", "cfg.toml",
                          {"dram.model=hbm2"});
    CHECK(c.dram.model == DramModel::hbm2);
    CHECK(c.dram.ddr.CL == 20);
    CHECK(c.dram.ddr.channels == 8);
    CHECK(c.dram.ddr.tck_ns == 1.0);
    c = parse_config_text("", "cfg.toml", {"dram.channels=2", "dram.model=lpddr4_2400"});
    CHECK(c.dram.ddr.channels == 2);
    CHECK(c.dram.ddr.bus_bits == 16);
    // apply_overrides loads a preset only when the model changes.
    Config h = apply_overrides(preset("hbm2"), {"dram.cl=20"});
    CHECK(h.dram.ddr.CL == 20);
    CHECK(h.dram.ddr.channels == 8);
    CHECK(apply_overrides(h, {"dram.model=hbm2"}).dram.ddr.CL == 20);
    CHECK(apply_overrides(h, {"dram.model=ddr4_3200"}).dram.ddr.CL == 22);
}

TEST_CASE("dram: a preset next to the config file wins over the shipped one", "[config][dram]") {
    TempDir dir;
    write_text(dir / "dram/hbm2.toml", preset_text("cl = 99\n"));
    Config c = load_config(write_text(dir / "c.toml", "[dram]\nmodel = \"hbm2\"\n").string(), {});
    CHECK(c.dram.ddr.CL == 99);
    CHECK(c.dram.ddr.channels == 1);  // preset_text has DDR4-3200's values
    CHECK(find_dram_preset("hbm2", dir.path().string()) == (dir / "dram/hbm2.toml").string());
    CHECK(find_dram_preset("lpddr4_2400", dir.path().string()) ==
          source_path("configs/dram/lpddr4_2400.toml"));
    CHECK(find_dram_preset("ddr5", dir.path().string()).empty());
}

TEST_CASE("dram: bad preset content is named by preset file:line:col", "[config][dram]") {
    TempDir dir;
    const std::string p = (dir / "dram/hbm2.toml").string();
    const std::string use = "[dram]\nmodel = \"hbm2\"\n";
    write_text(dir / "dram/hbm2.toml", preset_text("cl = 0\n"));
    CHECK(error_of_file(dir, use) ==
          p + ":2:6: key 'dram.cl': 0 is out of range; allowed 1 to 1000");
    write_text(dir / "dram/hbm2.toml", preset_text("model = \"ideal\"\n"));
    CHECK(error_of_file(dir, use) ==
          p + ":2:1: key 'dram.model' cannot be set in a DRAM preset; allowed: the bank-level "
              "dram keys (dram.channels to dram.device_bits)");
    write_text(dir / "dram/hbm2.toml", "[array]\nrows = 3\n" + preset_text());
    CHECK(error_of_file(dir, use) ==
          p + ":2:1: key 'array.rows' cannot be set in a DRAM preset; allowed: the bank-level "
              "dram keys (dram.channels to dram.device_bits)");
    write_text(dir / "dram/hbm2.toml", preset_text("tfaww = 3\n"));
    CHECK(error_of_file(dir, use) ==
          p + ":2:1: unknown key 'dram.tfaww'; did you mean 'dram.tfaw'?");
    write_text(dir / "dram/hbm2.toml", preset_text("", "tfaw"));
    CHECK(error_of_file(dir, use) ==
          p + ": DRAM preset lacks key 'dram.tfaw' (a preset sets every bank-level dram key)");
    write_text(dir / "dram/hbm2.toml", "[dram]\ncl = \n");
    CHECK(error_of_file(dir, use) ==
          p + ":2:6: Error while parsing key-value pair: expected value, saw '\\n'");
    write_text(dir / "dram/hbm2.toml", preset_text("write_high_watermark = 40\n"));
    CHECK(error_of_file(dir, use) == p + ":2:24: key 'dram.write_high_watermark': 40 is more than "
                                         "dram.write_queue (32)");
    CHECK(error_of_file(dir, use + "write_queue = 64\n").empty());  // the user's key fixes it
}

TEST_CASE("dram: bank-level key errors name the key, the value and what is allowed",
          "[config][dram]") {
    auto map_error = [](const std::string& map) {
        return config_text_error("[dram]\naddress_map = \"" + map + "\"\n");
    };
    const std::string at = "cfg.toml:2:15: key 'dram.address_map': ";
    CHECK(map_error("ro:ra:ba:co:bg") ==
          at + "\"ro:ra:ba:co:bg\" lacks the field \"ch\"; " + kMapAllowed);
    CHECK(map_error("ro:ra:ba:co:bg:ch:ro") ==
          at + "\"ro:ra:ba:co:bg:ch:ro\" has the field \"ro\" twice; " + kMapAllowed);
    CHECK(map_error("ro:ra:ba:col:bg:ch") ==
          at + "\"ro:ra:ba:col:bg:ch\" has an unknown field \"col\"; " + kMapAllowed);
    CHECK(map_error("rochrababgco") == at +
                                           "\"rochrababgco\" has an unknown field "
                                           "\"rochrababgco\"; " +
                                           kMapAllowed + "; did you mean \"ro:ch:ra:ba:bg:co\"?");
    CHECK(map_error("") == at + "\"\" has an unknown field \"\"; " + kMapAllowed);
    CHECK(config_text_error("", {"dram.channels=3"}) ==
          "--set dram.channels=3: key 'dram.channels': 3 is not a power of two; allowed a power "
          "of two from 1 to 64");
    CHECK(config_text_error("[dram]\ncolumns = 8\nburst_length = 16\n") ==
          "cfg.toml:2:11: key 'dram.columns': 8 is not a multiple of dram.burst_length (16)");
    CHECK(config_text_error("", {"dram.write_queue=16"}) ==
          "--set dram.write_queue=16: key 'dram.write_high_watermark': 24 is more than "
          "dram.write_queue (16)");
    CHECK(config_text_error("", {"dram.write_low_watermark=24"}) ==
          "--set dram.write_low_watermark=24: key 'dram.write_low_watermark': 24 is not less "
          "than dram.write_high_watermark (24)");
    // Refresh interval: DDR4-3200 defaults give a longest row cycle of max(tRC = 74, tRAS + tRP
    // = 52 + 22 = 74, tRCD + tRTP + tRP = 22 + 12 + 22 = 56, tRCD + CWL + BL/2 + tWR + tRP =
    // 22 + 16 + 4 + 24 + 22 = 88) = 88 tCK, so tREFI must exceed tRFC + 88 (these used to hang).
    const std::string refresh =
        "(the longest row cycle is the largest of tRC = 74, tRAS + tRP = 74, tRCD + tRTP + tRP "
        "= 56 and tRCD + CWL + BL/2 + tWR + tRP = 88); between two refreshes a rank must have "
        "time for one access";
    CHECK(config_text_error("", {"dram.trfc=100000"}) ==
          "--set dram.trfc=100000: key 'dram.trefi': 12480 tCK is not more than dram.trfc + the "
          "longest row cycle = 100000 + 88 = 100088 tCK " +
              refresh);
    CHECK(config_text_error("", {"dram.trfc=560", "dram.trefi=648"}) ==
          "--set dram.trefi=648: key 'dram.trefi': 648 tCK is not more than dram.trfc + the "
          "longest row cycle = 560 + 88 = 648 tCK " +
              refresh);
    CHECK(config_text_error("", {"dram.trefi=649"}).empty());
    CHECK(config_text_error("", {"dram.page_policy=lazy"}) ==
          "--set dram.page_policy=lazy: key 'dram.page_policy': 'lazy' is not allowed; allowed: "
          "open, closed");
    CHECK(config_text_error("", {"dram.model=ddr5"}) ==
          "--set dram.model=ddr5: key 'dram.model': 'ddr5' is not allowed; allowed: ideal, "
          "bandwidth, ddr4_3200, lpddr4_2400, hbm2");
    CHECK(config_text_error("", {"dram.tck_ns=0"}) ==
          "--set dram.tck_ns=0: key 'dram.tck_ns': 0 is out of range; allowed 0.05 to 100");
    CHECK(config_text_error("[dram]\ntrefi = 0\n") ==
          "cfg.toml:2:9: key 'dram.trefi': 0 is out of range; allowed 1 to 1000000");
}

TEST_CASE("dram: config.toml of a preset run reproduces it without the preset file",
          "[config][dram]") {
    const Config c =
        parse_config_text("[dram]\nmodel = \"hbm2\"\nranks = 2\n", "cfg.toml", {"dram.cl=15"});
    const std::string text = to_toml(c);
    CHECK(text.find("model = \"hbm2\"\n") != std::string::npos);
    CHECK(text.find("channels = 8                  # channels\n") != std::string::npos);
    CHECK(text.find("trcd = 14                     # tCK\n") != std::string::npos);
    CHECK(text.find("address_map = \"ro:ra:ba:co:bg:ch\"\n") != std::string::npos);
    TempDir dir;
    write_text(dir / "dram/hbm2.toml", "this is not TOML");  // would fail if it were read
    const Config back = load_config(write_text(dir / "config.toml", text).string(), {});
    CHECK(to_toml(back) == text);
    CHECK(differences(back.dram.ddr, c.dram.ddr).empty());
    CHECK(back.dram.ddr.ranks == 2);
    CHECK(back.dram.ddr.CL == 15);
}

TEST_CASE("dram: the key table shows units and the address map rule", "[config][dram]") {
    const std::string table = describe_config_keys();
    CHECK(table.find("| `dram.trcd` | integer | `22` | 0 to 1000 | tCK |") != std::string::npos);
    CHECK(table.find("| `dram.read_queue` | integer | `32` | 1 to 4096 | entries |") !=
          std::string::npos);
    CHECK(table.find("| `dram.address_map` | string | `\"ro:ra:ba:co:bg:ch\"` | the fields ro, "
                     "ra, bg, ba, co, ch, each exactly once, most significant first, separated "
                     "by ':' | - |") != std::string::npos);
    CHECK(table.find("| `dram.rows` | integer | `65536` | a power of two from 1 to 1048576 | "
                     "rows |") != std::string::npos);
}
