#!/usr/bin/env bash
# Sets up, builds and runs AlexNet on the default accelerator, printing the per-layer report.
# Extra arguments go to `sasim run` (e.g. --set array.rows=64).
set -euo pipefail
cd "$(dirname "$0")/.."
SASIM_TARGETS=sasim scripts/setup.sh  # only the program: the tests build with scripts/test.sh
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
build/sasim run "$@"
