// Metric expressions of a check: numbers and metric names joined by + - * / and parentheses,
// e.g. "stall_dram_bandwidth_cycles / total_cycles" or "unique_footprint_bytes * 1.0". Parsed
// once when the checks file is read, evaluated per layer, run or window.
#pragma once
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace sasim {

using MetricValues = std::map<std::string, double>;

// A syntax error at character `offset` of the expression text.
struct ExprError : std::runtime_error {
    ExprError(size_t at, const std::string& what) : std::runtime_error(what), offset(at) {}
    size_t offset;
};

struct ExprName {
    std::string name;
    size_t offset = 0;  // in the expression text
};

class Expr {
public:
    static constexpr size_t kMaxLength = 1000;
    static constexpr int kMaxDepth = 32;  // nested parentheses and signs

    Expr() = default;
    static Expr parse(const std::string& text);  // throws ExprError
    static Expr number(double v);                // a value given as a TOML number

    const std::string& text() const { return text_; }
    bool is_number() const { return names_.empty(); }
    bool is_single_metric() const;
    const std::vector<ExprName>& names() const { return names_; }  // metrics, in text order

    // Every metric must be in `values` (std::logic_error otherwise). A division by zero gives
    // NaN: the value is undefined.
    double eval(const MetricValues& values) const;
    // The text with each metric name replaced by its value: "81234 / 1000000".
    std::string substituted(const MetricValues& values) const;

private:
    enum class Op { number, metric, add, sub, mul, div, neg };
    struct Step {
        Op op;
        double number = 0;
        size_t name = 0;  // index into names_ (metric steps)
    };
    class Parser;

    std::string text_;
    std::vector<ExprName> names_;
    std::vector<Step> program_;  // postfix
};

// A value for messages: integers without decimals ("37748736"), other values with 3 decimals
// from 1 up ("16.384") or 4 significant digits below ("0.0655"); NaN as "undefined".
std::string format_value(double v);

}  // namespace sasim
