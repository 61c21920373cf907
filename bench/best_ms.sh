# Sourced by the bench scripts: `best_ms COMMAND...` prints the best wall time, in whole ms, of
# $repeats runs of the command (stdout discarded); returns 1, printing the command's first
# stderr line, if a run fails.
best_ms() {
    local best= start ns i err
    err=$(mktemp)
    for ((i = 0; i < ${repeats:-3}; ++i)); do
        start=$(date +%s%N)
        if ! "$@" >/dev/null 2>"$err"; then
            echo "failed: $(head -1 "$err")" >&2
            rm -f "$err"
            return 1
        fi
        ns=$(($(date +%s%N) - start))
        [[ -z $best || $ns -lt $best ]] && best=$ns
    done
    rm -f "$err"
    echo $((best / 1000000))
}
