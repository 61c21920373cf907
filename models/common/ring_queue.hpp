// A FIFO in one growing ring buffer (plain C++): push at the back, pop at the front, index from
// the front. For hot queues of small records, where std::deque's block bookkeeping costs more
// than the work done per element. Capacity doubles when full and never shrinks.
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace sasim {

template <typename T>
class RingQueue {
public:
    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }
    T& front() { return buf_[head_]; }
    const T& front() const { return buf_[head_]; }
    T& back() { return (*this)[size_ - 1]; }
    const T& operator[](size_t i) const { return buf_[(head_ + i) & mask_]; }
    T& operator[](size_t i) { return buf_[(head_ + i) & mask_]; }
    void push_back(const T& v) {
        if (size_ == buf_.size()) grow();
        buf_[(head_ + size_++) & mask_] = v;
    }
    void pop_front() {
        head_ = (head_ + 1) & mask_;
        --size_;
    }
    void clear() { head_ = size_ = 0; }

private:
    void grow() {
        std::vector<T> b(buf_.empty() ? 16 : 2 * buf_.size());
        for (size_t i = 0; i < size_; ++i) b[i] = std::move((*this)[i]);
        buf_.swap(b);
        head_ = 0;
        mask_ = buf_.size() - 1;
    }

    std::vector<T> buf_;
    size_t head_ = 0, size_ = 0, mask_ = 0;
};

}  // namespace sasim
