# Sourced by scripts/setup.sh and scripts/setup_test.sh: `apt_install_missing TAG PACKAGE...`
# installs, from Debian's archive, those of the packages not installed yet (nothing when all
# are; idempotent), naming them after "TAG: installing".
apt_install_missing() {
    local tag=$1 p
    shift
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "$tag: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
