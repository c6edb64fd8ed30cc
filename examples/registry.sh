#!/bin/sh
# Runs a local OCI registry (Debian's docker-registry, distribution 2.8) for
# tests and demos, on loopback only.
#
#   registry.sh start DIR PORT [USER PASS]   storage in DIR/data; htpasswd auth if USER PASS
#   registry.sh stop DIR                     kills exactly the PID in DIR/registry.pid
#
# The PID file (not a process name) identifies the registry, so several can run
# side by side and stop never touches anyone else's process.
set -eu

usage() {
    echo "usage: $0 start DIR PORT [USER PASS] | $0 stop DIR" >&2
    exit 2
}

need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "$0: $1 is required (apt-get install $2)" >&2
        exit 1
    }
}

start() {
    dir=$1 port=$2 user=${3:-} pass=${4:-}
    need docker-registry docker-registry
    need curl curl
    mkdir -p "$dir/data"
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/registry.pid" ] && kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then
        echo "$0: a registry is already running from $dir (pid $(cat "$dir/registry.pid"))" >&2
        exit 1
    fi
    auth=""
    if [ -n "$user" ]; then
        need htpasswd apache2-utils
        # -B: bcrypt, the only scheme distribution accepts.
        htpasswd -Bbc "$dir/htpasswd" "$user" "$pass" 2>/dev/null
        auth="auth: {htpasswd: {realm: sessionpool-test, path: $dir/htpasswd}}"
    fi
    cat >"$dir/config.yml" <<CONFIG
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $dir/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
$auth
CONFIG
    docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
    echo $! >"$dir/registry.pid"
    # Ready once /v2/ answers at all (200 anonymous, 401 with auth).
    i=0
    while [ $i -lt 100 ]; do
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
        case $code in
        200 | 401)
            echo "registry on 127.0.0.1:$port (pid $(cat "$dir/registry.pid"))"
            return 0
            ;;
        esac
        if ! kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then
            echo "$0: registry exited; log:" >&2
            cat "$dir/registry.log" >&2
            exit 1
        fi
        i=$((i + 1))
        sleep 0.1
    done
    echo "$0: registry did not answer on 127.0.0.1:$port within 10s" >&2
    exit 1
}

stop() {
    dir=$1
    [ -f "$dir/registry.pid" ] || {
        echo "$0: no $dir/registry.pid" >&2
        exit 1
    }
    pid=$(cat "$dir/registry.pid")
    kill "$pid" 2>/dev/null || true
    rm -f "$dir/registry.pid"
}

[ $# -ge 2 ] || usage
case $1 in
start)
    [ $# -eq 3 ] || [ $# -eq 5 ] || usage
    shift
    start "$@"
    ;;
stop) stop "$2" ;; # extra arguments (PORT...) are accepted and ignored
*) usage ;;
esac
