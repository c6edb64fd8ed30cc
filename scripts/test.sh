#!/usr/bin/env bash
# The README's test command: install the test tools, then run every test.
# Runs as root (the runtime tests make containers, mounts and namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo test --locked --all-targets -- --test-threads="${TEST_THREADS:-2}"
