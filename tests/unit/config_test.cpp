// Config reading: defaults from the field table, the shipped configs, every error message
// (exact text: users and scripts see them), --set precedence and the to_toml round trip.
#include "sim/config/config.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "sim/config/config_fields.hpp"
#include "sim/base/errors.hpp"
#include "support/config.hpp"
#include "support/files.hpp"

using namespace sasim;
using namespace sasim::test;

TEST_CASE("defaults describe the edge accelerator", "[config]") {
    Config c = default_config();
    CHECK(c.name == "edge");
    CHECK(c.clock_mhz == 1000.0);
    CHECK(c.array.rows == 32);
    CHECK(c.array.cols == 32);
    CHECK(c.array.dataflow == Dataflow::ws);
    CHECK_FALSE(c.array.preload);
    CHECK(c.array.word_bytes == 1);
    CHECK(c.array.psum_bytes == 4);
    CHECK(c.sram.ifmap_kb == 256);
    CHECK(c.sram.filter_kb == 256);
    CHECK(c.sram.ofmap_kb == 512);
    CHECK(c.dram.model == DramModel::bandwidth);
    CHECK(c.dram.bandwidth_gbps == 16.0);
    CHECK(c.dram.latency_cycles == 100);
    CHECK(c.dram.burst_bytes == 64);
    CHECK(c.interconnect.bytes_per_cycle == 32);
    CHECK(c.interconnect.latency_cycles == 4);
    CHECK(c.dma.packet_bytes == 1024);
    CHECK(c.dma.max_outstanding == 8);
    CHECK_NOTHROW(validate_config(c));
}

TEST_CASE("an empty file keeps every default", "[config]") {
    CHECK(to_toml(parse_config_text("", "empty.toml", {})) == to_toml(default_config()));
}

TEST_CASE("the table is consistent", "[config]") {
    // Sections are contiguous (to_toml writes each [section] once), top-level keys come first.
    std::vector<std::string> seen;
    for (const auto& f : config_fields()) {
        if (!seen.empty() && seen.back() == f.section()) continue;
        CHECK(std::find(seen.begin(), seen.end(), f.section()) == seen.end());
        if (!seen.empty()) CHECK_FALSE(f.section().empty());
        seen.push_back(f.section());
    }
    // Every enum word reaches the Config and comes back unchanged.
    for (const auto& f : config_fields()) {
        CHECK_FALSE(check_value(f, f.default_value).has_value());
        for (const auto& w : f.words) {
            Config c = default_config();
            f.set(c, w);
            CHECK(std::get<std::string>(f.get(c)) == w);
        }
    }
}

TEST_CASE("the shipped configs load", "[config]") {
    // default.toml is the table's defaults with the edge device's LPDDR4-2400 preset.
    Config def = load_config(source_path("configs/default.toml"), {});
    CHECK(to_toml(def) == to_toml(apply_overrides(default_config(), {"dram.model=lpddr4_2400"})));
    CHECK(def.dram.model == DramModel::lpddr4_2400);
    CHECK(def.dram.ddr.channels == 4);

    Config ss = load_config(source_path("configs/scalesim.toml"), {});
    CHECK(ss.array.rows == 32);
    CHECK(ss.array.cols == 32);
    CHECK(ss.array.dataflow == Dataflow::ws);
    CHECK_FALSE(ss.array.preload);
    CHECK(ss.sram.ifmap_kb == 64);
    CHECK(ss.sram.filter_kb == 64);
    CHECK(ss.sram.ofmap_kb == 64);
    CHECK(ss.dram.model == DramModel::ideal);
    CHECK(ss.interconnect.bytes_per_cycle == 0);
    CHECK(ss.interconnect.latency_cycles == 0);

    Config tpu = load_config(source_path("configs/tpu_v1.toml"), {});
    CHECK(tpu.array.rows == 256);
    CHECK(tpu.array.cols == 256);
    CHECK(tpu.clock_mhz == 700.0);
    CHECK(tpu.array.preload);
    CHECK(tpu.sram.ifmap_kb == 24576);
    CHECK(tpu.sram.filter_kb == 256);
    CHECK(tpu.sram.ofmap_kb == 4096);
    CHECK(tpu.dram.model == DramModel::bandwidth);
    CHECK(tpu.dram.bandwidth_gbps == 34.0);
    CHECK(tpu.array.psum_bytes == 4);
}

TEST_CASE("default.toml lists every key", "[config]") {
    std::ifstream in(source_path("configs/default.toml"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& f : config_fields()) {
        INFO(f.key);
        // The bank-level DRAM keys and the technology table live in the presets
        // (config_dram_test, config_energy_test).
        if (f.ddr || f.tech) continue;
        CHECK(text.find("\n" + f.name() + " = ") != std::string::npos);
    }
}

TEST_CASE("values are read with their types", "[config]") {
    Config c = parse_config_text(
        "name = \"big\"\nclock_mhz = 500\n[array]\ndataflow = \"os\"\npreload = true\n"
        "[dram]\nbandwidth_gbps = 12.5\nmodel = \"ideal\"\n",
        "cfg.toml", {});
    CHECK(c.name == "big");
    CHECK(c.clock_mhz == 500.0);  // floats accept integers
    CHECK(c.array.dataflow == Dataflow::os);
    CHECK(c.array.preload);
    CHECK(c.dram.bandwidth_gbps == 12.5);
    CHECK(c.dram.model == DramModel::ideal);
    CHECK(parse_config_text("array.rows = 8\n", "cfg.toml", {}).array.rows == 8);  // dotted key
}

TEST_CASE("syntax errors and duplicate keys carry toml++'s position and text", "[config]") {
    CHECK(config_text_error("a = \n") ==
          "cfg.toml:1:5: Error while parsing key-value pair: expected value, saw '\\n'");
    CHECK(config_text_error("[array]\nrows = 1\nrows = 2\n") ==
          "cfg.toml:3:8: Error while parsing key-value pair: cannot redefine existing integer "
          "'rows'");
    CHECK(config_text_error("[array]\nrows = 1\n[array]\ncols = 2\n") ==
          "cfg.toml:3:1: Error while parsing table header: cannot redefine existing table 'array'");
}

TEST_CASE("unknown keys and sections name the nearest valid one", "[config]") {
    CHECK(config_text_error("[array]\nrowz = 3\n") ==
          "cfg.toml:2:1: unknown key 'array.rowz'; did you mean 'array.rows'?");
    CHECK(config_text_error("[sram]\nrows = 3\n") ==
          "cfg.toml:2:1: unknown key 'sram.rows'; did you mean 'array.rows'?");
    CHECK(config_text_error("[array]\nquantum_flux = 3\n") ==
          "cfg.toml:2:1: unknown key 'array.quantum_flux'");
    CHECK(config_text_error("clock_mz = 3\n") ==
          "cfg.toml:1:1: unknown key 'clock_mz'; did you mean 'clock_mhz'?");
    CHECK(config_text_error("[arary]\nrows = 3\n") ==
          "cfg.toml:1:2: unknown section 'arary'; did you mean 'array'?");
    CHECK(config_text_error("[accelerator]\nrows = 3\n") ==
          "cfg.toml:1:2: unknown section 'accelerator'");
    CHECK(config_text_error("array = 3\n") ==
          "cfg.toml:1:1: key 'array' must be a section ([array]), got integer 3");
    // The first problem in file order is reported, not the first in toml++'s sorted order.
    CHECK(config_text_error("[sram]\nzzz = 1\n[array]\naaa = 2\n") ==
          "cfg.toml:2:1: unknown key 'sram.zzz'");
}

TEST_CASE("wrong types name the expected type and the value", "[config]") {
    CHECK(config_text_error("[array]\nrows = \"abc\"\n") ==
          "cfg.toml:2:8: key 'array.rows': expected an integer, got string \"abc\"");
    CHECK(config_text_error("[array]\nrows = 32.5\n") ==
          "cfg.toml:2:8: key 'array.rows': expected an integer, got float 32.5");
    CHECK(config_text_error("[array]\npreload = 1\n") ==
          "cfg.toml:2:11: key 'array.preload': expected a boolean, got integer 1");
    CHECK(config_text_error("clock_mhz = \"fast\"\n") ==
          "cfg.toml:1:13: key 'clock_mhz': expected a number, got string \"fast\"");
    CHECK(config_text_error("name = [1, 2]\n") ==
          "cfg.toml:1:8: key 'name': expected a string, got array [ 1, 2 ]");
    // A long array on one line (toml++ wraps it), strings "..." with escapes, then cut.
    CHECK(config_text_error(
              "name = [\"a\\tb\", 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, "
              "24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]\n") ==
          "cfg.toml:1:8: key 'name': expected a string, got array [ \"a\\tb\", 10, 11, 12, 13, "
          "14, 15, 16, 17, 18, 19, 20, ...");
    CHECK(config_text_error("[array]\ndataflow = 1\n") ==
          "cfg.toml:2:12: key 'array.dataflow': expected a string (one of: os, ws, is), got "
          "integer 1");
}

TEST_CASE("out-of-range values name the limits", "[config]") {
    CHECK(config_text_error("[array]\nrows = 0\n") ==
          "cfg.toml:2:8: key 'array.rows': 0 is out of range; allowed 1 to 4096");
    CHECK(config_text_error("[sram]\nifmap_kb = 5000000\n") ==
          "cfg.toml:2:12: key 'sram.ifmap_kb': 5000000 is out of range; allowed 1 to 4194304");
    CHECK(config_text_error("[dram]\nbandwidth_gbps = 0\n") ==
          "cfg.toml:2:18: key 'dram.bandwidth_gbps': 0 is out of range; allowed 0.001 to 100000");
    CHECK(config_text_error("[dram]\nbandwidth_gbps = nan\n") ==
          "cfg.toml:2:18: key 'dram.bandwidth_gbps': nan is out of range; allowed 0.001 to "
          "100000");
    CHECK(config_text_error("[dram]\nburst_bytes = 100\n") ==
          "cfg.toml:2:15: key 'dram.burst_bytes': 100 is not a power of two; allowed a power of "
          "two from 8 to 4096");
    CHECK(config_text_error("[dram]\nburst_bytes = 8192\n") ==
          "cfg.toml:2:15: key 'dram.burst_bytes': 8192 is out of range; allowed a power of two "
          "from 8 to 4096");
    CHECK(config_text_error("[array]\ndataflow = \"xs\"\n") ==
          "cfg.toml:2:12: key 'array.dataflow': 'xs' is not allowed; allowed: os, ws, is");
}

TEST_CASE("packet_bytes must be a multiple of burst_bytes", "[config]") {
    CHECK(config_text_error("[dma]\npacket_bytes = 1000\n") ==
          "cfg.toml:2:16: key 'dma.packet_bytes': 1000 is not a multiple of dram.burst_bytes (64)");
    // The check runs after every field: a later burst_bytes makes an earlier packet valid ...
    CHECK(config_text_error("[dma]\npacket_bytes = 96\n[dram]\nburst_bytes = 32\n").empty());
    // ... and the key that was set is blamed when the other kept its default.
    CHECK(config_text_error("[dram]\nburst_bytes = 2048\n") ==
          "cfg.toml:2:15: key 'dma.packet_bytes': 1024 is not a multiple of dram.burst_bytes "
          "(2048)");
    CHECK(config_text_error("", {"dram.burst_bytes=2048"}) ==
          "--set dram.burst_bytes=2048: key 'dma.packet_bytes': 1024 is not a multiple of "
          "dram.burst_bytes (2048)");
}

TEST_CASE("a missing file is named with the reason", "[config]") {
    TempDir dir;
    std::string missing = (dir / "nope.toml").string();
    try {
        load_config(missing, {});
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) ==
              missing + ": cannot open config file: No such file or directory");
    }
    try {
        load_config(dir.path().string(), {});
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) ==
              dir.path().string() + ": cannot open config file: Is a directory");
    }
    std::string bad = write_text(dir / "bad.toml", "[array]\nrows = 0\n").string();
    try {
        load_config(bad, {});
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) ==
              bad + ":2:8: key 'array.rows': 0 is out of range; allowed 1 to 4096");
    }
}

TEST_CASE("config: --set overrides the file", "[config]") {
    TempDir dir;
    std::string path =
        write_text(dir / "c.toml", "[array]\nrows = 16\ndataflow = \"is\"\n").string();
    Config c = load_config(
        path, {"array.rows=64", "array.dataflow=os", "name=my design", "dram.bandwidth_gbps=8",
               "array.preload=true", "dram.model=\"ideal\"", " array.cols = 8 "});
    CHECK(c.array.rows == 64);
    CHECK(c.array.dataflow == Dataflow::os);  // raw word, no quotes needed
    CHECK(c.name == "my design");
    CHECK(c.dram.bandwidth_gbps == 8.0);
    CHECK(c.array.preload);
    CHECK(c.dram.model == DramModel::ideal);
    CHECK(c.array.cols == 8);
    CHECK(apply_overrides(default_config(), {"array.rows=7", "array.rows=9"}).array.rows == 9);
    CHECK(apply_overrides(default_config(), {"name=123"}).name == "123");
}

TEST_CASE("config: --set errors name the override", "[config]") {
    CHECK(config_text_error("", {"array.rows=abc"}) ==
          "--set array.rows=abc: key 'array.rows': expected an integer, got string \"abc\"");
    CHECK(config_text_error("", {"array.rows=0"}) ==
          "--set array.rows=0: key 'array.rows': 0 is out of range; allowed 1 to 4096");
    CHECK(
        config_text_error("", {"array.dataflow=xs"}) ==
        "--set array.dataflow=xs: key 'array.dataflow': 'xs' is not allowed; allowed: os, ws, is");
    CHECK(config_text_error("", {"array.rows"}) ==
          "--set array.rows: expected key=value, e.g. --set array.rows=64");
    CHECK(config_text_error("", {"array.rowz=3"}) ==
          "--set array.rowz=3: unknown key 'array.rowz'; did you mean 'array.rows'?");
    CHECK(config_text_error("", {"array.preload=yes"}) ==
          "--set array.preload=yes: key 'array.preload': expected a boolean, got string \"yes\"");
    try {
        apply_overrides(default_config(), {"sram.ofmap_kb=-1"});
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) ==
              "--set sram.ofmap_kb=-1: key 'sram.ofmap_kb': -1 is out of range; allowed 1 to "
              "4194304");
    }
}

TEST_CASE("validate_config checks a config built in code", "[config]") {
    Config c = default_config();
    c.array.cols = 5000;
    CHECK_THROWS_WITH(validate_config(c),
                      "config: key 'array.cols': 5000 is out of range; allowed 1 to 4096");
    c = default_config();
    c.dma.packet_bytes = 100;
    CHECK_THROWS_WITH(
        validate_config(c),
        "config: key 'dma.packet_bytes': 100 is not a multiple of dram.burst_bytes (64)");
}

TEST_CASE("to_toml round-trips and is byte-stable", "[config]") {
    Config c = apply_overrides(
        default_config(), {"name=say \"hi\" \\ tab\there", "clock_mhz=933.3333333333334",
                           "dram.bandwidth_gbps=0.1", "array.dataflow=is", "array.preload=true",
                           "dram.model=ideal", "sram.ifmap_kb=4194304", "dma.packet_bytes=64"});
    std::string text = to_toml(c);
    Config back = parse_config_text(text, "dump.toml", {});
    CHECK(to_toml(back) == text);
    for (const auto& f : config_fields()) {
        INFO(f.key);
        CHECK(f.get(back) == f.get(c));
    }
    CHECK(text.find("bandwidth_gbps = 0.1          # GB/s\n") != std::string::npos);
    CHECK(to_toml(default_config()) == to_toml(default_config()));
    CHECK(text.find("clock_mhz = 933.3333333333334 # MHz\n") != std::string::npos);
    CHECK(to_toml(default_config()).find("bandwidth_gbps = 16.0         # GB/s\n") !=
          std::string::npos);
}

TEST_CASE("describe_config_keys has one row per key", "[config]") {
    std::string table = describe_config_keys();
    CHECK(table.rfind("| key | type | default | allowed | unit | description |\n", 0) == 0);
    for (const auto& f : config_fields()) {
        INFO(f.key);
        CHECK(table.find("| `" + f.key + "` |") != std::string::npos);
    }
    CHECK(table.find("| `array.rows` | integer | `32` | 1 to 4096 | PEs |") != std::string::npos);
    CHECK(table.find("| `dram.burst_bytes` | integer | `64` | a power of two from 8 to 4096 |") !=
          std::string::npos);
}
