#!/usr/bin/env bash
# Fuzz stage of CI: builds the libFuzzer targets of fuzz/ (clang-14, ASan + UBSan) into
# build-fuzz/ and runs every target listed in build-fuzz/fuzz/targets.txt for FUZZ_SECONDS
# (default 60) from its seed corpus, targets in parallel. Fails on any crash, leak, timeout or
# sanitizer report and prints the input that caused it. Usage: scripts/ci_fuzz.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FUZZ_SECONDS:-60}}"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DSASIM_SANITIZE=ON -DSASIM_FUZZ=ON -DBUILD_TESTING=OFF \
    >/dev/null
dir=build-fuzz/fuzz
mapfile -t targets < "$dir/targets.txt"
ninja -C build-fuzz "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
pids=()
for t in "${targets[@]}"; do
    mkdir -p "$dir/corpus/$t" "$dir/artifacts"
    rm -f "$dir/artifacts/$t-"*
    # corpus/<t> collects what the fuzzer finds (kept between local runs); seeds/<t> is read only.
    "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" \
        "$dir/corpus/$t" "$dir/seeds/$t" >"$dir/$t.log" 2>&1 &
    pids+=($!)
done
failed=0
for i in "${!targets[@]}"; do
    t=${targets[$i]}
    if wait "${pids[$i]}"; then result=passed; else result=FAILED; failed=$((failed + 1)); fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$t.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/$t.log")
    corpus=$(find "$dir/corpus/$t" -type f | wc -l)
    echo "fuzz $t: $result, ${runs:-?} inputs in ${seconds}s (${rate:-?}/s), corpus $corpus"
    if [ "$result" = FAILED ]; then
        grep -v -E '^#[0-9]+|^(INFO|MERGE|stat)' "$dir/$t.log" | tail -n 60
        for a in "$dir/artifacts/$t-"*; do
            [ -e "$a" ] || continue
            echo "input that failed ($a; add it to tests/unit/fuzz_regression_test.cpp):"
            od -c "$a" | head -n 40
        done
    fi
done
echo "fuzz: $(( ${#targets[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
