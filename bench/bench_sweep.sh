#!/usr/bin/env bash
# Times `sasim sweep` on 100 AlexNet points (5 square arrays x os/ws x 5 rates of the bandwidth
# DRAM model x preload): wall and CPU time on all CPUs (target < 60 s on 2), points per second
# and the overhead per point beyond the simulations (a --jobs 1 sweep vs the same `sasim run`
# commands one by one). Usage: bench/bench_sweep.sh [path/to/sasim]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/sasim}")
[[ -x $bin ]] || { echo "bench_sweep: no sasim executable at '$bin' (build first)" >&2; exit 2; }
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
jobs=$(nproc)
target_s=60
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/bench.toml" <<EOF
name = "bench: alexnet 100 points"
config = "$PWD/configs/default.toml"
workload = "$PWD/workloads/alexnet_gemm.csv"
[[zip]]
keys = ["array.rows", "array.cols"]
values = [[16, 16], [32, 32], [64, 64], [128, 128], [256, 256]]
[[axis]]
key = "array.dataflow"
values = ["os", "ws"]
[[axis]]
key = "dram.model"
values = ["bandwidth"]
[[axis]]
key = "dram.bandwidth_gbps"
values = [4.0, 8.0, 16.0, 32.0, 64.0]
[[axis]]
key = "array.preload"
values = [false, true]
EOF

# timed VAR CMD...: runs CMD, sets VAR_wall and VAR_cpu (seconds; CPU = user + system time of
# CMD and every process it waited for, so the sweep's points count, and it is less sensitive
# to other load on the machine than wall time).
timed() {
    local var=$1 t
    shift
    t=$({ TIMEFORMAT='%3R %3U %3S'; time "$@" >/dev/null 2>&1; } 2>&1)
    read -r wall user sys <<<"$t"
    printf -v "${var}_wall" '%s' "$wall"
    printf -v "${var}_cpu" '%s' "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
}

timed all "$bin" sweep "$tmp/bench.toml" --out "$tmp/all" --jobs "$jobs" --quiet
points=$(($(wc -l <"$tmp/all/results.csv") - 1))
ok=$(grep -c ',ok,' "$tmp/all/results.csv" || true)
timed resume "$bin" sweep "$tmp/bench.toml" --out "$tmp/all" --quiet
timed serial "$bin" sweep "$tmp/bench.toml" --out "$tmp/serial" --jobs 1 --quiet

# The same points as plain `sasim run` commands, one after another (points.csv: point, id,
# workload, then one column per swept key).
run_direct() {
    local header row k sets
    IFS=, read -r -a header <"$tmp/all/points.csv"
    while IFS=, read -r -a row; do
        sets=()
        for ((k = 3; k < ${#header[@]}; ++k)); do sets+=(--set "${header[k]}=${row[k]}"); done
        "$bin" run --config configs/default.toml --workload workloads/alexnet_gemm.csv "${sets[@]}" \
            --out "$tmp/direct" --quiet
    done < <(tail -n +2 "$tmp/all/points.csv")
}
timed direct run_direct

per_point() { awk -v a="$1" -v b="$2" -v p="$points" 'BEGIN { printf "%.1f", (a - b) / p * 1e3 }'; }
rate=$(awk -v p="$points" -v w="$all_wall" 'BEGIN { printf "%.1f", p / w }')
met=$(awk -v w="$all_wall" -v t="$target_s" 'BEGIN { print (w < t) ? "met" : "MISSED" }')
echo "sasim sweep: $points AlexNet points ($ok ok), $jobs CPUs," \
    "load average $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| measurement | wall s | CPU s |"
echo "|---|---:|---:|"
echo "| sweep, --jobs $jobs | $all_wall | $all_cpu |"
echo "| re-run with every point finished (check + collate) | $resume_wall | $resume_cpu |"
echo "| sweep, --jobs 1 | $serial_wall | $serial_cpu |"
echo "| the same $points \`sasim run\` commands one by one | $direct_wall | $direct_cpu |"
echo
echo "points per second (--jobs $jobs): $rate"
echo "sweep overhead per point beyond the simulations (--jobs 1 sweep minus direct runs):" \
    "$(per_point "$serial_wall" "$direct_wall") ms wall," \
    "$(per_point "$serial_cpu" "$direct_cpu") ms CPU"
echo "target: < $target_s s with --jobs $jobs: $met"
