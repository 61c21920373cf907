// DdrChecker's command history (private to ddr_checker*.cpp): per bank, bank group, rank and
// channel, the last clock of each command kind, kept in the checker's own form (backward
// checks from the history) so that a slip in the controller's forward timing state
// (ddr_timing_state.cpp) is not repeated here.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "models/dram/ddr_core.hpp"

namespace sasim::checker_detail {

constexpr int64_t kNever = INT64_MIN / 4;  // "no such command yet": every gap from it is huge

struct BankHist {
    bool open = false;
    int64_t row = -1;
    int64_t act = kNever, pre = kNever, rd = kNever, wr = kNever, refpb = kNever;
    int64_t refreshed = 0;  // last REF of its rank or REFPB of it (time starts at clock 0)
};

struct Burst {
    int64_t start, end;  // data clocks [start, end)
    bool write;
    int rank;
};

struct RankHist {
    std::deque<int64_t> acts;  // recent ACT clocks (last four kept)
    int64_t ref = kNever, refpb = kNever, pre = kNever;
};

struct ChannelHist {
    int64_t last_clk = kNever;
    int row_cmds = 0, col_cmds = 0;           // commands issued at last_clk, by kind
    std::vector<BankHist> banks;              // rank-major, then bank group, then bank
    std::vector<int64_t> group_rd, group_wr;  // per bank group: last RD / WR of any of its banks
    std::vector<RankHist> ranks;
    std::deque<Burst> bursts;  // recent data bursts on the bus
};

}  // namespace sasim::checker_detail

namespace sasim {

using namespace checker_detail;

struct DdrChecker::Impl {
    explicit Impl(const DdrParams& params) : p(params), burst(params.burst_length / 2) {
        per_rank = static_cast<int>(p.bankgroups * p.banks_per_group);
        ch.resize(p.channels);
        for (ChannelHist& c : ch) {
            c.banks.resize(p.ranks * per_rank);
            c.group_rd.assign(p.ranks * p.bankgroups, kNever);
            c.group_wr.assign(p.ranks * p.bankgroups, kNever);
            c.ranks.resize(p.ranks);
        }
    }
    // The command at c.clk must come at least `need` clocks after the earlier one at `since`
    // (inline: it passes on almost every call; a failure is formatted out of line).
    void check(const DdrCommand& c, const char* rule, int64_t since, int64_t need,
               const char* what) {
        if (since != kNever && static_cast<int64_t>(c.clk) - since < need)
            broke(c, rule, since, need, what);
    }
    void broke(const DdrCommand& c, const char* rule, int64_t since, int64_t need,
               const char* what);
    void report(const DdrCommand& c, const std::string& msg);
    bool valid_target(const DdrCommand& c);
    void check_order(const DdrCommand& c, ChannelHist& h);
    void on_act(const DdrCommand& c, ChannelHist& h);
    void on_pre(const DdrCommand& c, ChannelHist& h);
    void on_column(const DdrCommand& c, ChannelHist& h);
    void on_ref(const DdrCommand& c, ChannelHist& h);
    void on_refpb(const DdrCommand& c, ChannelHist& h);
    void check_bus(const DdrCommand& c, ChannelHist& h, bool write);
    void finish(uint64_t end_clk);
    BankHist& bank(ChannelHist& h, int rank, int bg, int ba) {
        return h.banks[(rank * p.bankgroups + bg) * p.banks_per_group + ba];
    }

    DdrParams p;
    int64_t burst;
    int per_rank = 0;
    std::vector<ChannelHist> ch;
    std::vector<std::string> violations;
};

}  // namespace sasim
