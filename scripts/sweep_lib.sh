# Shared by scripts/sweep_parallel.sh and scripts/sweep_slurm.sh (sourced; uses their die()).

# prepare_sweep_out SASIM SPEC OUT: checks the spec (exit 2 on an error) and lists its points
# before anything runs, into OUT/points.csv: that marks OUT as a sweep folder, which
# `sasim merge` then fills. Makes OUT/shards; sets `points` to the number of points.
prepare_sweep_out() {
    local sasim=$1 spec=$2 out=$3 list
    list=$("$sasim" sweep "$spec" --list) || exit 2
    points=$(($(wc -l <<<"$list") - 1))
    if [[ -d $out && -n $(ls -A "$out") && ! -e $out/points.csv ]]; then
        die "$out: output folder is not empty and holds no sasim sweep (no points.csv)"
    fi
    mkdir -p "$out/shards"
    printf '%s\n' "$list" >"$out/points.csv"
}
