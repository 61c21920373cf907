// JUnit XML of check results, the format CI systems (GitLab, Jenkins, GitHub test reporters)
// display: one testsuite named after the checks file, one testcase per check and scope.
#include <fmt/format.h>

#include <filesystem>

#include "sim/checks/checks.hpp"

namespace sasim {

namespace {

// Text for an XML attribute or element. Characters XML 1.0 cannot hold at all (controls other
// than tab, newline, return) become U+FFFD.
std::string xml_escape(const std::string& s) {
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            case '\n':
                out += "&#10;";
                break;
            case '\t':
                out += "&#9;";
                break;
            case '\r':
                out += "&#13;";
                break;
            default:
                if (c < 0x20 || c == 0x7f)
                    out += "\xEF\xBF\xBD";
                else
                    out += ch;
        }
    }
    return out;
}

}  // namespace

std::string junit_xml(const Checks& checks, const CheckOutcome& outcome) {
    const std::string suite = std::filesystem::path(checks.source).stem().string();
    const size_t tests = outcome.results.size();
    const int64_t failures = outcome.failures();
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += fmt::format(
        "<testsuites name=\"sasim checks\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", tests,
        failures);
    s += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
        "skipped=\"0\">\n",
        xml_escape(suite), tests, failures);
    for (const CheckResult& r : outcome.results) {
        s += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escape(r.check),
                         xml_escape(r.check + " [" + r.scope + "]"));
        if (r.passed) {
            s += "/>\n";
            continue;
        }
        s += fmt::format(">\n      <failure message=\"{}\" type=\"check\">{}</failure>\n",
                         xml_escape(r.detail), xml_escape(r.line()));
        s += "    </testcase>\n";
    }
    return s + "  </testsuite>\n</testsuites>\n";
}

}  // namespace sasim
