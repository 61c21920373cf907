// Check metric expressions: a recursive-descent parser (nesting and length bounded, so any
// input is safe to read) that emits a postfix program, and its evaluator.
#include "sim/checks/expr.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace sasim {

class Expr::Parser {
public:
    Parser(const std::string& t, Expr& e) : text_(t), e_(e) {}

    void parse() {
        skip_space();
        if (pos_ == text_.size())
            throw ExprError(0, "empty expression; expected a metric name or a number");
        sum(0);
        if (pos_ < text_.size())
            throw ExprError(
                pos_, fmt::format("unexpected {}: expected an operator (+ - * /)", token_text()));
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool take(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            skip_space();
            return true;
        }
        return false;
    }
    // The token at pos_ for messages: a name or number whole, else one character.
    std::string token_text() const {
        if (pos_ >= text_.size()) return "end of text";
        size_t end = pos_ + 1;
        if (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
            text_[pos_] == '.')
            while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                                          text_[end] == '_' || text_[end] == '.'))
                ++end;
        return "'" + text_.substr(pos_, end - pos_) + "'";
    }
    void emit(Op op, double v = 0, size_t name = 0) { e_.program_.push_back({op, v, name}); }

    void sum(int depth) {
        product(depth);
        for (;;) {
            if (take('+'))
                product(depth), emit(Op::add);
            else if (take('-'))
                product(depth), emit(Op::sub);
            else
                return;
        }
    }
    void product(int depth) {
        unary(depth);
        for (;;) {
            if (take('*'))
                unary(depth), emit(Op::mul);
            else if (take('/'))
                unary(depth), emit(Op::div);
            else
                return;
        }
    }
    void unary(int depth) {
        if (depth >= kMaxDepth)
            throw ExprError(pos_, fmt::format("nested more than {} levels deep", kMaxDepth));
        if (take('-')) {
            unary(depth + 1);
            emit(Op::neg);
        } else if (take('+')) {
            unary(depth + 1);
        } else {
            primary(depth);
        }
    }
    void primary(int depth) {
        skip_space();
        const size_t start = pos_;
        if (take('(')) {
            sum(depth + 1);
            if (!take(')'))
                throw ExprError(pos_, fmt::format("unexpected {}: expected ')' to close the '(' "
                                                  "at character {}",
                                                  token_text(), start + 1));
            return;
        }
        const char c = pos_ < text_.size() ? text_[pos_] : '\0';
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return name();
        throw ExprError(pos_, fmt::format("unexpected {}: expected a metric name, a number or '('",
                                          token_text()));
    }
    void number() {
        double v = 0;
        const auto r = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
        if (r.ec != std::errc() || !std::isfinite(v))
            throw ExprError(pos_, fmt::format("{} is not a finite number", token_text()));
        pos_ = static_cast<size_t>(r.ptr - text_.data());
        emit(Op::number, v);
        skip_space();
    }
    void name() {
        const size_t start = pos_;
        while (pos_ < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
            ++pos_;
        e_.names_.push_back({text_.substr(start, pos_ - start), start});
        emit(Op::metric, 0, e_.names_.size() - 1);
        skip_space();
    }

    const std::string& text_;
    Expr& e_;
    size_t pos_ = 0;
};

Expr Expr::parse(const std::string& text) {
    if (text.size() > kMaxLength)
        throw ExprError(kMaxLength, fmt::format("longer than {} characters", kMaxLength));
    Expr e;
    e.text_ = text;
    Parser(e.text_, e).parse();
    return e;
}

Expr Expr::number(double v) {
    Expr e;
    e.text_ = format_value(v);
    e.program_.push_back({Op::number, v, 0});
    return e;
}

bool Expr::is_single_metric() const { return program_.size() == 1 && program_[0].op == Op::metric; }

double Expr::eval(const MetricValues& values) const {
    std::vector<double> st;
    for (const Step& s : program_) {
        if (s.op == Op::number || s.op == Op::metric) {
            if (s.op == Op::number) {
                st.push_back(s.number);
                continue;
            }
            const auto it = values.find(names_[s.name].name);
            if (it == values.end())
                throw std::logic_error("checks: no value for metric '" + names_[s.name].name + "'");
            st.push_back(it->second);
            continue;
        }
        if (s.op == Op::neg) {
            st.back() = -st.back();
            continue;
        }
        const double b = st.back();
        st.pop_back();
        double& a = st.back();
        const bool finite = std::isfinite(a) && std::isfinite(b);
        switch (s.op) {
            case Op::add:
                a += b;
                break;
            case Op::sub:
                a -= b;
                break;
            case Op::mul:
                a *= b;
                break;
            default:
                a = b == 0 ? std::nan("") : a / b;
                break;
        }
        if (finite && std::isinf(a)) a = std::nan("");  // overflow: undefined, as x / 0 is
    }
    return st.empty() ? std::nan("") : st.back();
}

std::string Expr::substituted(const MetricValues& values) const {
    std::string out;
    size_t from = 0;
    for (const ExprName& n : names_) {
        const auto it = values.find(n.name);
        out += text_.substr(from, n.offset - from);
        out += it == values.end() ? n.name : format_value(it->second);
        from = n.offset + n.name.size();
    }
    return out + text_.substr(from);
}

std::string format_value(double v) {
    if (std::isnan(v)) return "undefined";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return "0";  // also -0
    if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
    if (std::fabs(v) >= 1) return fmt::format("{:.3f}", v);
    return fmt::format("{:.4g}", v);
}

}  // namespace sasim
