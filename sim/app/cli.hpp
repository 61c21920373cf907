// The command line: `sasim run` (simulate a workload on a config and write the reports; with
// --what-if also the runs without each stall cause), `map`, `sweep`, `merge`, `memtest` and
// `config-keys`, each subcommand in its own file and dispatched from cli.cpp. Returns the
// process exit status: 0 success, 1 a finding (a failed check, a failed sweep point), 2 bad
// input (nothing written), 3 an internal error (a bug in sasim: please report it).
#pragma once
#include <string>

namespace sasim {

int cli_main(int argc, char** argv);

// A shipped file (configs/..., workloads/...): relative to the working directory if it is
// there, else to the source tree.
std::string shipped(const std::string& rel);

}  // namespace sasim
