#!/usr/bin/env bash
# Speed of the bank-level DRAM model, in four tables (Markdown): AlexNet with each bank-level
# preset on a 128x128 array; the default AlexNet run (LPDDR4) and a 256x256 array, with the
# split between the DRAM model and the rest (the same run with dram.model = bandwidth);
# memtest streams (DRAM requests per second, the independent checker included); and the trace
# reader (bench/trace_read_bench). Wall times are the best of 3 runs, CPU times from
# /usr/bin/time. Usage: bench/bench_memory.sh [path/to/sasim] [extra `sasim run` args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sasim}
shift $(($# > 0 ? 1 : 0))
[[ -x $bin ]] || { echo "bench_memory: no sasim executable at '$bin' (build first)" >&2; exit 2; }
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repeats=3

# best WALL_NS CPU_MS of `$@` over $repeats runs (CPU time of the fastest run)
best() {
    local b= c=
    for ((i = 0; i < repeats; ++i)); do
        local start ns cpu
        start=$(date +%s%N)
        /usr/bin/time -f '%U %S' -o "$tmp/time" "$@" >"$tmp/stdout"
        ns=$(($(date +%s%N) - start))
        cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$tmp/time")
        if [[ -z $b || $ns -lt $b ]]; then b=$ns c=$cpu; fi
    done
    echo "$b $c"
}

json() { sed -n "s/^ *\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$2"; }

echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); best of $repeats runs"
echo
echo "AlexNet's conv and fc layers (alexnet_gemm.csv), 128x128 ws array, configs/default.toml $*:"
echo
echo "| DRAM | total cycles | DRAM bursts | wall ms | CPU ms | bursts / s (wall) |"
echo "|---|---:|---:|---:|---:|---:|"
for m in ddr4_3200 hbm2 lpddr4_2400; do
    read -r ns cpu < <(best "$bin" run --quiet --set array.rows=128 --set array.cols=128 \
        --set dram.model="$m" --workload workloads/alexnet_gemm.csv "$@" --out "$tmp/out")
    cycles=$(json total_cycles "$tmp/out/summary.json")
    bursts=$(awk '$1 == "dram.bursts" { print $2 }' "$tmp/out/stats.txt")
    printf '| %s | %s | %s | %d | %d | %d |\n' "$m" "$cycles" "$bursts" $((ns / 1000000)) \
        "$cpu" $((bursts * 1000000000 / ns))
done

echo
echo "Default AlexNet's conv and fc layers (LPDDR4-2400 bank-level DRAM) and a 256x256 array; 'rest' is the same run"
echo "with dram.model = bandwidth, so DRAM = total - rest (target: total <= 250 ms wall):"
echo
echo "| run | wall ms | CPU ms | rest: wall ms | rest: CPU ms | DRAM bursts |"
echo "|---|---:|---:|---:|---:|---:|"
for size in 32 256; do
    args=(--set array.rows=$size --set array.cols=$size --workload workloads/alexnet_gemm.csv)
    read -r ns cpu < <(best "$bin" run --quiet "${args[@]}" "$@" --out "$tmp/out")
    bursts=$(awk '$1 == "dram.bursts" { print $2 }' "$tmp/out/stats.txt")
    read -r rns rcpu < <(best "$bin" run --quiet "${args[@]}" --set dram.model=bandwidth "$@" \
        --out "$tmp/out")
    printf '| %sx%s | %d | %d | %d | %d | %s |\n' $size $size $((ns / 1000000)) "$cpu" \
        $((rns / 1000000)) "$rcpu" "$bursts"
done

echo
echo "memtest, 64 MiB streams of reads (every command checked; target >= 5 M requests / s):"
echo
echo "| DRAM | requests | efficiency | wall ms | CPU ms | requests / s (wall) |"
echo "|---|---:|---:|---:|---:|---:|"
for m in ddr4_3200 lpddr4_2400 hbm2; do
    read -r ns cpu < <(best "$bin" memtest --dram "$m" --pattern stream --bytes 67108864)
    req=$(json requests "$tmp/stdout")
    eff=$(json efficiency "$tmp/stdout")
    printf '| %s | %s | %s | %d | %d | %d |\n' "$m" "$req" "$eff" $((ns / 1000000)) "$cpu" \
        $((req * 1000000000 / ns))
done

reader=$(dirname "$bin")/bench/trace_read_bench
if [[ -x $reader ]]; then
    echo
    echo "Trace reader (target >= 5 M lines / s): $("$reader" 10000000)"
fi
