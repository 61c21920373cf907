// Checks the register-level PE array oracle against plain arithmetic (nested-loop GEMM and
// direct convolution) and its stepped cycle counts against layer_fold_summary(). Random cases
// use fixed seeds. Leaves out: the SystemC array module (compared with the oracle elsewhere).
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "models/systolic/systolic_timing.hpp"
#include "oracle/pe_array_oracle.hpp"
#include "sim/workload/layer.hpp"

namespace sasim::oracle {
namespace {

using Rng = std::mt19937_64;

int64_t uniform(Rng& rng, int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

Matrix random_matrix(Rng& rng, int64_t rows, int64_t cols) {
    Matrix m(rows, cols);
    for (int64_t& x : m.v) x = uniform(rng, -9, 9);
    return m;
}

Matrix matmul(const Matrix& A, const Matrix& B) {
    Matrix out(A.rows, B.cols);
    for (int64_t m = 0; m < A.rows; ++m) {
        for (int64_t n = 0; n < B.cols; ++n) {
            for (int64_t k = 0; k < A.cols; ++k) out.at(m, n) += A.at(m, k) * B.at(k, n);
        }
    }
    return out;
}

// "" if equal, else where the first difference is.
std::string first_mismatch(const std::vector<int64_t>& got, const std::vector<int64_t>& want) {
    if (got.size() != want.size()) return "size " + std::to_string(got.size());
    for (size_t i = 0; i < got.size(); ++i) {
        if (got[i] != want[i]) {
            return "at " + std::to_string(i) + ": " + std::to_string(got[i]) +
                   " != " + std::to_string(want[i]);
        }
    }
    return "";
}

// A convolution with random int64 tensors: ifmap [N][C][H][W], filter [K][C/groups][R][S].
struct Conv {
    Layer L;
    std::vector<int64_t> ifmap;
    std::vector<int64_t> filter;
    // Input element, 0 in the padding.
    int64_t in(int64_t n, int64_t c, int64_t h, int64_t w) const {
        if (h < 0 || h >= L.H || w < 0 || w >= L.W) return 0;
        return ifmap[static_cast<size_t>(((n * L.C + c) * L.H + h) * L.W + w)];
    }
    int64_t filt(int64_t k, int64_t c, int64_t r, int64_t s) const {
        return filter[static_cast<size_t>(((k * L.Cg() + c) * L.R + r) * L.S + s)];
    }
};

Conv random_conv(Rng& rng) {
    Conv cv;
    Layer& L = cv.L;
    L.N = uniform(rng, 1, 2);
    L.groups = uniform(rng, 1, 3);
    L.C = L.groups * uniform(rng, 1, 4);
    L.K = L.groups * uniform(rng, 1, 5);
    L.H = uniform(rng, 1, 7);
    L.W = uniform(rng, 1, 7);
    L.pad_h = uniform(rng, 0, 2);
    L.pad_w = uniform(rng, 0, 2);
    L.R = uniform(rng, 1, std::min<int64_t>(5, L.H + 2 * L.pad_h));
    L.S = uniform(rng, 1, std::min<int64_t>(5, L.W + 2 * L.pad_w));
    L.stride_h = uniform(rng, 1, 3);
    L.stride_w = uniform(rng, 1, 3);
    cv.ifmap.resize(static_cast<size_t>(L.ifmap_elems()));
    cv.filter.resize(static_cast<size_t>(L.filter_elems()));
    for (int64_t& x : cv.ifmap) x = uniform(rng, -9, 9);
    for (int64_t& x : cv.filter) x = uniform(rng, -9, 9);
    return cv;
}

size_t ofmap_index(const Layer& L, int64_t n, int64_t k, int64_t p, int64_t q) {
    return static_cast<size_t>(((n * L.K + k) * L.P() + p) * L.Q() + q);
}

// Direct convolution by nested loops, ofmap [N][K][P][Q].
std::vector<int64_t> direct_conv(const Conv& cv) {
    const Layer& L = cv.L;
    std::vector<int64_t> out(static_cast<size_t>(L.ofmap_elems()), 0);
    for (int64_t n = 0; n < L.N; ++n)
        for (int64_t k = 0; k < L.K; ++k)
            for (int64_t p = 0; p < L.P(); ++p)
                for (int64_t q = 0; q < L.Q(); ++q)
                    for (int64_t c = 0; c < L.Cg(); ++c)
                        for (int64_t r = 0; r < L.R; ++r)
                            for (int64_t s = 0; s < L.S; ++s) {
                                const int64_t cin = (k / L.Kg()) * L.Cg() + c;
                                out[ofmap_index(L, n, k, p, q)] +=
                                    cv.in(n, cin, p * L.stride_h + r - L.pad_h,
                                          q * L.stride_w + s - L.pad_w) *
                                    cv.filt(k, c, r, s);
                            }
    return out;
}

// im2col of group g: row m = (n*P + p)*Q + q, column j = (r*S + s)*Cg + c.
Matrix im2col(const Conv& cv, int64_t g) {
    const Layer& L = cv.L;
    Matrix A(L.N * L.P() * L.Q(), L.R * L.S * L.Cg());
    for (int64_t n = 0; n < L.N; ++n)
        for (int64_t p = 0; p < L.P(); ++p)
            for (int64_t q = 0; q < L.Q(); ++q)
                for (int64_t r = 0; r < L.R; ++r)
                    for (int64_t s = 0; s < L.S; ++s)
                        for (int64_t c = 0; c < L.Cg(); ++c) {
                            A.at((n * L.P() + p) * L.Q() + q, (r * L.S + s) * L.Cg() + c) =
                                cv.in(n, g * L.Cg() + c, p * L.stride_h + r - L.pad_h,
                                      q * L.stride_w + s - L.pad_w);
                        }
    return A;
}

// Filters of group g as a (R*S*Cg) x Kg matrix, rows in im2col's column order.
Matrix filter_matrix(const Conv& cv, int64_t g) {
    const Layer& L = cv.L;
    Matrix B(L.R * L.S * L.Cg(), L.Kg());
    for (int64_t k = 0; k < L.Kg(); ++k)
        for (int64_t r = 0; r < L.R; ++r)
            for (int64_t s = 0; s < L.S; ++s)
                for (int64_t c = 0; c < L.Cg(); ++c)
                    B.at((r * L.S + s) * L.Cg() + c, k) = cv.filt(g * L.Kg() + k, c, r, s);
    return B;
}

ArrayShape random_array(Rng& rng) { return ArrayShape{uniform(rng, 1, 16), uniform(rng, 1, 16)}; }

std::string describe(Dataflow df, ArrayShape a, bool preload, const GemmShape& g) {
    std::ostringstream os;
    os << to_string(df) << " on " << a.rows << "x" << a.cols << (preload ? " preload" : "")
       << ": M=" << g.M << " N=" << g.N << " K=" << g.K;
    return os.str();
}

void check_random_gemms(Dataflow df, uint64_t seed, int cases) {
    Rng rng(seed);
    for (int i = 0; i < cases; ++i) {
        const ArrayShape a = random_array(rng);
        const bool preload = uniform(rng, 0, 1) == 1;
        const GemmShape g{uniform(rng, 1, 40), uniform(rng, 1, 40), uniform(rng, 1, 40)};
        const Matrix A = random_matrix(rng, g.M, g.K);
        const Matrix B = random_matrix(rng, g.K, g.N);
        INFO("case " << i << ": " << describe(df, a, preload, g));
        const OracleResult r = run_gemm(df, a, preload, A, B);
        CHECK(first_mismatch(r.out.v, matmul(A, B).v) == "");
        CHECK(r.cycles == layer_fold_summary(df, g, a, preload).busy_cycles);
        CHECK(r.macs == g.macs());
    }
}

void check_random_convs(Dataflow df, uint64_t seed, int cases) {
    Rng rng(seed);
    for (int i = 0; i < cases; ++i) {
        const ArrayShape a = random_array(rng);
        const bool preload = uniform(rng, 0, 1) == 1;
        const Conv cv = random_conv(rng);
        const Layer& L = cv.L;
        const GemmShape g = L.gemm();
        INFO("case " << i << ": " << describe(df, a, preload, g) << " groups=" << L.groups
                     << " stride=" << L.stride_h << "," << L.stride_w << " pad=" << L.pad_h << ","
                     << L.pad_w);
        std::vector<int64_t> ofmap(static_cast<size_t>(L.ofmap_elems()), 0);
        int64_t cycles = 0;
        for (int64_t grp = 0; grp < L.groups; ++grp) {
            const Matrix A = im2col(cv, grp);
            REQUIRE((A.rows == g.M && A.cols == g.K));
            const OracleResult r = run_gemm(df, a, preload, A, filter_matrix(cv, grp));
            cycles += r.cycles;
            for (int64_t m = 0; m < g.M; ++m) {
                const int64_t n = m / (L.P() * L.Q()), p = m / L.Q() % L.P(), q = m % L.Q();
                for (int64_t k = 0; k < g.N; ++k) {
                    ofmap[ofmap_index(L, n, grp * L.Kg() + k, p, q)] = r.out.at(m, k);
                }
            }
        }
        CHECK(first_mismatch(ofmap, direct_conv(cv)) == "");
        CHECK(cycles == L.groups * layer_fold_summary(df, g, a, preload).busy_cycles);
    }
}

Matrix from_rows(std::vector<std::vector<int64_t>> rows) {
    Matrix m(static_cast<int64_t>(rows.size()), static_cast<int64_t>(rows[0].size()));
    for (int64_t r = 0; r < m.rows; ++r)
        for (int64_t c = 0; c < m.cols; ++c) m.at(r, c) = rows[size_t(r)][size_t(c)];
    return m;
}

}  // namespace

TEST_CASE("oracle: 2x2 GEMM on a 2x2 array, all dataflows", "[oracle]") {
    const Matrix A = from_rows({{1, 2}, {3, 4}});
    const Matrix B = from_rows({{5, 6}, {7, 8}});
    const std::vector<int64_t> want{19, 22, 43, 50};
    // os: one fold of K + (R-1) + (C-1) = 2 + 1 + 1 = 4 cycles.
    const OracleResult os = run_gemm(Dataflow::os, {2, 2}, false, A, B);
    CHECK(os.out.v == want);
    CHECK(os.cycles == 4);
    // ws, is: one fold of R + T + (R-1) + (C-1) = 2 + 2 + 1 + 1 = 6 cycles.
    for (Dataflow df : {Dataflow::ws, Dataflow::is}) {
        const OracleResult r = run_gemm(df, {2, 2}, false, A, B);
        CHECK(r.out.v == want);
        CHECK(r.cycles == 6);
        CHECK(r.macs == 8);
    }
}

TEST_CASE("oracle: os PE(i,j) sees its k-th operand pair at cycle k+i+j", "[oracle]") {
    const ArrayShape a{3, 4};
    const int64_t K = 5;
    const Matrix A = from_rows({{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}, {11, 12, 13, 14, 15}});
    const Matrix B =
        from_rows({{1, 2, 3, 4}, {-1, 0, 1, 2}, {2, 2, 2, 2}, {5, 0, -5, 1}, {3, 1, 4, 1}});
    const OracleResult r = run_gemm(Dataflow::os, a, false, A, B);
    CHECK(r.cycles == K + 2 + 3);  // K + (R-1) + (C-1)
    CHECK(r.out.v == matmul(A, B).v);
    // Drive the same fold by hand and watch the operand tags inside the array.
    PeArray arr(Dataflow::os, a);
    for (int64_t t = 0; t < K + 2 + 3; ++t) {
        EdgeInputs in = arr.idle_inputs();
        for (int64_t i = 0; i < a.rows; ++i) {
            if (t - i >= 0 && t - i < K) in.left[size_t(i)] = {true, true, A.at(i, t - i), t - i};
        }
        for (int64_t j = 0; j < a.cols; ++j) {
            if (t - j >= 0 && t - j < K) in.top[size_t(j)] = {true, true, B.at(t - j, j), t - j};
        }
        arr.step(in);
        for (int64_t i = 0; i < a.rows; ++i)
            for (int64_t j = 0; j < a.cols; ++j) {
                const int64_t k = t - i - j;
                INFO("cycle " << t << " PE(" << i << "," << j << ")");
                CHECK(arr.pe(i, j).h.present == (k >= 0 && k < K));
                if (k >= 0 && k < K) CHECK(arr.pe(i, j).h.tag == k);
            }
    }
    for (int64_t i = 0; i < a.rows; ++i)
        for (int64_t j = 0; j < a.cols; ++j) CHECK(arr.pe(i, j).acc == r.out.at(i, j));
}

TEST_CASE("oracle: ws result row m leaves column j at cycle R + m + (R-1) + j", "[oracle]") {
    // Driven by hand: weights w(i,j) shift in over R cycles, bottom row first; x(m,i) enters
    // row i at cycle R + m + i.
    const int64_t R = 3, C = 4, T = 5;
    auto w = [](int64_t i, int64_t j) { return i * 10 + j + 1; };
    auto x = [](int64_t m, int64_t i) { return m - 2 * i + 1; };
    PeArray arr(Dataflow::ws, {R, C});
    for (int64_t t = 0; t < R + T + (R - 1) + (C - 1); ++t) {
        EdgeInputs in = arr.idle_inputs();
        if (t < R) {
            in.shift_load = true;
            for (int64_t j = 0; j < C; ++j) in.top[size_t(j)] = {true, true, w(R - 1 - t, j)};
        }
        in.swap = t == R;
        for (int64_t i = 0; i < R; ++i) {
            const int64_t m = t - R - i;
            if (m >= 0 && m < T) in.left[size_t(i)] = {true, true, x(m, i), m, m == T - 1};
        }
        arr.step(in);
        for (int64_t j = 0; j < C; ++j) {
            const int64_t m = t - R - (R - 1) - j;
            const Slot& out = arr.pe(R - 1, j).v;
            INFO("cycle " << t << " column " << j);
            REQUIRE(out.present == (m >= 0 && m < T));
            if (!out.present) continue;
            CHECK(out.tag == m);
            CHECK(out.value == x(m, 0) * w(0, j) + x(m, 1) * w(1, j) + x(m, 2) * w(2, j));
        }
    }
    CHECK(arr.pe(R - 1, C - 1).v.last);
}

TEST_CASE("oracle: os random GEMMs", "[oracle]") { check_random_gemms(Dataflow::os, 101, 200); }
TEST_CASE("oracle: ws random GEMMs", "[oracle]") { check_random_gemms(Dataflow::ws, 202, 200); }
TEST_CASE("oracle: is random GEMMs", "[oracle]") { check_random_gemms(Dataflow::is, 303, 200); }
TEST_CASE("oracle: os random convs", "[oracle]") { check_random_convs(Dataflow::os, 404, 150); }
TEST_CASE("oracle: ws random convs", "[oracle]") { check_random_convs(Dataflow::ws, 505, 150); }
TEST_CASE("oracle: is random convs", "[oracle]") { check_random_convs(Dataflow::is, 606, 150); }

TEST_CASE("oracle: preload hides the load behind the previous fold's stream", "[oracle]") {
    Rng rng(707);
    struct Case {
        Dataflow df;
        ArrayShape a;
        GemmShape g;
        int64_t plain, preload;
    };
    const Case cases[] = {
        // ws 8x8, M=3 N=8 K=16: 2 row folds, T = 3 < R. plain 2*(8+3+14) = 50;
        // preload (8+3+14) + (max(0, 8-3)+3+14) = 25 + 22 = 47.
        {Dataflow::ws, {8, 8}, {3, 8, 16}, 50, 47},
        // ws 8x8, M=20 N=8 K=16: T = 20 >= R. plain 2*(8+20+14) = 84; preload 42 + 34 = 76.
        {Dataflow::ws, {8, 8}, {20, 8, 16}, 84, 76},
        // is 4x4, M=8 N=2 K=8: 2x2 folds, T = 2. plain 4*(4+2+6) = 48; preload 12 + 3*10 = 42.
        {Dataflow::is, {4, 4}, {8, 2, 8}, 48, 42},
        // os: no stationary operand, preload changes nothing: 2*2 folds of 5+3+3 = 44.
        {Dataflow::os, {4, 4}, {8, 8, 5}, 44, 44},
    };
    for (const Case& c : cases) {
        INFO(describe(c.df, c.a, true, c.g));
        const Matrix A = random_matrix(rng, c.g.M, c.g.K);
        const Matrix B = random_matrix(rng, c.g.K, c.g.N);
        const OracleResult plain = run_gemm(c.df, c.a, false, A, B);
        const OracleResult pre = run_gemm(c.df, c.a, true, A, B);
        CHECK(plain.cycles == c.plain);
        CHECK(pre.cycles == c.preload);
        CHECK(first_mismatch(pre.out.v, matmul(A, B).v) == "");
        CHECK(first_mismatch(plain.out.v, matmul(A, B).v) == "");
    }
}

}  // namespace sasim::oracle
