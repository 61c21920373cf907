#!/usr/bin/env bash
# Times whole networks: `sasim import` of real ONNX files (torchvision AlexNet 244 MB, VGG-16
# 553 MB of weights, exported here with random weights; needs python3-torch/torchvision, see
# scripts/setup_test.sh) and `sasim run` of the imported ResNet-50, VGG-16, MobileNet-v2,
# encoder and the whole original AlexNet on the default design (and with the bandwidth DRAM
# model), best wall time of 3 runs, peak memory of the import.
# Usage: bench/bench_networks.sh [path/to/sasim]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sasim}
[[ -x $bin ]] || { echo "bench_networks: no sasim executable at '$bin' (build first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repeats=3

source bench/best_ms.sh

echo "$(nproc) CPUs; best of $repeats runs"
echo
echo "| ONNX model | file MB | import ms | peak RSS MB | layers |"
echo "|---|---:|---:|---:|---:|"
for net in alexnet vgg16 resnet50; do
    /usr/bin/python3 - "$net" "$tmp/$net.onnx" <<'PY' 2>/dev/null
import sys, torch, torchvision
torch.manual_seed(0)
m = getattr(torchvision.models, sys.argv[1])().eval()
torch.onnx.export(m, torch.randn(1, 3, 224, 224), sys.argv[2], opset_version=14)
PY
    ms=$(best_ms "$bin" import "$tmp/$net.onnx" --out "$tmp/$net.csv")
    rss=$( { /usr/bin/time -f "%M" "$bin" import "$tmp/$net.onnx" --out "$tmp/$net.csv"; } 2>&1 | tail -1)
    mb=$(($(stat -c %s "$tmp/$net.onnx") / 1000000))
    layers=$(grep -vc '^#\|^layer,' "$tmp/$net.csv")
    echo "| $net | $mb | $ms | $((rss / 1024)) | $layers |"
done
echo
echo "| workload | DRAM model | total cycles | vector-layer cycles | wall ms |"
echo "|---|---|---:|---:|---:|"
for w in workloads/imported/resnet50.csv workloads/imported/vgg16.csv \
         workloads/imported/mobilenet_v2.csv workloads/imported/encoder.csv workloads/alexnet.csv; do
    for dram in lpddr4_2400 bandwidth; do
        ms=$(best_ms "$bin" run --quiet --workload "$w" --set dram.model=$dram --out "$tmp/o")
        cycles=$(sed -n 's/^ *"total_cycles": *\([0-9]*\),$/\1/p' "$tmp/o/summary.json")
        vec=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                       $c["macs"] == 0 { s += $c["total_cycles"] } END { print s + 0 }' \
              "$tmp/o/layers.csv")
        echo "| $(basename "$w" .csv) | $dram | $cycles | $vec | $ms |"
    done
done
