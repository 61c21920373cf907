#!/usr/bin/env bash
# A sasim sweep split into N shards run by GNU parallel — on this machine, or on others with
# --sshlogin (they need the same paths, e.g. a shared file system) — then merged into OUT.
# Usage: scripts/sweep_parallel.sh [options] SPEC.toml OUT_DIR      (--help for the options)
# Exit status: 0 every point ok; 1 a shard or a point failed; 2 bad usage or a bad spec.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/sweep_parallel.sh [options] SPEC.toml OUT_DIR
  --shards N        split the sweep into N shards (default: CPUs here; at most the points)
  --jobs J          shards run at once on each machine (parallel -j; default: its CPUs)
  --sshlogin LOGIN  run shards on LOGIN ([ncpus/][user@]host; ':' is this machine); repeatable
  --ssh CMD         ssh command for --sshlogin (e.g. "ssh -p 2222 -i key")
  --sasim PATH      the sasim executable (default: build/sasim of this checkout)
Shard i runs `sasim sweep SPEC --shard i/N --out OUT/shards/i`; then `sasim merge` writes
OUT/results.csv and OUT/layers.csv, equal to a single-process sweep's. Re-running resumes.
EOF
}

die() { echo "sweep_parallel: $*" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/sweep_lib.sh"
sasim=$root/build/sasim
shards=$(nproc)
jobs=
logins=()
ssh_cmd=
args=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --shards) shards=${2:?}; shift 2 ;;
        --jobs) jobs=${2:?}; shift 2 ;;
        --sshlogin) logins+=(--sshlogin "${2:?}"); shift 2 ;;
        --ssh) ssh_cmd=${2:?}; shift 2 ;;
        --sasim) sasim=${2:?}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option '$1'" ;;
        *) args+=("$1"); shift ;;
    esac
done
[[ ${#args[@]} -eq 2 ]] || { usage >&2; die "expected SPEC.toml and OUT_DIR"; }
command -v parallel >/dev/null || die "GNU parallel is not installed (apt-get install parallel)"
[[ -x $sasim ]] || die "no sasim executable at '$sasim' (build first, or give --sasim)"
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "--shards $shards: expected a positive integer"
[[ -z $jobs || $jobs =~ ^[1-9][0-9]*$ ]] || die "--jobs $jobs: expected a positive integer"
sasim=$(realpath "$sasim")
spec=$(realpath "${args[0]}")
out=$(realpath -m "${args[1]}")

prepare_sweep_out "$sasim" "$spec" "$out"
((shards <= points)) || shards=$points

popts=(--will-cite --halt never --joblog "$out/parallel.joblog")
[[ -n $jobs ]] && popts+=(-j "$jobs")
[[ -n $ssh_cmd ]] && popts+=(--ssh "$ssh_cmd")
echo "sweep_parallel: $points points in $shards shards" >&2
status=0
parallel "${popts[@]}" "${logins[@]}" -q "$sasim" sweep "$spec" --shard "{}/$shards" \
    --out "$out/shards/{}" --jobs 1 --quiet ::: $(seq 0 $((shards - 1))) || status=$?
if ((status != 0)); then
    echo "sweep_parallel: $status shard(s) failed (see $out/parallel.joblog)" >&2
fi
shard_dirs=()
for ((i = 0; i < shards; ++i)); do shard_dirs+=("$out/shards/$i"); done
"$sasim" merge --out "$out" "${shard_dirs[@]}" || status=1
exit $((status == 0 ? 0 : 1))
