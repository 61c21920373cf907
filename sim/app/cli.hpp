// The command line: `sasim run` (simulate a workload on a config and write the reports) and
// `sasim config-keys`. Returns the process exit status: 0 success, 2 bad input.
#pragma once

namespace sasim {

int cli_main(int argc, char** argv);

}  // namespace sasim
