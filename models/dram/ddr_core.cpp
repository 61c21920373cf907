// DdrDram: validates the parameters, maps addresses to channels and forwards to one
// DdrChannel controller per channel; completions of all channels come back sorted by clock.
// The independent DdrChecker lives in ddr_checker.cpp.
#include "models/dram/ddr_core.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/dram/ddr_address_map.hpp"
#include "models/dram/ddr_channel.hpp"

namespace sasim {
namespace {

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("DDR parameters: " + what);
}

void validate(const DdrParams& p) {
    require(p.channels > 0 && p.ranks > 0 && p.bankgroups > 0 && p.banks_per_group > 0 &&
                p.rows > 0 && p.columns > 0,
            "channels, ranks, bankgroups, banks_per_group, rows and columns must be >= 1");
    require(p.bus_bits >= 8 && p.bus_bits % 8 == 0, "bus_bits must be a positive multiple of 8");
    require(
        p.burst_length >= 2 && p.burst_length % 2 == 0,
        "burst_length must be even (two beats per clock), got " + std::to_string(p.burst_length));
    require(p.tck_ns > 0, "tck_ns must be > 0");
    for (int64_t t : {p.CL, p.CWL, p.tRCD, p.tRP, p.tRAS, p.tRC, p.tCCD_S, p.tCCD_L, p.tRRD_S,
                      p.tRRD_L, p.tFAW, p.tWR, p.tWTR_S, p.tWTR_L, p.tRTP, p.tRFC})
        require(t >= 0, "timings must be >= 0");
    require(p.tREFI > 0, "tREFI must be >= 1");
    require(p.read_queue > 0 && p.write_queue > 0, "read_queue and write_queue must be >= 1");
    require(p.write_low_watermark >= 0 && p.write_low_watermark < p.write_high_watermark &&
                p.write_high_watermark <= p.write_queue,
            "need 0 <= write_low_watermark < write_high_watermark <= write_queue, got " +
                std::to_string(p.write_low_watermark) + " / " +
                std::to_string(p.write_high_watermark) + " / " + std::to_string(p.write_queue));
    require(p.tRTRS >= 0 && p.tPPD >= 0 && p.tRFCpb >= 0, "tRTRS, tPPD and tRFCpb must be >= 0");
    require(p.command_queue >= 0 && p.queue_moves_per_clk >= 1 && p.row_hit_cap >= 0,
            "command_queue and row_hit_cap must be >= 0, queue_moves_per_clk >= 1");
    require(p.refresh_owed_max >= 1, "refresh_owed_max must be >= 1");
    require(p.scheduler == SchedulerKind::frfcfs || p.command_queue > 0,
            "the round-robin scheduler needs command queues (command_queue >= 1)");
    require(p.refresh_policy != RefreshPolicy::per_bank || p.tRFCpb >= 1,
            "per-bank refresh needs tRFCpb >= 1");
    require(p.tREFI / p.refresh_units() >= 1, "tREFI must be at least the number of refresh units");
    require(p.write_drain != WriteDrain::when_full || p.posted_writes,
            "write_drain when_full needs posted_writes (a write that waits for the queue to "
            "fill must still complete)");
}

const DdrParams& validated(const DdrParams& p) {
    validate(p);
    return p;
}

}  // namespace

struct DdrDram::Impl {
    explicit Impl(const DdrParams& params) : p(validated(params)), map(params) {
        for (int c = 0; c < p.channels; ++c)
            channels.push_back(std::make_unique<DdrChannel>(p, c, stats));
    }
    DdrParams p;
    DdrAddressMap map;
    DdrStats stats;
    std::vector<std::unique_ptr<DdrChannel>> channels;
    std::function<void(const DdrCommand&)> observer;
    std::vector<size_t> runs;           // scratch of run_until
    std::vector<DdrCompletion> merged;  // scratch of sort_completions
    uint64_t seq = 0;
};

DdrDram::DdrDram(const DdrParams& p) : impl_(std::make_unique<Impl>(p)) {}

DdrDram::~DdrDram() = default;

int64_t DdrDram::burst_bytes() const { return impl_->p.burst_bytes(); }

bool DdrDram::can_accept(uint64_t addr, bool write) const {
    return impl_->channels[impl_->map.channel(addr)]->can_accept(write);
}

void DdrDram::enqueue(uint64_t id, uint64_t addr, bool write, uint64_t arrival_clk) {
    const DdrParams& p = impl_->p;
    const DdrAddress a = impl_->map.decode(addr);
    DdrRequest r;
    r.id = id;
    r.arrival = arrival_clk;
    r.seq = impl_->seq++;
    r.addr = addr >> impl_->map.offset_bits();
    r.row = a.row;
    r.column = a.column;
    r.write = write;
    r.bank.rank = a.rank;
    r.bank.group = static_cast<int>(a.rank * p.bankgroups + a.bankgroup);
    r.bank.bank = static_cast<int>(r.bank.group * p.banks_per_group + a.bank);
    DdrChannel& ch = *impl_->channels[a.channel];
    if (!ch.can_accept(write)) throw std::logic_error("DdrDram::enqueue: queue full");
    ch.enqueue(r);
}

int DdrDram::channel_of(uint64_t addr) const { return impl_->map.channel(addr); }

uint64_t DdrDram::next_queue_change_clk(int channel) const {
    return impl_->channels[channel]->next_queue_change_clk();
}

void DdrDram::run_channel_until(int channel, uint64_t clk) {
    DdrChannel& ch = *impl_->channels[channel];
    if (!ch.skip_quiet(clk)) ch.run_until(clk);
}

void DdrDram::run_until(uint64_t clk, std::vector<DdrCompletion>& done) {
    const size_t first = done.size();
    std::vector<size_t>& runs = impl_->runs;  // starts of runs, each in completion order
    runs.clear();
    for (auto& ch : impl_->channels) {
        if (!ch->skip_quiet(clk)) ch->run_until(clk);
        if (ch->next_done() < clk) ch->take_completions(clk, done, runs);
    }
    sort_completions(done, first, runs, impl_->merged);
}

// Each channel reports its reads, then its writes, then its early completions, each run in
// clock order: merge the runs pairwise into one order by clock (then id). Ids are unique, so
// every correct sort gives the same order.
void DdrDram::sort_completions(std::vector<DdrCompletion>& done, size_t first,
                               std::vector<size_t>& runs, std::vector<DdrCompletion>& merged) {
    auto before = [](const DdrCompletion& a, const DdrCompletion& b) {
        return a.done_clk != b.done_clk ? a.done_clk < b.done_clk : a.id < b.id;
    };
    const size_t n = done.size() - first;
    if (n < 2) return;
    if (n <= 32) {  // the usual few: insertion sort, no merge buffer to allocate
        for (size_t i = first + 1; i < done.size(); ++i) {
            const DdrCompletion c = done[i];
            size_t j = i;
            for (; j > first && before(c, done[j - 1]); --j) done[j] = done[j - 1];
            done[j] = c;
        }
        return;
    }
    for (size_t r = 0; r < runs.size(); ++r) {  // runs sorted by clock; ties by id are usual
        const size_t end = r + 1 < runs.size() ? runs[r + 1] : done.size();
        if (!std::is_sorted(done.begin() + runs[r], done.begin() + end, before)) {
            std::sort(done.begin() + first, done.end(), before);
            return;
        }
    }
    runs.push_back(done.size());
    while (runs.size() > 2) {
        size_t out = 0;
        for (size_t r = 0; r + 2 < runs.size(); r += 2) {
            const auto a = done.begin() + runs[r], m = done.begin() + runs[r + 1],
                       e = done.begin() + runs[r + 2];
            merged.resize(static_cast<size_t>(e - a));
            std::merge(a, m, m, e, merged.begin(), before);
            std::copy(merged.begin(), merged.end(), a);
            runs[out++] = runs[r];
        }
        if (runs.size() % 2 == 0) runs[out++] = runs[runs.size() - 2];
        runs[out++] = runs.back();
        runs.resize(out);
    }
}

uint64_t DdrDram::next_event_clk() const {
    uint64_t t = UINT64_MAX;
    for (const auto& ch : impl_->channels) t = std::min(t, ch->next_event_clk());
    return t;
}

uint64_t DdrDram::next_completion_bound() const {
    uint64_t t = UINT64_MAX;
    for (const auto& ch : impl_->channels) t = std::min(t, ch->next_completion_bound());
    return t;
}

bool DdrDram::idle() const {
    return std::all_of(impl_->channels.begin(), impl_->channels.end(),
                       [](const auto& ch) { return ch->idle(); });
}

// The ranks' background clocks are brought up to the clock each channel ran to.
const DdrStats& DdrDram::stats() const {
    for (auto& ch : impl_->channels) ch->flush_rank_clocks();
    return impl_->stats;
}

void DdrDram::set_command_observer(std::function<void(const DdrCommand&)> f) {
    impl_->observer = std::move(f);
    for (auto& ch : impl_->channels) ch->set_observer(&impl_->observer);
}

double DdrDram::peak_gbps() const {
    const DdrParams& p = impl_->p;
    return static_cast<double>(p.channels * p.bus_bits / 8 * 2) / p.tck_ns;
}

}  // namespace sasim
