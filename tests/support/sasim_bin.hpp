// The sasim executable under test, for tests that run it as a subprocess. CMake passes its path
// as a compile definition and builds it before the test binaries.
#pragma once
#include <string>

namespace sasim {

inline std::string sasim_bin() { return SASIM_BIN_PATH; }

}  // namespace sasim
