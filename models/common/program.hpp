// The command program the controller, the DMA and the array execute: per layer, a sequence of
// events in program order. A step is a slice of one fold execution's streamed extent (the first
// step of a fold also shifts the stationary operand in, the last one drains the pipeline); the
// fills before a step are the tiles it is the first to need (DRAM -> scratchpad, each holding
// its bytes of the scratchpad until a release gives them back); a step may end with a store
// (scratchpad -> DRAM: outputs or spilled partial sums), whose bytes of the ofmap scratchpad
// are taken before the step and given back when the store completes.
//
// Contract: walk(i) returns a fresh walker over layer i; every walker of a layer yields the
// same events (the controller and the unit that runs the layer each walk the program on their
// own). A layer runs on one unit (LayerInfo::unit): the array (conv, fc, matmul) or the vector
// unit (the other layer types: a step is one tile, its lane cycles in stream_cycles and its
// pipeline cycles in skew_cycles; the same fills, releases and stores as the array's). Fill ids and
// store ids count from 0 per layer in program order; a step waits for the fills yielded since
// the step before it; a fill with after_store >= 0 is issued only after that store completed.
#pragma once
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "models/common/addr.hpp"
#include "models/common/operand.hpp"

namespace sasim {

// Which unit runs a layer's steps.
enum class ExecUnit { array, vector };

struct FillCmd {
    int64_t id = 0;
    Operand op = Operand::ifmap;  // the scratchpad it lands in (ofmap: partial sums read back)
    int64_t bytes = 0;            // scratchpad bytes taken, = DRAM bytes read
    int64_t need = 0;             // index of the step that first needs it
    int64_t after_store = -1;     // store id a partial-sum read-back waits for (-1: none)
    // An ifmap fill of the previous layer's output kept on chip (network.keep_ofmap): copied
    // from the ofmap scratchpad on the on-chip path, not read from DRAM.
    bool on_chip = false;
    AddrList addr;
};

struct ReleaseCmd {
    Operand op = Operand::ifmap;
    int64_t bytes = 0;  // scratchpad bytes given back (tiles no later step reads)
};

struct StoreCmd {
    int64_t id = -1;  // -1: the step stores nothing
    int64_t bytes = 0;
    bool psum = false;  // partial sums spilled for a later read-back (else final outputs)
    // Final outputs kept in the ofmap scratchpad for the next layer (network.keep_ofmap): not
    // written to DRAM; their space stays taken until the next layer ends.
    bool kept = false;
    AddrList addr;
};

struct StepCmd {
    ExecUnit unit = ExecUnit::array;  // the controller sends the step to this unit's queue
    int64_t index = 0;                // position in the layer's step sequence
    int64_t fold = 0;                 // fold execution number within the layer (all groups)
    bool first_in_fold = false;
    bool last_in_fold = false;
    int64_t load_cycles = 0;    // first step of a fold: shifting the stationary operand in
    int64_t stream_cycles = 0;  // MAC cycles of this step
    int64_t skew_cycles = 0;    // last step of a fold: pipeline fill + drain
    // An activation fused into the array's drain (vector.fuse_activation) that the vector
    // unit's lanes cannot apply to this step's outputs within its stream + skew cycles: the
    // cycles the array waits after the step for it (0 when it keeps up).
    int64_t fused_cycles = 0;
    int64_t fills = 0;  // fills yielded since the previous step: waited for first
    Operand fill_op[kOperands] = {Operand::ifmap, Operand::ifmap, Operand::ifmap};  // theirs
    StoreCmd store;                                  // after the step
    int64_t sram_read_bytes[kOperands] = {0, 0, 0};  // read by the array
    int64_t sram_write_bytes_ofmap = 0;              // outputs / partial sums written by the array
    // Scratchpad bytes given back after the step (the controller gathers the releases the
    // program yields after it).
    int64_t release[kOperands] = {0, 0, 0};
};

struct ProgramEvent {
    enum Kind { kFill, kRelease, kStep } kind = kStep;
    FillCmd fill;
    ReleaseCmd release;
    StepCmd step;
};

// sc_fifo<StepCmd> needs a printer (for sc_fifo::print / dump).
inline std::ostream& operator<<(std::ostream& os, const StepCmd& c) {
    return os << "step " << c.index << " fold " << c.fold;
}

struct LayerInfo {
    ExecUnit unit = ExecUnit::array;
    std::string name;
    std::string type;
    std::string mapping;  // the chosen mapping (a vector layer: its tiles), as layers.csv shows it
    int64_t macs = 0;
    int64_t folds = 0;  // fold executions
    int64_t steps = 0;
    int64_t groups = 1;
    // Bytes of each scratchpad the fills and stores may take (the ofmap scratchpad's partial-sum
    // accumulators are set aside for the whole layer).
    int64_t capacity[kOperands] = {0, 0, 0};
    // Of the ofmap scratchpad, what partial-sum read-backs must leave free: the largest store,
    // so that the array can always take its next output buffer once earlier stores drain.
    int64_t store_reserve = 0;
    // network.keep_ofmap: bytes of this layer's ifmap read from the previous layer's output kept
    // on chip (held in the ofmap scratchpad outside `capacity`), and of its own outputs kept
    // for the next layer (taken within `capacity` as its stores complete).
    int64_t kept_in = 0, kept_out = 0;
};

class ProgramWalker {
public:
    virtual ~ProgramWalker() = default;
    virtual bool next(ProgramEvent& e) = 0;  // false once the layer's events are over
};

class Program {
public:
    virtual ~Program() = default;
    virtual int64_t num_layers() const = 0;
    virtual const LayerInfo& layer(int64_t i) const = 0;
    virtual std::unique_ptr<ProgramWalker> walk(int64_t i) const = 0;
};

}  // namespace sasim
