// Register-level reference model of an R x C systolic array: the PE step and the controller
// that feeds each fold's edges cycle by cycle. Cycle counts come from watching the last stream
// slot reach the far corner, not from a formula. Leaves out: memory, stalls, output drain.
#include "oracle/pe_array_oracle.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace sasim::oracle {

PeArray::PeArray(Dataflow df, ArrayShape shape)
    : df_(df),
      shape_(shape),
      cur_(static_cast<size_t>(shape.pes())),
      next_(static_cast<size_t>(shape.pes())) {
    if (shape.rows < 1 || shape.cols < 1) throw std::invalid_argument("empty PE array");
}

EdgeInputs PeArray::idle_inputs() const {
    EdgeInputs in;
    in.left.resize(static_cast<size_t>(shape_.rows));
    in.top.resize(static_cast<size_t>(shape_.cols));
    return in;
}

void PeArray::step(const EdgeInputs& in) {
    for (int64_t i = 0; i < shape_.rows; ++i) {
        for (int64_t j = 0; j < shape_.cols; ++j) {
            next_[index(i, j)] =
                df_ == Dataflow::os ? next_os(i, j, in) : next_stationary(i, j, in);
        }
    }
    cur_.swap(next_);
    ++cycles_;
}

void PeArray::reset_os_accumulators() {
    for (Pe& p : cur_) p.acc = 0;
}

namespace {
void check_aligned(const Slot& a, const Slot& b, int64_t i, int64_t j) {
    if (a.present != b.present || (a.present && a.tag != b.tag)) {
        throw std::logic_error("wavefront misaligned at PE(" + std::to_string(i) + "," +
                               std::to_string(j) + ")");
    }
}
}  // namespace

// os: A moves right, B moves down, PE(i,j) multiplies what it receives this cycle.
Pe PeArray::next_os(int64_t i, int64_t j, const EdgeInputs& in) {
    const Slot& a = j == 0 ? in.left[static_cast<size_t>(i)] : cur_[index(i, j - 1)].h;
    const Slot& b = i == 0 ? in.top[static_cast<size_t>(j)] : cur_[index(i - 1, j)].v;
    check_aligned(a, b, i, j);
    Pe n = cur_[index(i, j)];
    n.h = a;
    n.v = b;
    if (a.valid && b.valid) {
        n.acc += a.value * b.value;
        ++macs_;
    }
    return n;
}

// ws, is: the streamed operand moves right, the partial sum moves down, adding x * w.
Pe PeArray::next_stationary(int64_t i, int64_t j, const EdgeInputs& in) {
    const Pe& me = cur_[index(i, j)];
    Pe n = me;
    const Slot w = in.swap ? me.w_load : me.w;
    n.w = w;
    if (in.shift_load) {
        n.w_load = i == 0 ? in.top[static_cast<size_t>(j)] : cur_[index(i - 1, j)].w_load;
    }
    const Slot& x = j == 0 ? in.left[static_cast<size_t>(i)] : cur_[index(i, j - 1)].h;
    // The top row starts a zero partial sum for every slot it receives.
    const Slot psum_in =
        i == 0 ? Slot{x.present, false, 0, x.tag, x.last} : cur_[index(i - 1, j)].v;
    check_aligned(x, psum_in, i, j);
    n.h = x;
    n.v = Slot{};
    if (x.present) {
        n.v = psum_in;
        n.v.valid = psum_in.valid || w.valid;  // a column with a real operand makes an output
        if (x.valid && w.valid) {
            n.v.value += x.value * w.value;
            ++macs_;
        }
    }
    return n;
}

namespace {

// The block of one fold: rows [r0, r0 + rows) of Sr, columns [c0, c0 + cols) of Sc.
struct Fold {
    int64_t r0 = 0, rows = 0, c0 = 0, cols = 0;
};

std::vector<Fold> plan_folds(int64_t Sr, int64_t Sc, ArrayShape a) {
    std::vector<Fold> folds;
    for (int64_t c0 = 0; c0 < Sc; c0 += a.cols) {
        for (int64_t r0 = 0; r0 < Sr; r0 += a.rows) {
            folds.push_back({r0, std::min(a.rows, Sr - r0), c0, std::min(a.cols, Sc - c0)});
        }
    }
    return folds;
}

// Slot s of a stream of length T; outside [0, T) the register stays empty.
Slot stream_slot(int64_t s, int64_t T, bool valid, int64_t value) {
    if (s < 0 || s >= T) return Slot{};
    return Slot{true, valid, valid ? value : 0, s, s == T - 1};
}

void check_fold_length(int64_t t, ArrayShape a, int64_t T) {
    if (t > T + 2 * (a.rows + a.cols) + 4) throw std::logic_error("fold never finished");
}

void run_os_fold(PeArray& arr, ArrayShape a, const Matrix& A, const Matrix& B, const Fold& f,
                 Matrix& out) {
    const int64_t K = A.cols;
    for (int64_t t = 0;; ++t) {
        check_fold_length(t, a, K);
        EdgeInputs in = arr.idle_inputs();
        for (int64_t i = 0; i < a.rows; ++i) {
            const bool used = i < f.rows;
            const int64_t s = t - i;
            in.left[static_cast<size_t>(i)] =
                stream_slot(s, K, used, used && s >= 0 && s < K ? A.at(f.r0 + i, s) : 0);
        }
        for (int64_t j = 0; j < a.cols; ++j) {
            const bool used = j < f.cols;
            const int64_t s = t - j;
            in.top[static_cast<size_t>(j)] =
                stream_slot(s, K, used, used && s >= 0 && s < K ? B.at(s, f.c0 + j) : 0);
        }
        arr.step(in);
        const Slot& corner = arr.pe(a.rows - 1, a.cols - 1).h;
        if (corner.present && corner.last) break;
    }
    for (int64_t i = 0; i < f.rows; ++i) {
        for (int64_t j = 0; j < f.cols; ++j) out.at(f.r0 + i, f.c0 + j) += arr.pe(i, j).acc;
    }
    arr.reset_os_accumulators();
}

// How ws / is place the GEMM: the stationary block, the streamed operand, the output.
struct Mapping {
    Dataflow df;
    const Matrix& A;
    const Matrix& B;
    int64_t Sr() const { return A.cols; }  // K for both
    int64_t Sc() const { return df == Dataflow::ws ? B.cols : A.rows; }
    int64_t T() const { return df == Dataflow::ws ? A.rows : B.cols; }
    int64_t stationary(const Fold& f, int64_t i, int64_t j) const {
        return df == Dataflow::ws ? B.at(f.r0 + i, f.c0 + j) : A.at(f.c0 + j, f.r0 + i);
    }
    int64_t streamed(const Fold& f, int64_t t, int64_t i) const {
        return df == Dataflow::ws ? A.at(t, f.r0 + i) : B.at(f.r0 + i, t);
    }
    int64_t& out(Matrix& o, const Fold& f, int64_t t, int64_t j) const {
        return df == Dataflow::ws ? o.at(t, f.c0 + j) : o.at(f.c0 + j, t);
    }
};

// Drives ws / is folds. The load chain takes one array row per shift, bottom row first. With
// preload, the next fold's block shifts in during the current fold's T stream-issue cycles
// (as fold_cycles() assumes); what is left is shifted in, exposed, before the next fold.
class StationaryRunner {
public:
    StationaryRunner(PeArray& arr, ArrayShape a, bool preload, Mapping map, Matrix& out)
        : arr_(arr),
          a_(a),
          preload_(preload),
          map_(map),
          out_(out),
          folds_(plan_folds(map.Sr(), map.Sc(), a)) {}

    void run() {
        for (size_t k = 0; k < folds_.size(); ++k) run_fold(k);
    }

private:
    void shift_in_row(EdgeInputs& in, const Fold& f) {
        const int64_t i = a_.rows - 1 - loaded_;
        for (int64_t j = 0; j < a_.cols; ++j) {
            const bool used = i < f.rows && j < f.cols;  // unused PEs get a zero operand
            in.top[static_cast<size_t>(j)] =
                Slot{true, used, used ? map_.stationary(f, i, j) : 0, 0, false};
        }
        in.shift_load = true;
        ++loaded_;
    }

    void run_fold(size_t k) {
        const Fold& f = folds_[k];
        const int64_t T = map_.T();
        while (loaded_ < a_.rows) {  // exposed load
            EdgeInputs in = arr_.idle_inputs();
            shift_in_row(in, f);
            arr_.step(in);
        }
        loaded_ = 0;
        for (int64_t t = 0;; ++t) {
            check_fold_length(t, a_, T);
            EdgeInputs in = arr_.idle_inputs();
            in.swap = t == 0;
            for (int64_t i = 0; i < a_.rows; ++i) {
                const int64_t s = t - i;
                const bool used = i < f.rows;
                const int64_t x = used && s >= 0 && s < T ? map_.streamed(f, s, i) : 0;
                in.left[static_cast<size_t>(i)] = stream_slot(s, T, used, x);
            }
            const bool has_next = k + 1 < folds_.size();
            if (preload_ && has_next && t < T && loaded_ < a_.rows) shift_in_row(in, folds_[k + 1]);
            arr_.step(in);
            collect(f);
            const Slot& corner = arr_.pe(a_.rows - 1, a_.cols - 1).v;
            if (corner.present && corner.last) break;
        }
    }

    // Results leave the bottom edge; partial sums of different row folds add up out here.
    void collect(const Fold& f) {
        for (int64_t j = 0; j < a_.cols; ++j) {
            const Slot& s = arr_.pe(a_.rows - 1, j).v;
            if (!s.present || !s.valid) continue;
            if (j >= f.cols) throw std::logic_error("output from an unused column");
            map_.out(out_, f, s.tag, j) += s.value;
        }
    }

    PeArray& arr_;
    ArrayShape a_;
    bool preload_;
    Mapping map_;
    Matrix& out_;
    std::vector<Fold> folds_;
    int64_t loaded_ = 0;  // rows of the next block already in the load chains
};

}  // namespace

OracleResult run_gemm(Dataflow df, ArrayShape shape, bool preload, const Matrix& A,
                      const Matrix& B) {
    if (A.cols != B.rows) throw std::invalid_argument("GEMM inner dimensions differ");
    PeArray arr(df, shape);
    OracleResult r;
    r.out = Matrix(A.rows, B.cols);
    if (df == Dataflow::os) {
        for (const Fold& f : plan_folds(A.rows, B.cols, shape)) {
            run_os_fold(arr, shape, A, B, f, r.out);
        }
    } else {
        StationaryRunner(arr, shape, preload, Mapping{df, A, B}, r.out).run();
    }
    r.cycles = arr.cycles();
    r.macs = arr.macs();
    return r;
}

}  // namespace sasim::oracle
