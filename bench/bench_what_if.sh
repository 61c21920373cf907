#!/usr/bin/env bash
# Times `sasim run --what-if` (the run, then one `sasim run` per removable stall cause, --jobs at
# a time) against the plain run, on the default config and workload and on a memory-bound
# 32x32 design (bandwidth model, 4 GB/s). Best wall time of 3 runs each, as a Markdown table.
# Target (issue 11): default AlexNet --what-if under 3 s on 2 cores.
# Usage: bench/bench_what_if.sh [path/to/sasim] [extra `sasim run` args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sasim}
shift $(($# > 0 ? 1 : 0))
[[ -x $bin ]] || { echo "bench_what_if: no sasim executable at '$bin' (build first)" >&2; exit 2; }
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
repeats=3
target_ms=3000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

source bench/best_ms.sh
run_ms() {  # run_ms ARGS...: best_ms of `sasim run --quiet --out TMP ARGS`; exits if it fails
    best_ms "$bin" run --quiet --out "$tmp/out" "$@" || exit 1
}

echo "sasim run --what-if, default workload, best of $repeats runs; $(nproc) CPUs, $*"
echo
echo "| design | causes | plain run ms | --what-if ms (--jobs $(nproc)) | --what-if ms (--jobs 1) |"
echo "|---|---:|---:|---:|---:|"
slow=0
wi=0
row() {  # row NAME ARGS...: prints the table row; leaves the --what-if time in $wi
    local name=$1
    shift
    local plain wi1 causes
    plain=$(run_ms "$@")
    wi=$(run_ms --what-if "$@")
    causes=$(cut -d, -f2 "$tmp/out/what_if.csv" | tail -n +2 | sort -u | wc -l)
    wi1=$(run_ms --what-if --jobs 1 "$@")
    echo "| $name | $causes | $plain | $wi | $wi1 |"
}
row "default (32x32 ws, LPDDR4-2400)" "$@"
((wi < target_ms)) || slow=1
row "32x32 ws, bandwidth 4 GB/s" --set array.rows=32 --set array.cols=32 \
    --set dram.model=bandwidth --set dram.bandwidth_gbps=4 "$@"
echo
echo "target: default --what-if < $target_ms ms: $( ((slow)) && echo MISSED || echo met)"
