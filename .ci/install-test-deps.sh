#!/usr/bin/env bash
# install-test-deps.sh: installs the Debian packages the integration tests run besides Maven and the JDK
# (nc, socat, ii, irssi, tmux, xinetd, ngircd, redis-server, openssl, ps/pgrep, setpriv/runuser/unshare,
# ss/ip, systemd-socket-activate, hping3 for datagrams with a chosen source port, weechat-headless, faketime for a server whose clock differs,
# postgresql for the chat store's tests, which run initdb and postgres from /usr/lib/postgresql/VERSION/bin).
# Only packages whose commands are missing are installed, so it is a fast, silent no-op once they are all
# there. As root it runs apt-get; as any other user it prints the apt-get line to run and exits 1.
# Package installs must not start daemons (ngIRCd would take 6667, Redis 6379, xinetd its services): a
# temporary policy-rc.d (exit 101, "action forbidden") stops invoke-rc.d/deb-systemd-invoke from starting
# them (redis-server's postinst starts its service through them; postgresql's would start its "main" cluster). The tests start their own xinetd, ngircd
# and redis-server from private configs or arguments on free loopback ports.
set -euo pipefail

PROG=${0##*/}
# Daemons and admin tools live in sbin, which a normal user's PATH may lack.
export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

# package -> commands that prove it is installed
declare -A COMMANDS=(
    [netcat-openbsd]="nc"
    [socat]="socat"
    [ii]="ii"
    [irssi]="irssi"
    [tmux]="tmux"
    [xinetd]="xinetd"
    [ngircd]="ngircd"
    [redis-server]="redis-server"
    [openssl]="openssl"
    [procps]="ps pgrep"
    [util-linux]="setpriv runuser unshare"
    [iproute2]="ss ip"
    [systemd]="systemd-socket-activate"
    [hping3]="hping3"
    [weechat-headless]="weechat-headless"
    [faketime]="faketime"
    [postgresql]="pg_ctlcluster"
)
ORDER=(netcat-openbsd socat ii irssi tmux xinetd ngircd redis-server openssl procps util-linux iproute2 systemd hping3 weechat-headless faketime postgresql)

missing=()
for pkg in "${ORDER[@]}"; do
    for cmd in ${COMMANDS[$pkg]}; do
        if ! command -v "$cmd" >/dev/null 2>&1; then
            missing+=("$pkg")
            break
        fi
    done
done
# The tests use OpenBSD nc's -N (shutdown after EOF on stdin); netcat-traditional's nc has no -N.
if [[ " ${missing[*]} " != *" netcat-openbsd "* ]]; then
    nc_help=$(nc -h 2>&1 || true)
    if ! grep -q -- '^[[:space:]]*-N' <<<"$nc_help"; then
        missing+=(netcat-openbsd)
    fi
fi

# postgresql-common's pg_ctlcluster may be there without a server: the tests need initdb itself.
if [[ " ${missing[*]} " != *" postgresql "* ]] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    missing+=(postgresql)
fi

(( ${#missing[@]} == 0 )) && exit 0

if (( EUID != 0 )); then
    echo "$PROG: the integration tests need these Debian packages; install them as root with:" >&2
    echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/install-test-deps.XXXXXX.log")
policy=/usr/sbin/policy-rc.d
created_policy=false
cleanup() {
    if $created_policy; then rm -f "$policy"; fi
}
trap cleanup EXIT
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# temporary, from %s: no service starts while installing test packages\nexit 101\n' "$PROG" >"$policy"
    chmod 755 "$policy"
    created_policy=true
fi

export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "$PROG: apt-get failed installing: ${missing[*]} (log above, also in $log)" >&2
    exit 1
fi
rm -f "$log"
