#include "sim/mapping/vector_walker.hpp"

#include <algorithm>
#include <utility>

namespace sasim {

bool VectorWalker::next(ProgramEvent& e) {
    while (q_.empty()) {
        if (tile_ >= plan_.tiles()) return false;
        emit_tile();
    }
    q_.pop(e);
    return true;
}

void VectorWalker::emit_tile() {
    const VectorTile t = plan_.tile(tile_);
    const int64_t wb = plan_.word_bytes();
    const bool first = tile_ == 0, last = tile_ == plan_.tiles() - 1;
    if (first) q_.fill(Operand::filter, plan_.params_bytes(), plan_.params_addr(), tile_);
    q_.fill(Operand::ifmap, t.in * wb, t.in_addr, tile_);
    q_.fill(Operand::filter, t.in2 * wb, t.in2_addr, tile_);
    ProgramEvent e;
    e.kind = ProgramEvent::kStep;
    StepCmd& c = e.step;
    c.unit = ExecUnit::vector;
    c.index = c.fold = tile_;
    c.first_in_fold = c.last_in_fold = true;
    c.stream_cycles = plan_.cycles(t.work);
    c.skew_cycles = plan_.pipeline_cycles();
    q_.stamp(c);
    c.sram_read_bytes[0] = t.in * wb;
    // The affine's parameters are read into the lanes once, with the first tile.
    c.sram_read_bytes[1] = t.in2 * wb + (first ? plan_.params_bytes() : 0);
    c.sram_write_bytes_ofmap = t.out * wb;
    if (t.out > 0) {
        c.store.id = q_.next_store_id();
        c.store.bytes = t.out * wb;
        c.store.addr = t.out_addr;
    }
    q_.push(std::move(e));
    q_.release(Operand::ifmap, t.in * wb);
    q_.release(Operand::filter, t.in2 * wb + (last ? plan_.params_bytes() : 0));
    ++tile_;
}

bool FusedWalker::next(ProgramEvent& e) {
    if (!inner_->next(e)) return false;
    if (e.kind != ProgramEvent::kStep) return true;
    StepCmd& c = e.step;
    if (c.store.id < 0 || c.store.psum) return true;
    const int64_t outputs = c.store.bytes / wb_;
    const int64_t need = (outputs * lane_cycles_ + lanes_ - 1) / lanes_;
    c.fused_cycles = std::max<int64_t>(0, need - (c.stream_cycles + c.skew_cycles));
    return true;
}

}  // namespace sasim
