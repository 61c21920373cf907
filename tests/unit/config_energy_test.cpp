// The energy keys of the config: the technology presets (configs/tech/) against the table's
// defaults, preset < file < --set, the DRAM presets' datasheet currents (DRAMsim3's, as
// docs/REFERENCE.md lists them), cross checks, and config.toml round trips without preset files.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "sim/config/config.hpp"
#include "sim/config/config_fields.hpp"
#include "support/config.hpp"
#include "support/files.hpp"

using namespace sasim;
using namespace sasim::test;

namespace {

std::string file_text(const std::string& rel) {
    std::ifstream in(source_path(rel));
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Config with(const std::vector<std::string>& sets) {
    return apply_overrides(default_config(), sets);
}

}  // namespace

TEST_CASE("tech: the table's defaults are the 45 nm preset", "[config][energy]") {
    const Config d = default_config();
    const Config p = parse_config_text(file_text("configs/tech/45nm.toml"), "45nm.toml", {});
    size_t tech_keys = 0;
    for (const auto& f : config_fields()) {
        if (!f.tech) continue;
        ++tech_keys;
        INFO(f.key);
        CHECK(plain_text(f.get(d)) == plain_text(f.get(p)));
    }
    CHECK(tech_keys == 20);  // every TechParams member but the node
    CHECK(d.energy.tech.node == TechNode::n45);
    CHECK(d.energy.clock_gating);
    CHECK(d.energy.link_length_mm == 0);
}

TEST_CASE("tech: preset files set every technology key and nothing else", "[config][energy]") {
    for (const char* node : {"45nm", "7nm"}) {
        const std::string text = file_text(std::string("configs/tech/") + node + ".toml");
        for (const auto& f : config_fields()) {
            if (f.section() != "tech" || f.key == "tech.node") continue;
            INFO(node << " " << f.key);
            CHECK(text.find("\n" + f.name() + " = ") != std::string::npos);
        }
        CHECK(text.find("\nnode = ") == std::string::npos);
    }
}

TEST_CASE("tech: 7 nm is 45 nm scaled; preset < file < --set", "[config][energy]") {
    const TechParams t = with({"tech.node=7nm"}).energy.tech;
    CHECK(t.node == TechNode::n7);
    // Stillmaker & Baas: logic energy x 0.05663, area x 0.059 (configs/tech/7nm.toml).
    CHECK(t.mult_pj == Approx(0.2 * 0.05663).epsilon(1e-3));
    CHECK(t.mult_um2 == Approx(282 * 0.059).epsilon(1e-3));
    CHECK(t.sram_bitcell_um2 == 0.027);
    CHECK(t.dram_pj_per_byte == 243.75);  // off-chip: not scaled
    Config c = parse_config_text("[tech]\nnode = \"7nm\"\nadd_pj = 0.5\nmult_pj = 0.25\n",
                                 "cfg.toml", {"tech.mult_pj=0.125"});
    CHECK(c.energy.tech.mult_pj == 0.125);                   // --set over the file
    CHECK(c.energy.tech.add_pj == 0.5);                      // the file over the preset
    CHECK(c.energy.tech.reg_um2_per_bit == Approx(0.3528));  // the preset
    // Switching a resolved config back loads the 45 nm preset under the new overrides only.
    CHECK(apply_overrides(c, {"tech.node=45nm"}).energy.tech.add_pj == 0.1);
    CHECK(apply_overrides(c, {"tech.node=45nm", "tech.add_pj=0.5"}).energy.tech.add_pj == 0.5);
    CHECK(apply_overrides(c, {"tech.node=45nm"}).energy.tech.reg_um2_per_bit == 5.98);
    // Both presets at once: DRAM and technology.
    c = with({"dram.model=hbm2", "tech.node=7nm"});
    CHECK(c.dram.ddr.channels == 8);
    CHECK(c.energy.dram.idd4w == 500);
    CHECK(c.energy.tech.sram_bitcell_um2 == 0.027);
}

TEST_CASE("tech: a preset next to the config file wins over the shipped one", "[config][energy]") {
    TempDir dir;
    std::string preset = file_text("configs/tech/7nm.toml");
    preset.replace(preset.find("\nmult_pj = "), 11, "\nmult_pj = 9 #");
    write_text(dir / "tech/7nm.toml", preset);
    const Config c =
        load_config(write_text(dir / "c.toml", "[tech]\nnode = \"7nm\"\n").string(), {});
    CHECK(c.energy.tech.mult_pj == 9.0);
    CHECK(find_preset("tech", "7nm", dir.path().string()) == (dir / "tech/7nm.toml").string());
    CHECK(find_preset("tech", "45nm", dir.path().string()) ==
          source_path("configs/tech/45nm.toml"));
}

TEST_CASE("dram: every preset carries its datasheet currents", "[config][energy]") {
    // DRAMsim3's [power] sections (docs/REFERENCE.md): DDR4-3200 8 Gb x8, LPDDR4-2400 8 Gb x16 and
    // HBM2 8 Gb x128, all at 1.2 V.
    const DramPowerParams d = with({"dram.model=ddr4_3200"}).energy.dram;
    CHECK((d.vdd == 1.2 && d.idd0 == 57 && d.idd2p == 25 && d.idd2n == 37 && d.idd3p == 43 &&
           d.idd3n == 52 && d.idd4r == 168 && d.idd4w == 150 && d.idd5ab == 250 &&
           d.device_bits == 8));
    const DramPowerParams l = with({"dram.model=lpddr4_2400"}).energy.dram;
    CHECK((l.vdd == 1.2 && l.idd0 == 80 && l.idd2p == 25 && l.idd2n == 34 && l.idd3p == 41 &&
           l.idd3n == 47 && l.idd4r == 243 && l.idd4w == 228 && l.idd5ab == 280 &&
           l.device_bits == 16));
    const DramPowerParams h = with({"dram.model=hbm2"}).energy.dram;
    CHECK((h.vdd == 1.2 && h.idd0 == 65 && h.idd2p == 28 && h.idd2n == 40 && h.idd3p == 40 &&
           h.idd3n == 55 && h.idd4r == 390 && h.idd4w == 500 && h.idd5ab == 250 &&
           h.device_bits == 128));
    const Config s = load_config(source_path("configs/dram/ddr4_3200_dramsim3.toml"), {});
    CHECK(s.energy.dram.idd4r == 168);
    CHECK(s.energy.dram.device_bits == 8);
}

TEST_CASE("energy keys: cross checks name the keys", "[config][energy]") {
    CHECK(config_text_error("[dram]\nidd4w = 40\n") ==
          "cfg.toml:2:9: key 'dram.idd4w': 40 mA is below dram.idd3n (52 mA); the current of a "
          "command must exceed the standby current it is priced above");
    CHECK(config_text_error("", {"dram.idd3n=200"}) ==
          "--set dram.idd3n=200: key 'dram.idd4r': 168 mA is below dram.idd3n (200 mA); the "
          "current of a command must exceed the standby current it is priced above");
    CHECK(config_text_error("", {"tech.sram_8kib_pj=30"}) ==
          "--set tech.sram_8kib_pj=30: key 'tech.sram_32kib_pj': the SRAM access energies 30 / "
          "20 / 100 pJ (8 KiB / 32 KiB / 1 MiB) must not fall as the array grows");
    CHECK(config_text_error("", {"dram.bus_bits=8", "dram.device_bits=16"}) ==
          "--set dram.device_bits=16: key 'dram.device_bits': 16 is wider than dram.bus_bits "
          "(8); a rank needs at least one device");
    CHECK(config_text_error("", {"tech.node=7nm", "tech.mult_pj=1e10"}) ==
          "--set tech.mult_pj=1e10: key 'tech.mult_pj': 10000000000 is out of range; allowed 0 "
          "to 1000000000");
}

TEST_CASE("tech: config.toml of a 7 nm run reproduces it without the preset file",
          "[config][energy]") {
    const Config c = with({"tech.node=7nm", "tech.add_pj=0.01", "dram.model=hbm2"});
    const std::string text = to_toml(c);
    CHECK(text.find("[tech]\nnode = \"7nm\"\n") != std::string::npos);
    TempDir dir;
    write_text(dir / "tech/7nm.toml", "this is not TOML");  // would fail if it were read
    write_text(dir / "dram/hbm2.toml", "this is not TOML");
    const Config back = load_config(write_text(dir / "config.toml", text).string(), {});
    CHECK(to_toml(back) == text);
    CHECK(back.energy.tech.add_pj == 0.01);
    CHECK(back.energy.dram.idd4w == 500);
}
