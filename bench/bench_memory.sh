#!/usr/bin/env bash
# Times AlexNet on a 128x128 array (default config otherwise) with each bank-level DRAM preset:
# best wall time of 3 runs, and DRAM requests (bursts) simulated per second of wall time.
# Usage: bench/bench_memory.sh [path/to/sasim] [extra `sasim run` args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sasim}
shift $(($# > 0 ? 1 : 0))
[[ -x $bin ]] || { echo "bench_memory: no sasim executable at '$bin' (build first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repeats=3
target_ms=1000

echo "AlexNet, 128x128 ws array, configs/default.toml $*, best of $repeats runs; $(nproc) CPUs"
echo
echo "| DRAM | total cycles | stall cycles | DRAM bursts | wall ms | bursts / s |"
echo "|---|---:|---:|---:|---:|---:|"
slow=0
for m in ddr4_3200 hbm2 lpddr4_2400; do
    best=
    for ((i = 0; i < repeats; ++i)); do
        start=$(date +%s%N)
        "$bin" run --quiet --set array.rows=128 --set array.cols=128 --set dram.model="$m" "$@" \
            --out "$tmp/out"
        ns=$(($(date +%s%N) - start))
        [[ -z $best || $ns -lt $best ]] && best=$ns
    done
    cycles=$(sed -n 's/^ *"total_cycles": *\([0-9]*\),$/\1/p' "$tmp/out/summary.json")
    stall=$(sed -n 's/^ *"total_stall_cycles": *\([0-9]*\),$/\1/p' "$tmp/out/summary.json")
    bursts=$(awk '$1 == "dram.bursts" { print $2 }' "$tmp/out/stats.txt")
    printf '| %s | %s | %s | %s | %d | %d |\n' "$m" "$cycles" "$stall" "$bursts" \
        $((best / 1000000)) $((bursts * 1000000000 / best))
    [[ $m == lpddr4_2400 ]] || ((best / 1000000 < target_ms)) || slow=1
done
echo
echo "target: < $target_ms ms per run for ddr4_3200 and hbm2: $( ((slow)) && echo MISSED || echo met)"
