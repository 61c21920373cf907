#!/usr/bin/env bash
# Regenerates the reviewed golden outputs in tests/golden/<case>/ by running the built sasim
# (argument 1, default build/sasim) for each case from the repository root. Review the result
# with `git diff tests/golden` before committing. Keep the cases in step with golden_test.cpp.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${1:-build/sasim}
[[ -x $bin ]] || { echo "regen_golden: no sasim executable at '$bin' (build first)" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

# name|arguments after `sasim run` (the workload is workloads/alexnet.csv by default: the whole
# network; SCALE-Sim's parity case runs its conv and fc layers only)
cases=(
    "alexnet_default|"
    "alexnet_scalesim|--config configs/scalesim.toml --workload workloads/alexnet_gemm.csv"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for entry in "${cases[@]}"; do
    name=${entry%%|*}
    read -r -a args <<<"${entry#*|}"
    dest=tests/golden/$name
    echo "regen_golden: $name: sasim run ${args[*]}"
    if ! "$bin" run "${args[@]}" --out "$tmp/$name" >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"; then
        cat "$tmp/$name.stderr" >&2
        echo "regen_golden: $name: sasim failed; $dest left unchanged" >&2
        exit 1
    fi
    if [[ -s $tmp/$name.stderr ]]; then
        cat "$tmp/$name.stderr" >&2
        echo "regen_golden: $name: sasim wrote to stderr; $dest left unchanged" >&2
        exit 1
    fi
    mv "$tmp/$name.stdout" "$tmp/$name/stdout.txt"
    if grep -rnF -e "$root" -e "$tmp" "$tmp/$name"; then
        echo "regen_golden: $name: the outputs hold an absolute path; not written" >&2
        exit 1
    fi
    mkdir -p "$dest"
    find "$dest" -maxdepth 1 -type f -delete
    cp "$tmp/$name"/* "$dest/"
done

git diff --stat -- tests/golden 2>/dev/null || true
