// Entry point. We define main() ourselves (it takes precedence over libsystemc's) only to
// silence the kernel's banner, which it prints before sc_main() runs, then hand over.
#include <cstdlib>
#include <systemc>

#include "sim/app/cli.hpp"

int sc_main(int argc, char* argv[]) { return sasim::cli_main(argc, argv); }

int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
