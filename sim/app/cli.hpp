// The command line: `sasim run` (simulate a workload on a config and write the reports; with
// --what-if also the runs without each stall cause), `sweep`, `merge`, `memtest` and
// `config-keys`, each subcommand in its own file and dispatched from cli.cpp. Returns the
// process exit status: 0 success, 1 a finding (a failed check, a failed sweep point), 2 bad
// input (nothing written), 3 an internal error (a bug in sasim: please report it).
#pragma once

namespace sasim {

int cli_main(int argc, char** argv);

}  // namespace sasim
