// What both program walkers (walker.hpp, vector_walker.hpp) share: the events produced and not
// yet handed out, in order, and their numbering — fill ids and store ids in program order, and
// which fills came since the last step (the fills a step waits for, StepCmd::fills/fill_op).
#pragma once
#include <cstdint>
#include <deque>
#include <utility>

#include "models/common/program.hpp"

namespace sasim {

class EventQueue {
public:
    // A fill of `bytes` (none if <= 0) needed by step `need`; after_store >= 0: issued only
    // once that store completed (a partial-sum read-back).
    void fill(Operand o, int64_t bytes, AddrList addr, int64_t need, int64_t after_store = -1) {
        if (bytes <= 0) return;
        ProgramEvent e;
        e.kind = ProgramEvent::kFill;
        e.fill.id = fill_id_++;
        e.fill.op = o;
        e.fill.bytes = bytes;
        e.fill.need = need;
        e.fill.after_store = after_store;
        e.fill.addr = std::move(addr);
        pending_.push_back(std::move(e));
        if (fills_since_step_ < kOperands) fill_ops_[fills_since_step_] = o;
        ++fills_since_step_;
    }
    void release(Operand o, int64_t bytes) {
        if (bytes <= 0) return;
        ProgramEvent e;
        e.kind = ProgramEvent::kRelease;
        e.release.op = o;
        e.release.bytes = bytes;
        pending_.push_back(std::move(e));
    }
    // The step waits for the fills queued since the last step.
    void stamp(StepCmd& c) {
        c.fills = fills_since_step_;
        for (int i = 0; i < kOperands; ++i) c.fill_op[i] = fill_ops_[i];
        fills_since_step_ = 0;
    }
    int64_t next_store_id() { return store_id_++; }
    void push(ProgramEvent e) { pending_.push_back(std::move(e)); }
    bool empty() const { return pending_.empty(); }
    void pop(ProgramEvent& e) {
        e = std::move(pending_.front());
        pending_.pop_front();
    }

private:
    std::deque<ProgramEvent> pending_;
    int64_t fill_id_ = 0, store_id_ = 0, fills_since_step_ = 0;
    Operand fill_ops_[kOperands] = {Operand::ifmap, Operand::ifmap, Operand::ifmap};
};

}  // namespace sasim
