#!/usr/bin/env bash
# Builds (via setup.sh) and runs the whole test suite with CTest, then the same suite under
# ASan + UBSan (scripts/ci_sanitize.sh, build-asan/) and every fuzz target for a bounded time
# (scripts/ci_fuzz.sh, build-fuzz/). Every stage runs; the last lines summarize them. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/setup_test.sh  # test-only packages (torch, torchvision, onnx; cluster; clang for fuzz)
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
logs=build/ci-logs
mkdir -p "$logs"

summary=() passed=0 failed=0
# stage NAME COMMAND...: runs it (output shown and kept in build/ci-logs/NAME.log), then adds
# its test counts (CTest's "N tests failed out of M", or the fuzzers' "N passed, N failed").
stage() {
    local name=$1 start=$SECONDS status=0
    shift
    "$@" 2>&1 | tee "$logs/$name.log" || status=$?
    local total bad line
    line=$(grep -E 'tests failed out of [0-9]+$|^fuzz: [0-9]+ passed, [0-9]+ failed$' \
        "$logs/$name.log" | tail -n 1 || true)
    if [[ $line =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
        bad=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]}
    elif [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        bad=${BASH_REMATCH[2]} total=$((BASH_REMATCH[1] + BASH_REMATCH[2]))
    else
        bad=1 total=1  # the stage did not get as far as running its tests
    fi
    [ "$status" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1 && total=$((total + 1))
    passed=$((passed + total - bad)) failed=$((failed + bad))
    summary+=("$(printf '%-9s %-6s %5d tests, %3d failed, %4ds' "$name" \
        "$([ "$status" -eq 0 ] && echo passed || echo FAILED)" "$total" "$bad" \
        $((SECONDS - start)))")
}

stage ctest ctest --test-dir build -j"$(nproc)" --output-on-failure
stage sanitize bash scripts/ci_sanitize.sh
stage fuzz bash scripts/ci_fuzz.sh

echo "== test.sh summary (logs in $logs/)"
printf '%s\n' "${summary[@]}"
echo "test.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
