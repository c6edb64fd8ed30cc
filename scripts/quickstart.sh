#!/usr/bin/env bash
# The main job end to end, on a fresh Debian 12 machine as root: install the
# tools, start a local registry (with a password, like the walkthrough), build
# and push the example session image, start the daemon, run the reference
# walkthrough's create command, and call user-1's session with curl and with
# `sessionpool invoke`. Everything it started is stopped at the end (by PID);
# pass --keep to leave the daemon, the pool and the registry running.
set -euo pipefail
cd "$(dirname "$0")/.."
KEEP=0; [ "${1:-}" = --keep ] && KEEP=1
PORT=${REGISTRY_PORT:-5000}
REG=127.0.0.1:$PORT
WORK=${QUICKSTART_DIR:-/tmp/sessionpool-quickstart}
USER_NAME=quickstart PASSWORD=quickstart-password
RG=my-rg POOL=my-session-pool

step() { printf '\n== %s\n' "$*"; }

step "install tools (apt) and build sessionpool"
scripts/install-deps.sh
cargo build --release --locked
SP=$PWD/target/release/sessionpool
mkdir -p "$WORK"

daemon_pid=""
cleanup() {
  [ $KEEP -eq 1 ] && return
  step "clean up"
  "$SP" delete -n $POOL -g $RG --environment local --yes 2>/dev/null || true
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
  examples/registry.sh stop "$WORK/registry" 2>/dev/null || true
}
trap cleanup EXIT

step "start a registry on $REG (htpasswd: $USER_NAME)"
examples/registry.sh start "$WORK/registry" "$PORT" $USER_NAME $PASSWORD

step "build the example session image (listening on port 80) and push it"
# The walkthrough forwards to port 80, so the quickstart's image serves there.
examples/build-image.sh --port 80 --creds $USER_NAME:$PASSWORD --out "$WORK/image" $REG/session-server:1.0

step "start the daemon (socket /run/sessionpool/sessionpool.sock, TCP 127.0.0.1:8443)"
"$SP" daemon --listen 127.0.0.1:8443 --insecure-registry $REG >"$WORK/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do [ -S /run/sessionpool/sessionpool.sock ] && break; sleep 0.1; done

step "sessionpool create (the reference walkthrough)"
"$SP" create \
    --name $POOL \
    --resource-group $RG \
    --environment local \
    --registry-server $REG \
    --registry-username $USER_NAME \
    --registry-password $PASSWORD \
    --container-type CustomContainer \
    --image $REG/session-server:1.0 \
    --cpu 0.25 --memory 0.5Gi \
    --target-port 80 \
    --cooldown-period 300 \
    --network-status EgressDisabled \
    --max-sessions 10 \
    --ready-sessions 5 \
    --env-vars "key1=value1" "key2=value2" \
    --location local \
    --query "{state: properties.provisioningState, digest: properties.imageDigest}" -o table

for _ in $(seq 100); do
  ready=$("$SP" show -n $POOL -g $RG --environment local --query properties.templateUpdateStatus.readyCount -o tsv)
  [ "$ready" -ge 5 ] && break; sleep 0.1
done
echo "ready sessions: $ready"
"$SP" list --environment local -o table

step "call user-1's session"
ENDPOINT=$("$SP" show -n $POOL -g $RG --environment local --query properties.poolManagementEndpoint -o tsv)
TOKEN=$("$SP" token create --role executor -n $POOL -g $RG --environment local --query token -o tsv)
echo "endpoint: $ENDPOINT"
curl -sS -X POST "$ENDPOINT/api/execute?identifier=user-1" \
    -H "Authorization: Bearer $TOKEN" \
    -d '{"command": "echo '\''Hello, world!'\''"}'
echo
"$SP" invoke -n $POOL -g $RG --environment local --identifier user-1 --path /api/execute \
    --data '{"command": "hostname; cat /proc/self/cgroup | head -3"}'
"$SP" session list -n $POOL -g $RG --environment local -o table
echo "quickstart: done"
