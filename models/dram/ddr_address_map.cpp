// Address map parsing and decoding (see ddr_address_map.hpp). Field widths are log2 of the
// counts, so every count must be a power of two; errors name the map, the field and the count.
#include "models/dram/ddr_address_map.hpp"

#include <stdexcept>
#include <vector>

namespace sasim {
namespace {

constexpr const char* kNames[] = {"ro", "ra", "bg", "ba", "co", "ch"};
constexpr int kNumFields = 6;
constexpr const char* kAllowed = "ro, ra, bg, ba, co, ch";

bool is_pow2(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

int log2_exact(int64_t v) {
    int b = 0;
    while ((int64_t{1} << b) < v) ++b;
    return b;
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        const size_t colon = s.find(':', start);
        out.push_back(s.substr(start, colon - start));
        if (colon == std::string::npos) return out;
        start = colon + 1;
    }
}

[[noreturn]] void fail(const std::string& map, const std::string& what) {
    throw std::invalid_argument("address_map \"" + map + "\": " + what);
}

// Field order, most significant first, as indices into kNames.
std::vector<int> parse_order(const std::string& map) {
    std::vector<int> order;
    bool seen[kNumFields] = {};
    for (const std::string& tok : split(map)) {
        int f = 0;
        while (f < kNumFields && tok != kNames[f]) ++f;
        if (f == kNumFields) fail(map, "unknown field \"" + tok + "\" (allowed: " + kAllowed + ")");
        if (seen[f]) fail(map, "field \"" + tok + "\" appears more than once");
        seen[f] = true;
        order.push_back(f);
    }
    for (int f = 0; f < kNumFields; ++f)
        if (!seen[f])
            fail(map, std::string("field \"") + kNames[f] + "\" is missing (each of " + kAllowed +
                          " must appear exactly once)");
    return order;
}

void check_count(const std::string& map, const char* field, const std::string& what,
                 int64_t count) {
    if (!is_pow2(count))
        fail(map, std::string("field \"") + field + "\" needs a power-of-two count, got " + what +
                      " = " + std::to_string(count));
}

}  // namespace

DdrAddressMap::DdrAddressMap(const DdrParams& p) : burst_length_(p.burst_length) {
    const std::string& map = p.address_map;
    const std::vector<int> order = parse_order(map);
    if (p.burst_length <= 0 || p.columns % p.burst_length != 0)
        fail(map, "columns = " + std::to_string(p.columns) +
                      " is not a multiple of burst_length = " + std::to_string(p.burst_length));
    const int64_t counts[kNumFields] = {
        p.rows, p.ranks, p.bankgroups, p.banks_per_group, p.columns / p.burst_length, p.channels};
    const std::string what[kNumFields] = {
        "rows", "ranks", "bankgroups", "banks_per_group", "columns / burst_length", "channels"};
    for (int f = 0; f < kNumFields; ++f) check_count(map, kNames[f], what[f], counts[f]);
    if (!is_pow2(p.burst_bytes()))
        fail(map,
             "the burst offset needs a power-of-two burst_bytes (bus_bits / 8 x "
             "burst_length), got " +
                 std::to_string(p.burst_bytes()));
    offset_bits_ = log2_exact(p.burst_bytes());
    int shift = offset_bits_;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const int bits = log2_exact(counts[*it]);
        // A zero-width field at the top would shift by 64 (undefined); its mask is 0 anyway.
        slices_[*it] = {bits == 0 ? 0 : shift, (uint64_t{1} << bits) - 1};
        shift += bits;
    }
    if (shift > 64) fail(map, "needs " + std::to_string(shift) + " address bits, more than 64");
}

DdrAddress DdrAddressMap::decode(uint64_t addr) const {
    auto get = [&](Field f) { return (addr >> slices_[f].shift) & slices_[f].mask; };
    DdrAddress a;
    a.channel = static_cast<int>(get(kChannel));
    a.rank = static_cast<int>(get(kRank));
    a.bankgroup = static_cast<int>(get(kGroup));
    a.bank = static_cast<int>(get(kBank));
    a.row = static_cast<int64_t>(get(kRow));
    a.column = static_cast<int64_t>(get(kColumn)) * burst_length_;
    return a;
}

uint64_t DdrAddressMap::encode(const DdrAddress& a) const {
    auto put = [&](Field f, int64_t v) {
        return (static_cast<uint64_t>(v) & slices_[f].mask) << slices_[f].shift;
    };
    return put(kChannel, a.channel) | put(kRank, a.rank) | put(kGroup, a.bankgroup) |
           put(kBank, a.bank) | put(kRow, a.row) | put(kColumn, a.column / burst_length_);
}

}  // namespace sasim
