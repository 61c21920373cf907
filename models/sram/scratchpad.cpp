#include "models/sram/scratchpad.hpp"

namespace sasim {

Scratchpad::Scratchpad(sc_core::sc_module_name name, int64_t capacity_bytes, StatRegistry& stats)
    : sc_module(name),
      socket("socket"),
      capacity_(capacity_bytes),
      dma_write_(stats.add(std::string(this->name()) + ".dma_write_bytes", "B",
                           "bytes the DMA wrote into the scratchpad")),
      dma_read_(stats.add(std::string(this->name()) + ".dma_read_bytes", "B",
                          "bytes the DMA read out of the scratchpad")),
      array_read_(stats.add(std::string(this->name()) + ".array_read_bytes", "B",
                            "bytes the array read")),
      array_write_(stats.add(std::string(this->name()) + ".array_write_bytes", "B",
                             "bytes the array wrote")) {
    socket.register_b_transport(this, &Scratchpad::b_transport);
}

void Scratchpad::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
    const int64_t bytes = trans.get_data_length();
    (trans.get_command() == tlm::TLM_WRITE_COMMAND ? dma_write_ : dma_read_).add(bytes);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace sasim
