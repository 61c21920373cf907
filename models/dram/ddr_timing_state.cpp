// Forward timing rules of one channel (see ddr_timing_state.hpp). Each issue() raises the
// earliest clocks of the commands it constrains; earliest() takes the maximum over the bank,
// its group, its rank, the rank's four-activate window and the channel's data bus.
#include "models/dram/ddr_timing_state.hpp"

#include <algorithm>

namespace sasim {
namespace {

// Raise `slot` to clk + delta (delta may be negative: a constraint already met).
void raise(uint64_t& slot, uint64_t clk, int64_t delta) {
    const int64_t v = static_cast<int64_t>(clk) + delta;
    if (v > 0 && static_cast<uint64_t>(v) > slot) slot = static_cast<uint64_t>(v);
}

}  // namespace

DdrTimingState::DdrTimingState(const DdrParams& p)
    : p_(p),
      burst_clk_(p.burst_length / 2),
      bank_(p.ranks * p.bankgroups * p.banks_per_group),
      group_(p.ranks * p.bankgroups),
      rank_(p.ranks),
      faw_(p.ranks) {}

void DdrTimingState::issue(DdrCommand::Kind kind, uint64_t t, const DdrBankId& b) {
    switch (kind) {
        case DdrCommand::ACT:
            issue_act(t, b);
            break;
        case DdrCommand::PRE:
            issue_pre(t, b);
            break;
        case DdrCommand::RD:
            issue_rd(t, b);
            break;
        case DdrCommand::WR:
            issue_wr(t, b);
            break;
        case DdrCommand::REF:
            raise(rank_[b.rank].act, t, p_.tRFC);
            raise(rank_[b.rank].ref, t, p_.tRFC);
            raise(rank_[b.rank].refpb, t, p_.tRFC);
            break;
        case DdrCommand::REFPB:
            issue_refpb(t, b);
            break;
    }
}

void DdrTimingState::issue_act(uint64_t t, const DdrBankId& b) {
    Next& bk = bank_[b.bank];
    raise(bk.act, t, p_.tRC);
    raise(bk.pre, t, p_.tRAS);
    raise(bk.rd, t, p_.tRCD);
    raise(bk.wr, t, p_.tRCD);
    raise(group_[b.group].act, t, p_.tRRD_L);
    raise(rank_[b.rank].act, t, p_.tRRD_S);
    FawWindow& w = faw_[b.rank];
    if (w.count < 4) {
        w.clk[(w.head + w.count++) % 4] = t;
    } else {
        w.clk[w.head] = t;  // overwrite the oldest; the next oldest becomes the head
        w.head = (w.head + 1) % 4;
    }
}

void DdrTimingState::issue_pre(uint64_t t, const DdrBankId& b) {
    raise(bank_[b.bank].act, t, p_.tRP);
    raise(bank_[b.bank].ref, t, p_.tRP);  // REFPB needs the bank precharged for tRP
    raise(rank_[b.rank].ref, t, p_.tRP);  // REF needs every bank precharged for tRP
    raise(rank_[b.rank].pre, t, p_.tPPD);
}

void DdrTimingState::issue_rd(uint64_t t, const DdrBankId& b) {
    raise(bank_[b.bank].pre, t, p_.tRTP);
    raise(group_[b.group].rd, t, p_.tCCD_L);
    raise(rank_[b.rank].rd, t, p_.tCCD_S);
    // Data occupies [t + CL, t + CL + BL/2): the next burst may follow back to back, a write's
    // data (at + CWL) only after one clock of bus turnaround.
    raise(bus_.rd, t, burst_clk_);
    raise(bus_.wr, t, p_.CL + burst_clk_ + 1 - p_.CWL);
    note_burst(t + static_cast<uint64_t>(p_.CL + burst_clk_), b.rank);
}

void DdrTimingState::issue_wr(uint64_t t, const DdrBankId& b) {
    const int64_t data_end = p_.CWL + burst_clk_;
    raise(bank_[b.bank].pre, t, data_end + p_.tWR);
    raise(group_[b.group].wr, t, p_.tCCD_L);
    raise(group_[b.group].rd, t, data_end + p_.tWTR_L);
    raise(rank_[b.rank].wr, t, p_.tCCD_S);
    raise(rank_[b.rank].rd, t, data_end + p_.tWTR_S);
    raise(bus_.wr, t, burst_clk_);
    // Another rank's read: its data (at + CL) must start a turnaround clock after ours ends.
    raise(bus_.rd, t, data_end + 1 - p_.CL);
    note_burst(t + static_cast<uint64_t>(data_end), b.rank);
}

// Per-bank refresh: the bank rests tRFCpb; the rank's next REFPB waits tRRD_L (refreshes of
// two banks are spaced like two ACTs of one bank group) and its next REF waits for this one.
void DdrTimingState::issue_refpb(uint64_t t, const DdrBankId& b) {
    raise(bank_[b.bank].act, t, p_.tRFCpb);
    raise(bank_[b.bank].ref, t, p_.tRFCpb);
    raise(rank_[b.rank].refpb, t, p_.tRRD_L);
    raise(rank_[b.rank].ref, t, p_.tRFCpb);
}

void DdrTimingState::note_burst(uint64_t data_end, int rank) {
    last_end_ = data_end;
    last_rank_ = rank;
}

}  // namespace sasim
