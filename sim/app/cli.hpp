// The command line: `sasim run` (simulate a workload on a config and write the reports; with
// --what-if also the runs without each stall cause), `map`, `sweep`, `merge`, `memtest` and
// `config-keys`, each subcommand in its own file and dispatched from cli.cpp. Returns the
// process exit status: 0 success, 1 a finding (a failed check, a failed sweep point), 2 bad
// input (nothing written), 3 an internal error (a bug in sasim: please report it).
#pragma once
#include <string>
#include <vector>

namespace boost::program_options {
class options_description;
}

namespace sasim {

int cli_main(int argc, char** argv);

// A shipped file (configs/..., workloads/...): relative to the working directory if it is
// there, else to the source tree.
std::string shipped(const std::string& rel);

// The options `run` and `map` share: which design (--config, --set) runs which workload.
struct DesignArgs {
    std::string config, workload;
    std::vector<std::string> sets;
};
void add_design_options(boost::program_options::options_description& d, DesignArgs& a);
// After parsing: the shipped default config and workload where none was given.
void default_design(DesignArgs& a);

}  // namespace sasim
