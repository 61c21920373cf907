#include "models/dma/dma_core.hpp"

#include <algorithm>
#include <stdexcept>

namespace sasim {

const char* to_string(DmaStream s) {
    switch (s) {
        case DmaStream::ifmap_fill:
            return "ifmap_fill";
        case DmaStream::filter_fill:
            return "filter_fill";
        case DmaStream::psum_fill:
            return "psum_fill";
        case DmaStream::ofmap_drain:
            break;
    }
    return "ofmap_drain";
}

DmaCore::DmaCore(int64_t packet_bytes, int64_t max_outstanding)
    : packet_bytes_(packet_bytes), max_outstanding_(max_outstanding) {}

DmaCore::Key DmaCore::key_of(int64_t handle, const DmaRequest& r) const {
    return {r.priority, r.write() ? 0 : 1, handle};
}

int64_t DmaCore::push(DmaRequest r, uint64_t now_fs) {
    const int64_t h = next_handle_++;
    Live& l = live_[h];
    l.req = std::move(r);
    l.queued_fs = now_fs;
    l.left = total_bytes(l.req.addr);
    if (l.left != l.req.bytes)
        throw std::logic_error("DmaCore: request bytes differ from its addresses' bytes");
    ready_.insert(key_of(h, l.req));
    if (!l.req.early) ++live_now_;
    return h;
}

void DmaCore::expedite_stores(int64_t id, int64_t priority) {
    for (auto& [h, l] : live_) {
        if (!l.req.write() || l.req.id > id || l.req.priority <= priority) continue;
        const bool queued = l.left > 0;
        if (queued) ready_.erase(key_of(h, l.req));
        l.req.priority = priority;
        if (queued) ready_.insert(key_of(h, l.req));
    }
}

void DmaCore::promote_early() {
    for (auto& [h, l] : live_) {
        if (!l.req.early) continue;
        const bool queued = l.left > 0;
        if (queued) ready_.erase(key_of(h, l.req));
        l.req.priority = l.req.need;
        l.req.early = false;
        ++live_now_;
        if (queued) ready_.insert(key_of(h, l.req));
    }
}

DmaPacket DmaCore::next_packet() {
    const int64_t h = std::get<2>(*ready_.begin());
    Live& l = live_.at(h);
    const AddrPattern* p = &l.req.addr[l.pattern];
    while (p->run == 0 || l.run >= p->runs()) {  // skip empty patterns
        ++l.pattern;
        l.run = l.offset = 0;
        p = &l.req.addr[l.pattern];
    }
    const int64_t i0 = l.run % p->count[0], i1 = (l.run / p->count[0]) % p->count[1];
    const int64_t i2 = l.run / (p->count[0] * p->count[1]);
    const uint64_t addr = p->base +
                          static_cast<uint64_t>(i0 * p->stride[0] + i1 * p->stride[1] +
                                                i2 * p->stride[2] + l.offset);
    const uint64_t pb = static_cast<uint64_t>(packet_bytes_);
    const int64_t to_boundary = static_cast<int64_t>(pb - addr % pb);
    const int64_t bytes = std::min(p->run - l.offset, to_boundary);
    const bool first = l.left == l.req.bytes;
    l.offset += bytes;
    if (l.offset == p->run) {
        l.offset = 0;
        if (++l.run == p->runs()) {
            l.run = 0;
            ++l.pattern;
        }
    }
    l.left -= bytes;
    ++l.pending;
    ++outstanding_;
    if (l.req.early) ++early_out_, ++l.early_pending;
    if (l.left == 0) ready_.erase(ready_.begin());
    return DmaPacket{h,     addr, bytes, l.req.stream, l.req.write(), first, l.req.id,
                     l.req.ahead_book, l.req.early};
}

bool DmaCore::complete(int64_t handle, const sc_core::sc_time& at,
                       TransferDone& done, DmaRequest& req) {
    auto it = live_.find(handle);
    if (it == live_.end()) throw std::logic_error("DmaCore: completion of an unknown request");
    Live& l = it->second;
    --outstanding_;
    --l.pending;
    if (l.early_pending > 0) --l.early_pending, --early_out_;
    if (at > l.done.at) l.done.at = at;
    if (l.pending > 0 || l.left > 0) return false;
    done = l.done;
    if (!l.req.early) --live_now_;
    req = std::move(l.req);
    live_.erase(it);
    return true;
}

}  // namespace sasim
