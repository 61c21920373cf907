#include "models/sram/scratchpad.hpp"

#include <algorithm>

namespace sasim {

Scratchpad::Scratchpad(sc_core::sc_module_name name, const SramParams& p, StatRegistry& stats)
    : sc_module(name),
      port_bytes_(p.banks * p.bank_width_bytes),
      ports_(p.ports_per_bank),
      dma_write_(stats.add(std::string(this->name()) + ".dma_write_bytes", "B",
                           "bytes the DMA wrote into the scratchpad")),
      dma_read_(stats.add(std::string(this->name()) + ".dma_read_bytes", "B",
                          "bytes the DMA read out of the scratchpad")),
      array_read_(
          stats.add(std::string(this->name()) + ".array_read_bytes", "B", "bytes the array read")),
      array_write_(stats.add(std::string(this->name()) + ".array_write_bytes", "B",
                             "bytes the array wrote")),
      conflict_(stats.add(std::string(this->name()) + ".conflict_cycles", "cycles",
                          "cycles the array waited because the bank ports were oversubscribed")) {}

int64_t Scratchpad::cycles_needed(int64_t read_bytes, int64_t write_bytes) const {
    if (port_bytes_ == 0) return 0;
    auto cycles = [&](int64_t b) { return (b + port_bytes_ - 1) / port_bytes_; };
    return ports_ == 1 ? cycles(read_bytes + write_bytes)
                       : std::max(cycles(read_bytes), cycles(write_bytes));
}

}  // namespace sasim
