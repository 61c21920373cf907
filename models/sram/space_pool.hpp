// The bytes of one scratchpad that tiles hold: a fill takes its bytes before it is issued, a
// release (the array is done with a tile) or a completed store gives them back. A scratchpad too
// small for two tiles of a kind simply runs them one after another (single buffering).
// SpaceAccount is the plain-C++ bookkeeping; SpacePool adds the SystemC wait for room.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <systemc>

#include "models/common/transfer.hpp"

namespace sasim {

class SpaceAccount {
public:
    void reset(int64_t capacity) {
        capacity_ = capacity;
        used_ = 0;
    }
    // A request larger than the capacity is taken alone, once the space is empty (the mapper
    // never asks for one; this keeps a mistake from hanging the run).
    bool fits(int64_t bytes, int64_t reserve = 0) const {
        return used_ + bytes <= capacity_ - reserve || used_ == 0;
    }
    void take(int64_t bytes) { used_ += bytes; }
    void give(int64_t bytes) {
        if (bytes > used_)
            throw std::logic_error("scratchpad space: " + std::to_string(bytes) +
                                   " bytes given back, " + std::to_string(used_) + " held");
        used_ -= bytes;
    }
    int64_t used() const { return used_; }
    int64_t capacity() const { return capacity_; }

private:
    int64_t capacity_ = 0, used_ = 0;
};

class SpacePool {
public:
    void reset(int64_t capacity) {
        account_.reset(capacity);
        freed_by_ = TransferDone{};
    }
    // Blocks the calling thread until `bytes` fit, leaving `reserve` bytes free, then takes them.
    void acquire(int64_t bytes, int64_t reserve = 0) {
        while (!account_.fits(bytes, reserve)) sc_core::wait(freed_);
        account_.take(bytes);
    }
    // `by`: the store whose completion gave the space back (what a wait for it waited on).
    void release(int64_t bytes, const TransferDone* by = nullptr) {
        if (bytes <= 0) return;
        account_.give(bytes);
        if (by) freed_by_ = *by;
        freed_.notify(sc_core::SC_ZERO_TIME);
    }
    // Takes bytes without waiting (the caller checked the room itself).
    void account_take(int64_t bytes) { account_.take(bytes); }
    const sc_core::sc_event& freed_event() const { return freed_; }
    const TransferDone& freed_by() const { return freed_by_; }
    const SpaceAccount& account() const { return account_; }

private:
    SpaceAccount account_;
    TransferDone freed_by_;
    sc_core::sc_event freed_;
};

}  // namespace sasim
