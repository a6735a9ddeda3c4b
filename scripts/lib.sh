# Shared helpers for scnet's sandbox scripts. Sourced, not run.

# apt_install PKG...: installs the Debian packages that are missing, without starting daemons.
apt_install() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "scnet: installing ${missing[*]}" >&2
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        # Package scripts must not start system-wide daemons: we run private ones.
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
    fi
    local lock=/tmp/scnet-apt.lock
    (
        flock 9
        if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    ) 9>"$lock"
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every 50 ms until it succeeds.
wait_for() {
    local what=$1 limit=$2; shift 2
    local deadline=$(( $(date +%s%N) + limit * 1000000000 ))
    until "$@" >/dev/null 2>&1; do
        if [ "$(date +%s%N)" -gt "$deadline" ]; then
            echo "scnet: timed out after ${limit}s waiting for $what" >&2
            return 1
        fi
        sleep 0.05
    done
}

# stop_pidfile FILE [SECONDS]: stops the process named in FILE (TERM, then KILL after SECONDS,
# default 5) and waits for it to go.
stop_pidfile() {
    local f=$1 grace=${2:-5}
    [ -f "$f" ] || return 0
    local pid; pid=$(cat "$f" 2>/dev/null)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 1 $((grace * 20))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$f"
}
