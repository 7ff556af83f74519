#!/usr/bin/env bash
# `make run`: the main job on the embedded default (./.concord) with the fixture studies —
# ingest them, list what was stored, and verify the audit log that recorded it.
set -euo pipefail
cd "$(dirname "$0")/.."
CONCORD=${1:-.build/debug/concord}
DATA=${CONCORD_DATA:-.concord}

if [ ! -e "$DATA/audit.key" ] && [ -z "${CONCORD_AUDIT_KEYS:-}${CONCORD_AUDIT_KEY_FILE:-}" ]; then
    "$CONCORD" audit keys init --data "$DATA"
fi
"$CONCORD" ingest --data "$DATA" Fixtures/dicom Fixtures/pixels || [ $? -eq 2 ]
"$CONCORD" study list --data "$DATA"
"$CONCORD" audit verify --data "$DATA"
