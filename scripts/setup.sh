#!/usr/bin/env bash
# Installs what sasim needs from Debian's packages (idempotent), then configures and builds
# into build/. Run as root on Debian 12. Usage: scripts/setup.sh [extra cmake args]
set -euo pipefail
cd "$(dirname "$0")/.."

# What building and running sasim (and plotting its reports) needs; the test command's own
# packages (real-network exports, cluster and fuzz tests) are in scripts/setup_test.sh.
packages=(cmake ninja-build g++ pkg-config libsystemc-dev catch2 libboost-dev
          libboost-program-options-dev libfmt-dev libtomlplusplus-dev python3-matplotlib)
source scripts/apt_missing.sh  # the working directory is the repository (above)
apt_install_missing setup "${packages[@]}"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
# SASIM_TARGETS (space-separated ninja targets) builds only those, e.g. "sasim" for a first run;
# unset, everything (the tests too).
# shellcheck disable=SC2086
ninja -C build ${SASIM_TARGETS:-}
