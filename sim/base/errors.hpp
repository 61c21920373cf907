// Errors caused by user input. main() prints what() and exits with status 2.
#pragma once
#include <stdexcept>
#include <string>

namespace sasim {

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace sasim
