#!/usr/bin/env bash
# Audit log speed in one run: durable appends/s through the group-commit sequencer (many
# appender threads) beside plain SQLite durable inserts, full verification entries/s, and
# proof times at ENTRIES (default 1,000,000) entries. Release build.
# usage: Benchmarks/Audit/run.sh [ENTRIES] [APPENDERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product concord-audit-bench >&2
echo "machine: $(nproc) cores, $(uname -sr)"
exec .build/release/concord-audit-bench "${1:-1000000}" "${2:-64}"
