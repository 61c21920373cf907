// Timing state of one DDR channel: for every bank, bank group, rank and the channel's data bus,
// the earliest clock each command may issue, pushed forward as commands issue (the forward
// form of the JEDEC rules; DdrChecker re-derives them backwards from the command history).
// Covers tPPD, per-bank refresh (tRFCpb) and the rank-to-rank data-bus bubble (tRTRS).
// Leaves out: bank open/closed state and refresh bookkeeping (the controller's).
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "models/dram/ddr_core.hpp"
#include "models/dram/ddr_params.hpp"

namespace sasim {

// A bank as flat indices within one channel: group = rank x bankgroups + bankgroup,
// bank = group x banks_per_group + bank.
struct DdrBankId {
    int rank = 0, group = 0, bank = 0;
};

// Contract: earliest() is the first clock at which command `kind` to `b` meets every timing
// constraint against the commands issue()d so far (REF: against its rank; the caller checks
// the banks are closed). issue() must be called in nondecreasing clock order.
class DdrTimingState {
public:
    explicit DdrTimingState(const DdrParams& p);
    uint64_t earliest(DdrCommand::Kind kind, const DdrBankId& b) const;
    void issue(DdrCommand::Kind kind, uint64_t clk, const DdrBankId& b);

private:
    struct Next {
        uint64_t act = 0, pre = 0, rd = 0, wr = 0, ref = 0, refpb = 0;
    };
    struct FawWindow {  // issue clocks of the last four ACTs of a rank, oldest at `head`
        std::array<uint64_t, 4> clk{};
        int count = 0, head = 0;
    };
    void issue_act(uint64_t t, const DdrBankId& b);
    void issue_pre(uint64_t t, const DdrBankId& b);
    void issue_rd(uint64_t t, const DdrBankId& b);
    void issue_wr(uint64_t t, const DdrBankId& b);
    void issue_refpb(uint64_t t, const DdrBankId& b);
    void note_burst(uint64_t data_end, int rank);
    // With tRTRS, a burst of another rank than the last one starts tRTRS after it ends.
    uint64_t rank_switch(int rank, int64_t latency) const {
        if (last_rank_ < 0 || rank == last_rank_ || p_.tRTRS == 0) return 0;
        const int64_t t = static_cast<int64_t>(last_end_) + p_.tRTRS - latency;
        return t > 0 ? static_cast<uint64_t>(t) : 0;
    }

    DdrParams p_;
    int64_t burst_clk_;  // BL / 2: data clocks of one burst
    std::vector<Next> bank_, group_, rank_;
    std::vector<FawWindow> faw_;
    Next bus_;  // channel-wide: data bus occupancy and read/write turnaround
    uint64_t last_end_ = 0;
    int last_rank_ = -1;  // rank of the last data burst on the bus
};

// Inline: the scheduler asks this for every candidate on every decision.
inline uint64_t DdrTimingState::earliest(DdrCommand::Kind kind, const DdrBankId& b) const {
    const Next& bk = bank_[b.bank];
    const Next& g = group_[b.group];
    const Next& r = rank_[b.rank];
    switch (kind) {
        case DdrCommand::ACT: {
            uint64_t t = std::max({bk.act, g.act, r.act});
            const FawWindow& w = faw_[b.rank];
            if (w.count == 4) t = std::max<uint64_t>(t, w.clk[w.head] + p_.tFAW);
            return t;
        }
        case DdrCommand::PRE:
            return std::max(bk.pre, r.pre);
        case DdrCommand::RD:
            return std::max({bk.rd, g.rd, r.rd, bus_.rd, rank_switch(b.rank, p_.CL)});
        case DdrCommand::WR:
            return std::max({bk.wr, g.wr, r.wr, bus_.wr, rank_switch(b.rank, p_.CWL)});
        case DdrCommand::REF:
            return r.ref;
        case DdrCommand::REFPB:
            return std::max(bk.ref, r.refpb);
    }
    return 0;
}

}  // namespace sasim
