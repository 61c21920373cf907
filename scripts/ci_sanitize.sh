#!/usr/bin/env bash
# Sanitizer stage of CI: builds everything with ASan + UBSan (-DSASIM_SANITIZE=ON, g++) into
# build-asan/ and runs the whole CTest suite there; a sanitizer report fails the test it is in.
# Idempotent (incremental rebuild). Usage: scripts/ci_sanitize.sh [extra ctest args]
set -euo pipefail
cd "$(dirname "$0")/.."
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
# LeakSanitizer is off for this suite: SystemC runs processes on coroutine stacks, which LSan's
# exit-time scan sometimes dies on ("Tracer caught signal 11") after a test passed, and it
# reports what a run stopped at a limit leaves owned by suspended threads (SystemC cannot
# unwind them). AddressSanitizer's and UBSan's checks stay on; the fuzz targets (the readers,
# no SystemC) run with leak detection (scripts/ci_fuzz.sh).
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# -O1 -g1 (line tables) halves the compile time of -O2 -g and keeps file:line in reports.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DSASIM_SANITIZE=ON >/dev/null
ninja -C build-asan
# Left to the first stage (same code, no sanitizer value added, ~3 minutes here): the
# metamorphic fidelity and what-if agreement suites (numbers over dozens of whole AlexNet runs,
# code the other tests drive too); the labels whose time is Python's — plots (matplotlib),
# models (PyTorch exports; the ONNX reader they reach is fuzzed with the sanitizers in the fuzz
# stage) — and cluster (Slurm, GNU parallel, sshd starting up).
ctest --test-dir build-asan -j"$(nproc)" --output-on-failure --timeout 1200 \
    -E '^(property:fidelity|cli:what-if agreement)' -LE '^(plots|models|cluster)$' "$@"
