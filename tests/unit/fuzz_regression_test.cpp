// What the fuzzers (fuzz/) found, replayed through the same harness functions they run
// (fuzz/fuzz_support.hpp: a broken promise aborts the test), with the exact message each input
// must give now. A new finding goes here as a TEST_CASE with its minimized input.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/config/config_fields.hpp"
#include "support/files.hpp"

using namespace sasim;
using test::bytes;
using test::read_bytes;
namespace fs = std::filesystem;

namespace {

// The error the config harness gets for `text` (TOML, then NUL-separated --set items).
std::string config_error(const std::string& text) {
    try {
        fuzz::config_text(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string workload_error(const std::string& text) {
    try {
        fuzz::workload_text(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

// fuzz_config, 850 bytes (a mutated tpu_v1.toml whose --set items held "name = \"tp...\x85...");
// minimized: the raw (not TOML) text of a string --set was stored unchecked, so config.toml and
// summary.json got bytes that are not UTF-8 and config.toml could not be read back.
TEST_CASE("fuzz config: a --set string that is not UTF-8 is refused", "[fuzz]") {
    CHECK(config_error(bytes("\0name=tp\xff")) ==
          "--set name=tp\xff: key 'name': the value is not valid UTF-8 text");
    CHECK(config_error(bytes("\0name = \"tp\x85")) ==
          "--set name = \"tp\x85: key 'name': the value is not valid UTF-8 text");
    // Overlong '/', a UTF-16 surrogate, past U+10FFFF, a cut-off sequence.
    for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ab\xE2\x82"}) {
        INFO("bytes " << bad);
        CHECK_THROWS_AS(apply_overrides(default_config(), {std::string("name=") + bad}),
                        InputError);
    }
    // Valid UTF-8 still goes through and round-trips (the harness checks config.toml).
    CHECK(config_error(bytes("\0name=h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80")) == "(no error)");
    CHECK(apply_overrides(default_config(), {"name=h\xC3\xA9llo"}).name == "h\xC3\xA9llo");
}

// fuzz_config ran at ~200 inputs/s: an unknown key of n bytes cost O(n) edit-distance work per
// known key for the "did you mean" hint, and the message quoted the whole key (a 1 MB line).
TEST_CASE("fuzz config: a very long unknown key is shortened in the message", "[fuzz]") {
    const std::string key(1'000'000, 'a');
    CHECK(config_error(key + " = 1\n") ==
          "fuzz.toml:1:1: unknown key '" + std::string(60, 'a') + "...'");
    CHECK(config_error("[array]\n" + std::string(100, 'r') + "ows = 1\n") ==
          "fuzz.toml:2:1: unknown key 'array." + std::string(54, 'r') + "...'");
    CHECK(config_error(std::string(1, '\0') + key + "=1") ==
          "--set " + std::string(60, 'a') + "...: unknown key '" + std::string(60, 'a') + "...'");
    // Values are shortened too; a near miss still gets its hint.
    CHECK(config_error("[array]\nrows = \"" + key + "\"\n") ==
          "fuzz.toml:2:8: key 'array.rows': expected an integer, got string \"" +
              std::string(59, 'a') + "...");
    CHECK(config_error("[array]\nrowz = 1\n") ==
          "fuzz.toml:2:1: unknown key 'array.rowz'; did you mean 'array.rows'?");
    // Shortening never splits a UTF-8 character: 59 ASCII bytes, then a 2-byte one.
    CHECK(shown_text(std::string(59, 'x') + "\xC3\xA9") == std::string(59, 'x') + "...");
}

// Every seed of both fuzzers passes the harness (accepted, validated, config.toml round-trips).
TEST_CASE("fuzz seeds: the shipped configs and workloads pass the harness promises", "[fuzz]") {
    const fs::path root(SASIM_SOURCE_DIR);
    int seen = 0;
    for (const char* dir : {"configs", "workloads", "tests/data/scalesim"}) {
        for (const auto& e : fs::directory_iterator(root / dir)) {
            const std::string ext = e.path().extension().string();
            if (ext != ".toml" && ext != ".csv") continue;
            INFO("seed " << e.path());
            const std::string text = read_bytes(e.path());
            CHECK((ext == ".toml" ? config_error(text) : workload_error(text)) == "(no error)");
            ++seen;
        }
    }
    CHECK(seen >= 9);
}

TEST_CASE("fuzz seeds: the shipped ONNX fixtures pass the harness promises", "[fuzz]") {
    const fs::path root(SASIM_SOURCE_DIR);
    int seen = 0;
    for (const auto& e : fs::directory_iterator(root / "tests/data/onnx")) {
        if (e.path().extension() != ".onnx") continue;
        INFO("seed " << e.path());
        const std::string bytes = read_bytes(e.path());
        if (e.path().filename().string().rfind("unsupported", 0) == 0)
            CHECK_THROWS_AS(fuzz::onnx_bytes(bytes), InputError);
        else
            CHECK_NOTHROW(fuzz::onnx_bytes(bytes));
        ++seen;
    }
    CHECK(seen == 4);
}
