// A TLM-2.0 memory manager: generic payloads reused from a free list. The initiator takes one
// with allocate() and acquire()s it; every module that keeps it past a call acquire()s and
// release()s it; the last release() returns it here. Each payload carries one TransferInfo.
#pragma once
#include <memory>
#include <tlm>
#include <vector>

#include "models/common/transfer.hpp"

namespace sasim {

class PayloadPool : public tlm::tlm_mm_interface {
public:
    ~PayloadPool() override {
        for (tlm::tlm_generic_payload* p : all_) delete p;  // frees its extension too
    }
    tlm::tlm_generic_payload* allocate() {
        if (free_.empty()) {
            auto* p = new tlm::tlm_generic_payload(this);
            p->set_extension(new TransferInfo);
            all_.push_back(p);
            return p;
        }
        tlm::tlm_generic_payload* p = free_.back();
        free_.pop_back();
        return p;
    }
    void free(tlm::tlm_generic_payload* p) override { free_.push_back(p); }
    size_t payloads() const { return all_.size(); }

private:
    std::vector<tlm::tlm_generic_payload*> all_, free_;
};

}  // namespace sasim
