#!/usr/bin/env bash
# CTest `cluster:parallel`: scripts/sweep_parallel.sh runs shards with GNU parallel locally and
# through --sshlogin to a private sshd on 127.0.0.1 (own host key, key-only root login, temp
# folder); each merged table must equal a single-process sweep and a failing shard must fail.
# Usage: parallel_test.sh PATH/TO/sasim. Skips (77) only when GNU parallel is absent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
# shellcheck source=cluster_lib.sh
source "$here/cluster_lib.sh"
sasim=$(realpath "${1:?usage: parallel_test.sh PATH/TO/sasim}")

need_commands parallel parallel
tmp=$(mktemp -d /tmp/sasim-parallel-XXXXXX)
cleanup() {
    stop_daemons
    [[ ${KEEP_TMP:-0} == 1 ]] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' TERM INT

write_specs "$tmp" "$src"
"$sasim" sweep "$tmp/good.toml" --out "$tmp/reference" --quiet >/dev/null
recipe=(timeout 120 bash "$src/scripts/sweep_parallel.sh" --sasim "$sasim")

# Locally: 3 shards, 2 at a time.
"${recipe[@]}" --shards 3 --jobs 2 "$tmp/good.toml" "$tmp/local" ||
    fail "sweep_parallel.sh exited $? on a good spec"
same_as_reference "$tmp/local" "$tmp/reference"
[[ $(tail -n +2 "$tmp/local/parallel.joblog" | wc -l) -eq 3 ]] || fail "expected 3 shard jobs"

status=0
"${recipe[@]}" --shards 2 "$tmp/failing.toml" "$tmp/failing" 2>"$tmp/failing.err" || status=$?
[[ $status -eq 1 ]] || fail "a failing shard: sweep_parallel.sh exited $status, expected 1"
grep -q "1 shard(s) failed" "$tmp/failing.err" || fail "no failed shard reported"
grep -q ',failed,' "$tmp/failing/results.csv" || fail "the merged results.csv lacks the failure"
echo "ok: a failing shard fails the recipe (exit 1)"

# Through ssh on loopback, when an sshd is installed and we may run it.
if ! command -v ssh >/dev/null || [[ ! -x /usr/sbin/sshd ]]; then
    echo "PASSED: local GNU parallel sweeps (--sshlogin part skipped: install openssh-server)"
    exit 0
fi
[[ $(id -u) -eq 0 ]] || { echo "PASSED (--sshlogin part needs root for sshd)"; exit 0; }
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/client_key"
cp "$tmp/client_key.pub" "$tmp/authorized_keys"
port=$(free_port)
cat >"$tmp/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/host_key
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
LogLevel ERROR
EOF
start_daemon "$tmp/sshd.log" /usr/sbin/sshd -D -e -f "$tmp/sshd_config"
ssh_cmd="ssh -p $port -i $tmp/client_key -o BatchMode=yes -o StrictHostKeyChecking=no"
ssh_cmd+=" -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5"
wait_until 15 "sshd on 127.0.0.1:$port (see $tmp/sshd.log)" $ssh_cmd root@127.0.0.1 true

"${recipe[@]}" --shards 3 --ssh "$ssh_cmd" --sshlogin 2/root@127.0.0.1 "$tmp/good.toml" \
    "$tmp/remote" || fail "sweep_parallel.sh --sshlogin exited $?"
same_as_reference "$tmp/remote" "$tmp/reference"
grep -q "root@127.0.0.1" "$tmp/remote/parallel.joblog" || fail "shards did not run over ssh"
echo "PASSED: GNU parallel sweeps, locally and over --sshlogin"
