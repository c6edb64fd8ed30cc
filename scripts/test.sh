#!/usr/bin/env bash
# The README's test command: install the test tools, then run every test.
# Runs as root (the runtime tests make containers, mounts and namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo test --locked --no-fail-fast --all-targets -- --test-threads="${TEST_THREADS:-2}"
# The daemon-based integration tests again, every daemon under gVisor (runsc).
# (hostile.rs and egress.rs already run each runtime themselves. cluster.rs
# runs once, above, under the default runtime: three daemons with hundreds
# of sandboxes each time would take far too long under runsc.)
echo "cluster.rs: run once, under the default runtime (left out of the runsc rerun)"
SESSIONPOOL_TEST_RUNTIME=runsc cargo test --locked --no-fail-fast \
  $(for t in tests/*.rs; do n=$(basename "$t" .rs); case $n in hostile|egress|runtime_suite|cluster) ;; *) grep -q 'Daemon::start' "$t" && echo "--test $n" ;; esac; done) \
  -- --test-threads="${TEST_THREADS:-2}"
