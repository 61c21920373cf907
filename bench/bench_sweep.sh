#!/usr/bin/env bash
# Times `sasim sweep` on 100 AlexNet points (5 square arrays x os/ws x 5 DRAM bandwidths x
# preload on/off): wall time with all CPUs (target < 60 s on 2), points per second, and the
# sweep's overhead per point beyond the simulations themselves (a --jobs 1 sweep against the
# same 100 `sasim run` commands run one after another). Usage: bench/bench_sweep.sh [sasim]
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
workload = "$PWD/workloads/alexnet.csv"
[[zip]]
keys = ["array.rows", "array.cols"]
values = [[16, 16], [32, 32], [64, 64], [128, 128], [256, 256]]
[[axis]]
key = "array.dataflow"
values = ["os", "ws"]
[[axis]]
key = "dram.bandwidth_gbps"
values = [4.0, 8.0, 16.0, 32.0, 64.0]
[[axis]]
key = "array.preload"
values = [false, true]
EOF

now() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }

start=$(now)
"$bin" sweep "$tmp/bench.toml" --out "$tmp/all" --jobs "$jobs" --quiet >/dev/null
wall=$(($(now) - start))
points=$(($(wc -l <"$tmp/all/results.csv") - 1))
ok=$(grep -c ',ok,' "$tmp/all/results.csv" || true)

start=$(now)
"$bin" sweep "$tmp/bench.toml" --out "$tmp/all" --quiet >/dev/null
resume=$(($(now) - start))

start=$(now)
"$bin" sweep "$tmp/bench.toml" --out "$tmp/serial" --jobs 1 --quiet >/dev/null
serial=$(($(now) - start))

# The same points as plain `sasim run` commands, one after another (points.csv: point, id,
# workload, then one column per swept key).
IFS=, read -r -a header <"$tmp/all/points.csv"
direct=0
while IFS=, read -r -a row; do
    sets=()
    for ((k = 3; k < ${#header[@]}; ++k)); do sets+=(--set "${header[k]}=${row[k]}"); done
    start=$(now)
    "$bin" run --config configs/default.toml --workload workloads/alexnet.csv "${sets[@]}" \
        --out "$tmp/direct" --quiet
    direct=$((direct + $(now) - start))
done < <(tail -n +2 "$tmp/all/points.csv")

echo "sasim sweep: $points AlexNet points ($ok ok), $jobs CPUs"
echo
echo "| measurement | value |"
echo "|---|---:|"
echo "| sweep wall time, --jobs $jobs | $(secs "$wall") s |"
echo "| points per second, --jobs $jobs | $(awk -v p="$points" -v w="$wall" 'BEGIN { printf "%.1f", p / (w / 1e9) }') |"
echo "| re-run with every point finished (check + collate) | $(secs "$resume") s |"
echo "| sweep wall time, --jobs 1 | $(secs "$serial") s |"
echo "| the same $points \`sasim run\` commands one by one | $(secs "$direct") s |"
echo "| sweep overhead per point (--jobs 1 sweep minus direct runs) | $(awk -v s="$serial" -v d="$direct" -v p="$points" 'BEGIN { printf "%.1f", (s - d) / p / 1e6 }') ms |"
echo
echo "target: < $target_s s with --jobs $jobs: $( ((wall / 1000000000 < target_s)) && echo met || echo MISSED)"
