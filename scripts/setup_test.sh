#!/usr/bin/env bash
# Installs the test-only Debian packages (idempotent): python3-torch, python3-torchvision and
# python3-onnx, which tests/models/export_test.py uses to export real networks to ONNX (random
# weights, nothing downloaded) and tests/data/onnx/make_tiny_models.py to write the fixtures;
# Slurm, munge, GNU parallel and an SSH server for the cluster tests (tests/cluster); clang 14
# and its runtime for the fuzz targets (scripts/ci_fuzz.sh). Called by scripts/test.sh;
# building and running sasim never needs them (scripts/setup.sh, which scripts/run_alexnet.sh
# calls, does not install them). Run as root on Debian 12.
set -euo pipefail
packages=(python3-torch python3-torchvision python3-onnx
          slurmctld slurmd slurm-client munge parallel openssh-server
          clang-14 libclang-rt-14-dev llvm-14)
source "$(dirname "${BASH_SOURCE[0]}")/apt_missing.sh"
apt_install_missing setup_test "${packages[@]}"
