#!/usr/bin/env bash
# The README's test command: install the test tools, then run every test.
# Runs as root (the runtime tests make containers, mounts and namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo test --locked --no-fail-fast --all-targets -- --test-threads="${TEST_THREADS:-2}"
# The daemon-based integration tests again, every daemon under gVisor (runsc).
# (hostile.rs and egress.rs already run each runtime themselves.)
SESSIONPOOL_TEST_RUNTIME=runsc cargo test --locked --no-fail-fast \
  $(for t in tests/*.rs; do n=$(basename "$t" .rs); case $n in hostile|egress|runtime_suite) ;; *) grep -q 'Daemon::start' "$t" && echo "--test $n" ;; esac; done) \
  -- --test-threads="${TEST_THREADS:-2}"
