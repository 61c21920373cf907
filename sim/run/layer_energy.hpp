// Energy and area from the config and the counters (models/energy prices them): which counter
// feeds which count, and the design as the energy model sees it.
#pragma once

#include "models/common/stats.hpp"
#include "models/energy/energy_model.hpp"
#include "sim/config/config.hpp"
#include "sim/run/layer_result.hpp"
#include "sim/run/results.hpp"

namespace sasim {

EnergyDesign energy_design(const Config& c);

// Fills r.energy and r.power_mw; needs r's scratchpad byte columns filled in first.
void set_layer_energy(LayerResult& r, const LayerPlan& plan, const LayerSpan& span,
                      const Config& c);

}  // namespace sasim
