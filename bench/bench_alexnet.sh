#!/usr/bin/env bash
# Times AlexNet on the default config (bandwidth DRAM model) for square arrays 32, 128, 256 and
# dataflows os, ws, is: best wall time of 3 runs each, printed as a Markdown table with the
# simulated cycles. Usage: bench/bench_alexnet.sh [path/to/sasim] [extra `sasim run` args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sasim}
shift $(($# > 0 ? 1 : 0))
[[ -x $bin ]] || { echo "bench_alexnet: no sasim executable at '$bin' (build first)" >&2; exit 2; }
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

sizes=(32 128 256)
dataflows=(os ws is)
repeats=3
target_ms=500
# The default scratchpads (ifmap 256, filter 256, ofmap 512 KiB) hold one double-buffered
# stationary block of a 256x256 int8 array (2 x 64 KiB), so no sram.*_kb overrides are needed.

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

json_number() {  # json_number KEY FILE: the value of a top-level number in summary.json
    sed -n "s/^ *\"$1\": *\([-0-9.eE+]*\),\{0,1\}$/\1/p" "$2"
}

echo "AlexNet's conv and fc layers (workloads/alexnet_gemm.csv), configs/default.toml $*, best of $repeats runs; $(nproc) CPUs"
echo
echo "| array | dataflow | total cycles | util % | stall cycles | DRAM MB | wall ms |"
echo "|---|---|---:|---:|---:|---:|---:|"
failed=0
slow=0
for n in "${sizes[@]}"; do
    for d in "${dataflows[@]}"; do
        best=
        for ((i = 0; i < repeats; ++i)); do
            start=$(date +%s%N)
            if ! "$bin" run --quiet --set array.rows="$n" --set array.cols="$n" \
                --set array.dataflow="$d" --workload workloads/alexnet_gemm.csv "$@" \
                --out "$tmp/out" 2>"$tmp/err"; then
                best=
                break
            fi
            ns=$(($(date +%s%N) - start))
            [[ -z $best || $ns -lt $best ]] && best=$ns
        done
        if [[ -z $best ]]; then
            echo "| ${n}x${n} | $d | failed: $(head -1 "$tmp/err") | | | | |"
            failed=1
            continue
        fi
        s=$tmp/out/summary.json
        mb=$(awk -v r="$(json_number dram_read_bytes "$s")" \
            -v w="$(json_number dram_write_bytes "$s")" 'BEGIN { printf "%.3f", (r + w) / 1e6 }')
        printf '| %sx%s | %s | %s | %s | %s | %s | %d.%d |\n' "$n" "$n" "$d" \
            "$(json_number total_cycles "$s")" "$(json_number overall_util_pct "$s")" \
            "$(json_number total_stall_cycles "$s")" "$mb" $((best / 1000000)) \
            $((best / 100000 % 10))
        ((best / 1000000 < target_ms)) || slow=1
    done
done
echo
echo "target: < $target_ms ms per run: $( ((slow)) && echo MISSED || echo met)"
exit $((failed))
