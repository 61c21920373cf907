// Address map of the bank-level DRAM: splits a byte address into channel, rank, bank group,
// bank, row and column from a "ro:ra:bg:ba:co:ch" field order (most significant first).
// Leaves out: XOR bank hashing and non-power-of-two organisations (both rejected or absent).
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "models/dram/ddr_params.hpp"

namespace sasim {

struct DdrAddress {
    int channel = 0, rank = 0, bankgroup = 0, bank = 0;
    int64_t row = 0;
    int64_t column = 0;  // device column of the burst's first beat (a multiple of burst_length)
};

// Contract: the constructor validates the map and the organisation counts and throws
// std::invalid_argument naming the map, the field and what is allowed. decode() never fails:
// address bits above the mapped range are ignored (the space wraps). encode() is its inverse
// for in-range fields.
class DdrAddressMap {
public:
    explicit DdrAddressMap(const DdrParams& p);
    DdrAddress decode(uint64_t addr) const;
    int channel(uint64_t addr) const {
        return static_cast<int>((addr >> slices_[kChannel].shift) & slices_[kChannel].mask);
    }
    uint64_t encode(const DdrAddress& a) const;
    int offset_bits() const { return offset_bits_; }

private:
    enum Field { kRow, kRank, kGroup, kBank, kColumn, kChannel, kFields };
    struct Slice {
        int shift = 0;
        uint64_t mask = 0;
    };
    std::array<Slice, kFields> slices_{};
    int offset_bits_ = 0;
    int64_t burst_length_ = 1;
};

}  // namespace sasim
