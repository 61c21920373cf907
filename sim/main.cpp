// Entry point: libsystemc defines main() and calls sc_main().
#include <systemc>

#include "sim/cli.hpp"

int sc_main(int argc, char* argv[]) { return sasim::cli_main(argc, argv); }
