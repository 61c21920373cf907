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

best_ms() {  # best_ms ARGS...: best wall ms of $repeats runs of `sasim run ARGS`
    local best= start ns
    for ((i = 0; i < repeats; ++i)); do
        start=$(date +%s%N)
        "$bin" run --quiet --out "$tmp/out" "$@" 2>"$tmp/err" || {
            echo "bench_what_if: failed: $(head -1 "$tmp/err")" >&2
            exit 1
        }
        ns=$(($(date +%s%N) - start))
        [[ -z $best || $ns -lt $best ]] && best=$ns
    done
    echo $((best / 1000000))
}

echo "sasim run --what-if, default workload, best of $repeats runs; $(nproc) CPUs, $*"
echo
echo "| design | causes | plain run ms | --what-if ms (--jobs $(nproc)) | --what-if ms (--jobs 1) |"
echo "|---|---:|---:|---:|---:|"
slow=0
row() {  # row NAME ARGS...
    local name=$1
    shift
    local plain wi wi1 causes
    plain=$(best_ms "$@")
    wi=$(best_ms --what-if "$@")
    causes=$(cut -d, -f2 "$tmp/out/what_if.csv" | tail -n +2 | sort -u | wc -l)
    wi1=$(best_ms --what-if --jobs 1 "$@")
    echo "| $name | $causes | $plain | $wi | $wi1 |"
    echo "$wi"
}
r=$(row "default (32x32 ws, LPDDR4-2400)" "$@")
echo "$r" | head -1
((${r##*$'\n'} < target_ms)) || slow=1
row "32x32 ws, bandwidth 4 GB/s" --set array.rows=32 --set array.cols=32 \
    --set dram.model=bandwidth --set dram.bandwidth_gbps=4 "$@" | head -1
echo
echo "target: default --what-if < $target_ms ms: $( ((slow)) && echo MISSED || echo met)"
