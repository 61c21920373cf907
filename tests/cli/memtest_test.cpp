// sasim memtest: the DDR presets driven alone. A stream reaches >= 90 % of peak, random
// requests miss the row buffer, a trace is replayed request for request, bad trace lines give
// exact errors, runs are deterministic, and the CLI prints one JSON object.
#include "sim/memtest/memtest.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <regex>

#include "sim/base/errors.hpp"
#include "sim/config/config.hpp"
#include "support/subprocess.hpp"

using namespace sasim;

namespace {

DdrParams preset(const std::string& name) {
    return apply_overrides(default_config(), {"dram.model=" + name}).dram.ddr;
}

DramPowerParams power(const std::string& name) {
    return apply_overrides(default_config(), {"dram.model=" + name}).energy.dram;
}

MemtestResult run(const std::string& name, MemPattern pattern, uint64_t bytes = 1 << 20) {
    MemtestSpec s;
    s.pattern = pattern;
    s.bytes = bytes;
    return run_memtest(preset(name), s);
}

std::string trace_error(const std::string& text) {
    try {
        parse_trace(text, "t.trc");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

// The flat JSON object memtest prints, as key -> raw value text (strings without quotes).
std::map<std::string, std::string> parse_json(const std::string& text) {
    std::map<std::string, std::string> out;
    const std::regex item("\"([a-z_]+)\": (\"([^\"]*)\"|[-0-9.]+)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), item);
         it != std::sregex_iterator(); ++it) {
        out[(*it)[1]] = (*it)[3].matched ? (*it)[3].str() : (*it)[2].str();
    }
    return out;
}

// Runs `sasim memtest <args>` in a temp folder holding `files`.
test::Result run_cli(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& files = {}) {
    test::TempDir dir;
    for (const auto& [name, text] : files) test::write_text(dir / name, text);
    std::vector<std::string> all = {"memtest"};
    all.insert(all.end(), args.begin(), args.end());
    return test::run_sasim(dir.path(), all);
}

}  // namespace

TEST_CASE("memtest: a stream reaches 90 % of peak on every preset", "[memtest]") {
    for (const char* name : {"ddr4_3200", "lpddr4_2400", "hbm2"}) {
        INFO(name);
        const MemtestResult r = run(name, MemPattern::stream, 4 << 20);
        CHECK(r.efficiency >= 0.9);
        CHECK(r.row_hit_rate >= 0.9);
        CHECK(r.reads == static_cast<int64_t>(r.requests));
        CHECK(r.bytes == 4u << 20);
        CHECK(r.violations.empty());
    }
}

TEST_CASE("memtest: random requests miss the row buffer", "[memtest]") {
    for (const char* name : {"ddr4_3200", "lpddr4_2400", "hbm2"}) {
        INFO(name);
        const MemtestResult r = run(name, MemPattern::random);
        CHECK(r.row_hit_rate < 0.05);
        CHECK(r.act >= static_cast<int64_t>(r.requests * 95 / 100));
        CHECK(r.efficiency < run(name, MemPattern::stream).efficiency);
        CHECK(r.violations.empty());
    }
    // DDR4 random reads are bounded by tFAW: 4 ACTs per 34 clocks for 4 x 4 data clocks.
    CHECK(run("ddr4_3200", MemPattern::random).efficiency <= 16.0 / 34.0 + 0.01);
}

TEST_CASE("memtest: runs are deterministic and the seed picks the random addresses", "[memtest]") {
    MemtestSpec s;
    s.pattern = MemPattern::random;
    s.bytes = 256 << 10;
    s.read_fraction = 0.75;
    const DdrParams p = preset("hbm2");
    const DramPowerParams w = power("hbm2");
    const std::string a = memtest_json(run_memtest(p, s), "hbm2", "random", p, "unbounded", w);
    CHECK(memtest_json(run_memtest(p, s), "hbm2", "random", p, "unbounded", w) == a);
    s.seed = 2;
    CHECK(memtest_json(run_memtest(p, s), "hbm2", "random", p, "unbounded", w) != a);
    const MemtestResult r = run_memtest(p, s);
    CHECK(r.writes == static_cast<int64_t>(r.requests / 4));  // spread evenly: exactly 1 in 4
    CHECK(r.reads + r.writes == static_cast<int64_t>(r.requests));
}

TEST_CASE("memtest: a strided pattern that stays in one bank group is tCCD_L-bound", "[memtest]") {
    // ddr4_3200 map ro:ra:ba:co:bg:ch: a 4096-byte stride keeps bg = 0, so column commands are
    // tCCD_L = 8 clocks apart for 4 clocks of data: at most half the peak.
    MemtestSpec s;
    s.pattern = MemPattern::strided;
    s.bytes = 1 << 20;
    s.stride = 4096;
    const MemtestResult r = run_memtest(preset("ddr4_3200"), s);
    CHECK(r.violations.empty());
    CHECK(r.efficiency <= 0.5);
    CHECK(r.efficiency >= 0.4);
}

TEST_CASE("memtest: a trace is replayed request for request at its cycles", "[memtest]") {
    const auto trace = parse_trace(
        "# addr cmd cycle\n0x0 READ 0\n\n0x40 READ 0   # same row\n40 WRITE 10\n"
        "0X100000 READ 100\n",
        "t.trc");
    REQUIRE(trace.size() == 4);
    CHECK(trace[2].addr == 0x40);
    CHECK(trace[2].write);
    CHECK(trace[3].addr == 0x100000);
    CHECK(trace[3].clk == 100);
    MemtestSpec s;
    s.pattern = MemPattern::trace;
    s.trace = trace;
    const MemtestResult r = run_memtest(preset("ddr4_3200"), s);
    CHECK(r.requests == 4);
    CHECK(r.reads == 3);
    CHECK(r.writes == 1);
    CHECK(r.violations.empty());
    // One read offered at clock 1000 to an idle DDR4-3200: ACT at 1000, RD at 1000 + tRCD 22,
    // data from + CL 22 for BL8 / 2 = 4 clocks: 22 + 22 + 4 = 48 clocks = 30 ns.
    s.trace = parse_trace("0x0 READ 1000\n", "t.trc");
    const MemtestResult one = run_memtest(preset("ddr4_3200"), s);
    CHECK(one.elapsed_clk == 48);
    CHECK(one.avg_read_latency_ns == Approx(30.0));
    // Its energy (DDR4-3200, 8 x8 devices at 1.2 V, 0.625 ns clocks): the ACT-PRE pair
    // 1.2 x (57 x 74 - 52 x 52 - 37 x 22) x 0.625 x 8 = 4200 pJ, the read burst
    // 1.2 x (168 - 52) x 4 x 0.625 x 8 = 2784 pJ; the rank is precharged until the ACT at 1000
    // and active (open page) from then on: background 6 x (37 x 1000 + 52 x active) pJ.
    const DramEnergy e = memtest_energy(one, preset("ddr4_3200"), power("ddr4_3200"));
    CHECK(one.rank_precharged_clk == 1000);
    CHECK(one.rank_active_clk >= 48);
    CHECK(e.act == Approx(4200));
    CHECK(e.read == Approx(2784));
    CHECK(e.write == 0);
    CHECK(e.refresh == 0);
    CHECK(e.background == Approx(6.0 * (37 * 1000 + 52 * one.rank_active_clk)));
}

TEST_CASE("memtest: bad trace lines name file:line, the token and what is allowed", "[memtest]") {
    CHECK(trace_error("0x40 READ\n") ==
          "t.trc:1: expected 3 fields '<hex address> <READ|WRITE> <cycle>', got 2: '0x40 READ'");
    CHECK(trace_error("0x0 READ 0\n0x40 READ 1 2\n") ==
          "t.trc:2: expected 3 fields '<hex address> <READ|WRITE> <cycle>', got 4: "
          "'0x40 READ 1 2'");
    CHECK(trace_error("# header\n\n0xZZ READ 1\n") ==
          "t.trc:3: bad address '0xZZ': expected a hexadecimal number of at most 16 digits, "
          "optionally 0x-prefixed");
    CHECK(trace_error("0x12345678901234567 READ 1\n") ==
          "t.trc:1: bad address '0x12345678901234567': expected a hexadecimal number of at most "
          "16 digits, optionally 0x-prefixed");
    CHECK(trace_error("0x40 RD 1\n") == "t.trc:1: bad command 'RD': expected READ or WRITE");
    CHECK(trace_error("0x40 READ -1\n") ==
          "t.trc:1: bad cycle '-1': expected a decimal integer from 0 to 18446744073709551615 "
          "(DRAM clocks)");
    // 2^64: one past the largest 64-bit cycle.
    CHECK(trace_error("0x40 READ 18446744073709551616\n") ==
          "t.trc:1: bad cycle '18446744073709551616': expected a decimal integer from 0 to "
          "18446744073709551615 (DRAM clocks)");
    CHECK(trace_error("0x40 READ 1e6\n") ==
          "t.trc:1: bad cycle '1e6': expected a decimal integer from 0 to 18446744073709551615 "
          "(DRAM clocks)");
    CHECK(trace_error("# only a comment\n\n") ==
          "t.trc: the trace holds no requests (expected lines '<hex address> <READ|WRITE> "
          "<cycle>')");
    CHECK_THROWS_WITH(read_trace("/nonexistent/t.trc"),
                      "/nonexistent/t.trc: cannot open trace file: No such file or directory");
}

TEST_CASE("memtest: the CLI prints one JSON object", "[memtest][cli]") {
    const test::Result p =
        run_cli({"--dram", "ddr4_3200", "--pattern", "stream", "--bytes", "1048576"});
    CHECK(p.status == 0);
    CHECK(p.err.empty());
    REQUIRE(p.out.size() > 2);
    CHECK(p.out.front() == '{');
    CHECK(p.out.substr(p.out.size() - 2) == "}\n");
    auto j = parse_json(p.out);
    for (const char* key : {"achieved_gbps",
                            "peak_gbps",
                            "efficiency",
                            "row_hit_rate",
                            "avg_latency_ns",
                            "reads",
                            "writes",
                            "act",
                            "pre",
                            "ref",
                            "bytes",
                            "elapsed_ns",
                            "preset",
                            "pattern",
                            "energy_pj",
                            "act_energy_pj",
                            "read_energy_pj",
                            "write_energy_pj",
                            "refresh_energy_pj",
                            "background_energy_pj"}) {
        INFO(key);
        CHECK(j.count(key) == 1);
    }
    CHECK(j["preset"] == "ddr4_3200");
    CHECK(j["pattern"] == "stream");
    CHECK(j["bytes"] == "1048576");
    CHECK(j["peak_gbps"] == "25.600");
    CHECK(std::stod(j["efficiency"]) >= 0.9);
    CHECK(j["timing_violations"] == "0");
    // 1 MiB of reads: 16384 bursts of 64 B at 2784 pJ each; the parts add up to the total.
    CHECK(std::stod(j["read_energy_pj"]) == Approx(16384 * 2784.0));
    CHECK(std::stod(j["write_energy_pj"]) == 0);
    CHECK(std::stod(j["energy_pj"]) ==
          Approx(std::stod(j["act_energy_pj"]) + std::stod(j["read_energy_pj"]) +
                 std::stod(j["refresh_energy_pj"]) + std::stod(j["background_energy_pj"]))
              .epsilon(1e-9));
}

TEST_CASE("memtest: the CLI replays a trace and rejects bad input with exit 2", "[memtest][cli]") {
    test::Result p = run_cli({"--dram", "hbm2", "--trace", "t.trc", "--set", "dram.channels=1"},
                             {{"t.trc", "0x0 READ 0\n0x40 WRITE 5\n"}});
    CHECK(p.status == 0);
    auto j = parse_json(p.out);
    CHECK(j["pattern"] == "trace");
    CHECK(j["reads"] == "1");
    CHECK(j["writes"] == "1");
    CHECK(j["channels"] == "1");
    p = run_cli({"--dram", "hbm2", "--trace", "t.trc"}, {{"t.trc", "0x0 READ 0\n0x40 WRITE\n"}});
    CHECK(p.status == 2);
    CHECK(p.err ==
          "sasim: error: t.trc:2: expected 3 fields '<hex address> <READ|WRITE> <cycle>', got 2: "
          "'0x40 WRITE'\n");
    CHECK(p.out.empty());
    p = run_cli({"--dram", "ddr5"});
    CHECK(p.status == 2);
    CHECK(p.err ==
          "sasim: error: sasim memtest: --dram 'ddr5': neither a preset (ddr4_3200, "
          "lpddr4_2400, hbm2) nor an existing TOML file\n");
    p = run_cli({"--dram", "hbm2", "--pattern", "zigzag"});
    CHECK(p.err ==
          "sasim: error: sasim memtest: --pattern 'zigzag': allowed: stream, random, "
          "strided\n");
    p = run_cli({"--dram", "hbm2", "--bytes", "0"});
    CHECK(p.err ==
          "sasim: error: sasim memtest: --bytes '0': expected an integer from 1 to "
          "1099511627776\n");
    p = run_cli({"--dram", "hbm2", "--set", "dram.address_map=ro:ra"});
    CHECK(p.status == 2);
    CHECK(p.err ==
          "sasim: error: --set dram.address_map=ro:ra: key 'dram.address_map': "
          "\"ro:ra\" lacks the field \"bg\"; allowed: the fields ro, ra, bg, ba, co, "
          "ch, each exactly once, most significant first, separated by ':'\n");
}

TEST_CASE("memtest: the front end admits at once, or one request per clock", "[memtest]") {
    // Two reads at cycle 0 to bank groups 0 and 1 (map ro:ra:ba:co:bg:ch: 0x40 is bg 1), both
    // closed. Unbounded: both enter at 0; ACT 0 and 4 (tRRD_S), RD 22 and 26, done 48 and 52:
    // latencies 48 + 52. One per clock: the second enters at 1, the same commands: 48 + 51.
    MemtestSpec s;
    s.pattern = MemPattern::trace;
    s.trace = parse_trace("0x0 READ 0\n0x40 READ 0\n", "t.trc");
    const MemtestResult u = run_memtest(preset("ddr4_3200"), s);
    CHECK(u.elapsed_clk == 52);
    CHECK(u.avg_latency_clk == Approx(50.0));
    s.per_cycle = true;
    const MemtestResult c = run_memtest(preset("ddr4_3200"), s);
    CHECK(c.elapsed_clk == 52);
    CHECK(c.avg_latency_clk == Approx(49.5));
    // Little's law by hand: the controller held 1 request over [0, 1), 2 over [1, 48), 1 over
    // [48, 52): (1 + 94 + 4) / 52 = 99 / 52 requests on average; 2 requests / 52 clocks x 49.5.
    CHECK(c.avg_occupancy == Approx(99.0 / 52.0));
    CHECK(c.requests_per_clk * c.avg_latency_clk == Approx(c.avg_occupancy));
}

TEST_CASE("memtest: Little's law holds on every pattern and front end", "[memtest]") {
    for (const char* name : {"ddr4_3200", "lpddr4_2400", "hbm2"})
        for (MemPattern pat : {MemPattern::stream, MemPattern::random, MemPattern::strided})
            for (bool per_cycle : {false, true}) {
                MemtestSpec s;
                s.pattern = pat;
                s.bytes = 256 << 10;
                s.read_fraction = 0.7;
                s.per_cycle = per_cycle;
                const MemtestResult r = run_memtest(preset(name), s);
                INFO(name << " pattern " << static_cast<int>(pat) << " per_cycle " << per_cycle);
                CHECK(r.avg_occupancy > 1.0);
                CHECK(r.requests_per_clk * r.avg_latency_clk == Approx(r.avg_occupancy));
                CHECK(r.violations.empty());
            }
}

TEST_CASE("memtest: a far-future trace line is never issued", "[memtest]") {
    // DRAMsim3's traces may end with a line at 2^62: past the horizon (where simulated time
    // passes 2^62 fs), it and the lines after it are not issued, and the run ends at once.
    MemtestSpec s;
    s.pattern = MemPattern::trace;
    s.trace = parse_trace("0x0 READ 0\n0x40 READ 10\n0x80 READ 4611686018427387904\n0x0 READ 1\n",
                          "t.trc");
    const MemtestResult r = run_memtest(preset("ddr4_3200"), s);
    CHECK(r.requests == 2);
    CHECK(r.not_issued == 2);
    CHECK(r.elapsed_clk < 100);
    // --cycles 10: the line at cycle 10 and later ones are not issued.
    s.cycles = 10;
    const MemtestResult c = run_memtest(preset("ddr4_3200"), s);
    CHECK(c.requests == 1);
    CHECK(c.not_issued == 3);
    // A line at 10^10 clocks (over six seconds of DDR4 time) is issued: the idle DRAM's
    // refreshes in between are taken in bulk, one every tREFI: floor(10^10 / 12480) = 801,282.
    s.cycles = 0;
    s.trace = parse_trace("0x0 READ 0\n0x40 READ 10000000000\n", "t.trc");
    const MemtestResult far = run_memtest(preset("ddr4_3200"), s);
    CHECK(far.requests == 2);
    CHECK(far.ref == 801282);
    CHECK(far.violations.empty());
}

TEST_CASE("memtest: the CLI takes --frontend and --cycles", "[memtest][cli]") {
    const test::Result p =
        run_cli({"--dram", "hbm2", "--trace", "t.trc", "--frontend", "per_cycle", "--cycles", "5"},
                {{"t.trc", "0x0 READ 0\n0x40 WRITE 1\n0x80 READ 9\n"}});
    CHECK(p.status == 0);
    auto j = parse_json(p.out);
    CHECK(j["frontend"] == "per_cycle");
    CHECK(j["requests"] == "2");
    CHECK(j["not_issued"] == "1");
    CHECK(j.count("avg_occupancy") == 1);
}
