#!/usr/bin/env bash
# CTest `cluster:slurm`: starts a one-node Slurm cluster (munged, slurmctld, slurmd) on
# 127.0.0.1 in a temp folder, runs scripts/sweep_slurm.sh as a job array, checks the merged
# tables equal a single-process sweep, and that a failing shard fails the recipe.
# Usage: slurm_test.sh PATH/TO/sasim. Skips (77) only when the Slurm or munge packages are absent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
# shellcheck source=cluster_lib.sh
source "$here/cluster_lib.sh"
sasim=$(realpath "${1:?usage: slurm_test.sh PATH/TO/sasim}")

need_commands munge munged
need_commands slurmctld slurmctld
need_commands slurmd slurmd
need_commands slurm-client sbatch squeue scontrol sinfo scancel
[[ $(id -u) -eq 0 ]] || skip "the test cluster runs its daemons as root (SlurmUser=root)"

tmp=$(mktemp -d /tmp/sasim-slurm-XXXXXX)
cleanup() {
    stop_daemons
    [[ ${KEEP_TMP:-0} == 1 ]] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' TERM INT

start_munge() {
    mkdir -m 0755 "$tmp/munge"
    head -c 1024 /dev/urandom >"$tmp/munge.key"
    chmod 0400 "$tmp/munge.key"
    start_daemon "$tmp/munged.out" munged -F -f --key-file="$tmp/munge.key" \
        --socket="$tmp/munge/munge.socket" --pid-file="$tmp/munged.pid" \
        --log-file="$tmp/munged.log" --seed-file="$tmp/munged.seed"
    wait_until 10 munged test -S "$tmp/munge/munge.socket"
}

write_slurm_conf() {
    local node
    node=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]*/NodeName=localhost/; s/ UpTime=.*//')
    mkdir -p "$tmp/state" "$tmp/spool"
    cat >"$tmp/slurm.conf" <<EOF
ClusterName=sasimtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=10 State=UP
EOF
    export SLURM_CONF=$tmp/slurm.conf
}

node_idle() { [[ $(sinfo -h -N -o %T 2>/dev/null) == idle ]]; }

start_munge
write_slurm_conf
start_daemon "$tmp/slurmctld.out" slurmctld -D -c -f "$SLURM_CONF"
start_daemon "$tmp/slurmd.out" slurmd -D -N localhost -f "$SLURM_CONF"
wait_until 30 "slurm node idle (see $tmp/slurmctld.log, $tmp/slurmd.log)" node_idle
echo "ok: one-node Slurm cluster up ($(sinfo -h -o '%P %D %T'))"

write_specs "$tmp" "$src"
"$sasim" sweep "$tmp/good.toml" --out "$tmp/reference" --quiet >/dev/null
recipe=(bash "$src/scripts/sweep_slurm.sh" --sasim "$sasim" --time 2 --wait-timeout 90)

# A job array of 3 tasks over 8 points, waited for, checked and merged.
"${recipe[@]}" --shards 3 "$tmp/good.toml" "$tmp/array" ||
    fail "sweep_slurm.sh exited $? on a good spec (logs: $tmp/array/slurm)"
[[ -d $tmp/array/shards/2 && ! -d $tmp/array/shards/3 ]] || fail "expected exactly 3 shards"
same_as_reference "$tmp/array" "$tmp/reference"

# A shard whose point fails makes its task FAILED and the recipe exit 1; the merged table
# still records the failure.
status=0
"${recipe[@]}" --shards 2 "$tmp/failing.toml" "$tmp/failing" 2>"$tmp/failing.err" || status=$?
[[ $status -eq 1 ]] || fail "a failing shard: sweep_slurm.sh exited $status, expected 1"
grep -q "task 1: FAILED, exit code 1:0" "$tmp/failing.err" ||
    fail "the failed task is not named: $(cat "$tmp/failing.err")"
grep -q ',failed,' "$tmp/failing/results.csv" || fail "the merged results.csv lacks the failure"
echo "ok: a failing shard fails the recipe (exit 1) and is named"

# --no-wait: the array and a dependent merge job; wait for both and check the merge.
ids=$("${recipe[@]}" --shards 2 --no-wait "$tmp/good.toml" "$tmp/nowait" 2>/dev/null)
merge_job=${ids##* }
wait_until 90 "merge job $merge_job" bash -c "[[ -z \$(squeue -h -j $merge_job -o %i) ]]"
scontrol -o show job "$merge_job" | grep -q "JobState=COMPLETED .*ExitCode=0:0" ||
    fail "the merge job did not complete: $(scontrol -o show job "$merge_job")"
same_as_reference "$tmp/nowait" "$tmp/reference"
echo "PASSED: Slurm job-array sweeps"
