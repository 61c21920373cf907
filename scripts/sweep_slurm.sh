#!/usr/bin/env bash
# A sasim sweep as a Slurm job array: task i runs `sasim sweep SPEC --shard i/N` into
# OUT/shards/i (from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT); the shards are then merged
# into OUT. Usage: scripts/sweep_slurm.sh [options] SPEC.toml OUT_DIR [-- SBATCH_ARGS...]
# Exit status: 0 every task and point ok; 1 a task or a point failed; 2 bad usage or spec.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/sweep_slurm.sh [options] SPEC.toml OUT_DIR [-- SBATCH_ARGS...]
  --shards N         array tasks (default 4; at most the number of points)
  --cpus C           CPUs per task, points run at once in a task (default 1)
  --time MIN         time limit of each task, minutes (default 60)
  --sasim PATH       the sasim executable (default: build/sasim of this checkout)
  --no-wait          submit the array and a merge job that runs after it, print their ids
  --wait-timeout S   give up (cancel the jobs) after S seconds of waiting (default: none)
Paths must be visible from the compute nodes (a shared file system).
  scripts/sweep_slurm.sh task [--sasim PATH] [--cpus C] SPEC OUT   what an array task runs
  scripts/sweep_slurm.sh merge [--sasim PATH] OUT                  merge OUT/shards/* into OUT
EOF
}

die() { echo "sweep_slurm: $*" >&2; exit 2; }
self=$(realpath "$0")
root=$(cd "$(dirname "$self")/.." && pwd)
source "$root/scripts/sweep_lib.sh"
sasim=$root/build/sasim
shards=4 cpus=1 time_min=60 wait=1 wait_timeout=0
mode=submit
case ${1:-} in task | merge) mode=$1; shift ;; esac
args=() sbatch_extra=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --shards) shards=${2:?}; shift 2 ;;
        --cpus) cpus=${2:?}; shift 2 ;;
        --time) time_min=${2:?}; shift 2 ;;
        --sasim) sasim=${2:?}; shift 2 ;;
        --no-wait) wait=0; shift ;;
        --wait-timeout) wait_timeout=${2:?}; shift 2 ;;
        --) shift; sbatch_extra=("$@"); break ;;
        -h | --help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option '$1'" ;;
        *) args+=("$1"); shift ;;
    esac
done
for n in "$shards" "$cpus" "$time_min"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "expected a positive integer, got '$n'"
done
[[ $wait_timeout =~ ^[0-9]+$ ]] || die "--wait-timeout: expected seconds, got '$wait_timeout'"
[[ -x $sasim ]] || die "no sasim executable at '$sasim' (build first, or give --sasim)"
sasim=$(realpath "$sasim")

merge_shards() {  # merge_shards OUT: every OUT/shards/<i>, in index order
    local out=$1 dirs=()
    mapfile -t dirs < <(find "$out/shards" -mindepth 1 -maxdepth 1 -type d | sort -V)
    [[ ${#dirs[@]} -gt 0 ]] || die "$out/shards: no shard folders to merge"
    "$sasim" merge --out "$out" "${dirs[@]}"
}

if [[ $mode == task ]]; then
    [[ ${#args[@]} -eq 2 ]] || die "task: expected SPEC and OUT"
    : "${SLURM_ARRAY_TASK_ID:?task mode runs inside a Slurm job array}"
    id=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0}))
    count=${SLURM_ARRAY_TASK_COUNT:?}
    exec "$sasim" sweep "${args[0]}" --shard "$id/$count" --out "${args[1]}/shards/$id" \
        --jobs "$cpus"
fi
if [[ $mode == merge ]]; then
    [[ ${#args[@]} -eq 1 ]] || die "merge: expected OUT"
    merge_shards "${args[0]}"
    exit $?
fi

[[ ${#args[@]} -eq 2 ]] || { usage >&2; die "expected SPEC.toml and OUT_DIR"; }
command -v sbatch >/dev/null || die "sbatch not found: is this a Slurm login node?"
spec=$(realpath "${args[0]}")
out=$(realpath -m "${args[1]}")
prepare_sweep_out "$sasim" "$spec" "$out"
((shards <= points)) || shards=$points
mkdir -p "$out/slurm"
task_cmd=$(printf '%q ' bash "$self" task --sasim "$sasim" --cpus "$cpus" "$spec" "$out")
job=$(sbatch --parsable --array="0-$((shards - 1))" --time="$time_min" \
    --cpus-per-task="$cpus" --job-name=sasim-sweep --output="$out/slurm/task-%a.out" \
    "${sbatch_extra[@]}" --wrap "$task_cmd")
job=${job%%;*}
echo "sweep_slurm: $points points in $shards array tasks: job $job" >&2
if ((!wait)); then
    merge_cmd=$(printf '%q ' bash "$self" merge --sasim "$sasim" "$out")
    merge_job=$(sbatch --parsable --dependency="afterany:$job" --time="$time_min" \
        --job-name=sasim-merge --output="$out/slurm/merge.out" "${sbatch_extra[@]}" \
        --wrap "$merge_cmd")
    echo "array job $job, merge job ${merge_job%%;*}"
    exit 0
fi

# Wait (bounded if asked), cancelling the array if this script is stopped.
trap 'scancel "$job" 2>/dev/null; exit 1' TERM INT
start=$SECONDS
while [[ -n $(squeue -h -j "$job" -o %i 2>/dev/null) ]]; do
    if ((wait_timeout > 0 && SECONDS - start > wait_timeout)); then
        scancel "$job" 2>/dev/null || true
        echo "sweep_slurm: job $job still running after ${wait_timeout}s; cancelled" >&2
        exit 1
    fi
    sleep 0.5
done
trap - TERM INT

# Every task must have COMPLETED with exit code 0:0 (a failed point exits 1).
failed=0 seen=0
while read -r line; do
    seen=$((seen + 1))
    task=$(grep -o 'ArrayTaskId=[^ ]*' <<<"$line" | cut -d= -f2)
    state=$(grep -o 'JobState=[^ ]*' <<<"$line" | cut -d= -f2)
    code=$(grep -o ' ExitCode=[^ ]*' <<<"$line" | cut -d= -f2)
    if [[ $state != COMPLETED || $code != 0:0 ]]; then
        echo "sweep_slurm: task $task: $state, exit code $code (see $out/slurm/task-$task.out)" >&2
        failed=1
    fi
done < <(scontrol -o show job "$job" 2>/dev/null)
if ((seen != shards)); then
    echo "sweep_slurm: found $seen of $shards task records of job $job" >&2
    failed=1
fi
merge_shards "$out" || failed=1
exit $failed
