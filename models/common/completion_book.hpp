// Completions of one kind of DMA request (fills, or stores), keyed by request id, shared by
// SystemC threads: whether a key's transfer was issued and completed, and when. Waits block the
// calling SC_THREAD.
//
// Memory stays bounded by what is in flight, not by how many keys a layer has:
//  - Keys are issued in increasing order (issue(), called when a transfer becomes the front of
//    its DMA stream); a key is done once issued and set_done. Only issued keys not yet done are
//    listed, so a key at or below the latest issued one and not listed is done.
//  - A completion's details are kept only while they can still matter: while it lies ahead of
//    the current time, or for a waiter that blocked on the key and has not woken yet. A caller
//    that asks later, at or after the completion time, gets {now, 0, 0}; for a waiter that did
//    not block this is equivalent (the transfer is already over: nothing to wait for, nothing
//    to charge), and a blocked waiter always gets the real completion.
//  - wait_done_through() returns the completion with the latest time among all keys since
//    clear() (ties: the larger key), so "when did everything end" needs no per-key record.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <stdexcept>
#include <string>
#include <systemc>
#include <utility>
#include <vector>

#include "models/common/transfer.hpp"

namespace sasim {

class CompletionBook {
public:
    // A transfer for `key` is in progress (keys increase; set_done() issues a key implicitly).
    void issue(int64_t key) {
        if (key <= issued_)
            throw std::logic_error("CompletionBook: key " + std::to_string(key) + " issued after key " +
                                   std::to_string(issued_));
        issued_ = key;
        pending_.insert(key);
    }
    void set_done(int64_t key, const TransferDone& d) {
        prune();
        if (key > issued_) issue(key);
        pending_.erase(key);
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        int waiters = 0;
        if (auto w = waiting_.find(key); w != waiting_.end()) {
            waiters = w->second;
            waiting_.erase(w);
        }
        if (waiters > 0 || d.at > now) {
            kept_[key] = Kept{d, waiters};
            if (d.at > now) expiry_.emplace(d.at, key);
        }
        if (latest_key_ < 0 || d.at > latest_.at || (d.at == latest_.at && key > latest_key_)) {
            latest_ = d;
            latest_key_ = key;
        }
        done_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    int64_t issued() const { return issued_; }  // the latest issued key (-1: none)
    bool is_done(int64_t key) const { return key <= issued_ && pending_.count(key) == 0; }
    // Blocks until `key` is done; returns its completion (its time may be ahead).
    TransferDone wait_done(int64_t key) {
        prune();
        if (is_done(key)) return known(key);
        ++waiting_[key];
        do sc_core::wait(done_ev_);
        while (!is_done(key));
        auto it = kept_.find(key);
        if (it == kept_.end()) return known(key);  // only after a clear() in between
        const TransferDone d = it->second.info;
        if (--it->second.waiters == 0 && d.at <= sc_core::sc_time_stamp()) kept_.erase(it);
        return d;
    }
    // Blocks until every key up to `key` is issued and done; returns the completion with the
    // latest time since clear() (ties: the larger key).
    TransferDone wait_done_through(int64_t key) {
        while (!(issued_ >= key && (pending_.empty() || *pending_.begin() > key)))
            sc_core::wait(done_ev_);
        return latest_;
    }

    void clear() {
        issued_ = -1;
        pending_.clear();
        kept_.clear();
        expiry_ = {};
        latest_ = TransferDone{};
        latest_key_ = -1;
    }
    // Per-key records held (for tests: bounded by transfers in flight and blocked waiters).
    size_t records() const { return pending_.size() + kept_.size() + waiting_.size(); }

private:
    struct Kept {
        TransferDone info;
        int waiters = 0;  // blocked waiters that have not picked the completion up yet
    };
    // A done key's completion: the kept one, or (over by now) {now, 0, 0}.
    TransferDone known(int64_t key) const {
        auto it = kept_.find(key);
        if (it != kept_.end()) return it->second.info;
        return TransferDone{sc_core::sc_time_stamp()};
    }
    // Forget completions that are over and that no blocked waiter still has to pick up.
    void prune() {
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        while (!expiry_.empty() && expiry_.top().first <= now) {
            auto it = kept_.find(expiry_.top().second);
            if (it != kept_.end() && it->second.waiters == 0 && it->second.info.at <= now)
                kept_.erase(it);
            expiry_.pop();
        }
    }

    int64_t issued_ = -1;    // latest issued key
    std::set<int64_t> pending_;
    std::map<int64_t, Kept> kept_;
    std::map<int64_t, int> waiting_;  // keys not yet done -> blocked waiters
    using Expiry = std::pair<sc_core::sc_time, int64_t>;
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiry_;
    TransferDone latest_;
    int64_t latest_key_ = -1;
    sc_core::sc_event done_ev_;
};

}  // namespace sasim
