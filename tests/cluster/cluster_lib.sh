# Shared by the cluster tests (sourced): skipping, free loopback ports, daemons started in the
# background and stopped by PID (TERM, up to 5 s, then KILL; newest first), bounded waits, and
# the sweeps every test compares: a single-process reference run and the result check.
# shellcheck shell=bash

SKIP=77  # CTest's SKIP_RETURN_CODE for these tests
daemon_pids=()

skip() {
    echo "SKIPPED: $*"
    exit $SKIP
}

fail() {
    echo "FAILED: $*" >&2
    exit 1
}

need_commands() {  # need_commands PACKAGE CMD...: skip unless every command exists
    local package=$1 c
    shift
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || [[ -x /usr/sbin/$c ]] ||
            skip "'$c' not found: install the Debian package '$package' (scripts/setup_test.sh does)"
    done
}

free_port() {  # a TCP port nobody listens on (checked with ss), from a random start
    local p=$((20000 + RANDOM % 30000)) i
    for ((i = 0; i < 200; ++i, ++p)); do
        if ! ss -Htan "sport = :$p" | grep -q .; then
            echo "$p"
            return 0
        fi
    done
    fail "no free TCP port found"
}

start_daemon() {  # start_daemon LOG CMD...: runs CMD in the background, remembers its PID
    local log=$1
    shift
    "$@" >>"$log" 2>&1 &
    daemon_pids+=($!)
}

stop_daemons() {
    local i pid t
    for ((i = ${#daemon_pids[@]} - 1; i >= 0; --i)); do
        pid=${daemon_pids[i]}
        kill -TERM "$pid" 2>/dev/null || continue
        for ((t = 0; t < 50; ++t)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    daemon_pids=()
}

wait_until() {  # wait_until SECONDS WHAT CMD...: polls CMD every 0.2 s until it succeeds
    local limit=$1 what=$2 start=$SECONDS
    shift 2
    until "$@" >/dev/null 2>&1; do
        ((SECONDS - start < limit)) || fail "$what: not ready after ${limit}s"
        sleep 0.2
    done
}

# Specs of the tests (absolute paths): 8 points on workloads/tiny.csv, and 2 points of which
# one fails (a 1 KiB filter scratchpad cannot double-buffer a 32x32 weight block).
write_specs() {  # write_specs DIR SRC
    local dir=$1 src=$2
    cat >"$dir/good.toml" <<EOF
name = "cluster test"
config = "$src/configs/default.toml"
workload = "$src/workloads/tiny.csv"
[[zip]]
keys = ["array.rows", "array.cols"]
values = [[8, 8], [16, 16]]
[[axis]]
key = "array.dataflow"
values = ["os", "ws"]
[[axis]]
key = "dram.model"
values = ["ideal", "bandwidth"]
EOF
    cat >"$dir/failing.toml" <<EOF
config = "$src/configs/default.toml"
workload = "$src/workloads/tiny.csv"
[[zip]]
keys = ["sram.filter_kb", "array.word_bytes"]
values = [[64, 8], [1, 8]]
EOF
}

same_as_reference() {  # same_as_reference OUT REF: the merged tables equal a single run's
    local f
    for f in points.csv results.csv layers.csv; do
        cmp -s "$1/$f" "$2/$f" || fail "$1/$f differs from the single-process sweep's"
    done
    echo "ok: $1 equals the single-process sweep"
}
