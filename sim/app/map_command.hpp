// `sasim map [--config FILE.toml] [--workload FILE.csv] [--set key=value]... [--max-rows N]`:
// per layer, the mappings the mapper priced (analytical cost, cheapest first, the chosen one
// marked '*'), then the chosen mapping simulated beside its estimate (cycles, DRAM bytes per
// operand). Takes argv starting at "map"; exit status 0, or 2 for bad input (as `sasim run`).
#pragma once

namespace sasim {

int map_command(int argc, char** argv);

}  // namespace sasim
