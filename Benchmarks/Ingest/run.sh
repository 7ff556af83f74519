#!/usr/bin/env bash
# Ingest: Concord vs Orthanc storing the same generated DICOM files, in one run; then 100,000
# regions into Concord's store and the latency of querying one frame's annotations.
# See Benchmarks/README.md.
#
#   Benchmarks/Ingest/run.sh [--count N] [--runs R] [--clients C] [--regions M] [--keep]
#
#   --count N    instances to generate (default 2000, 128x128 16-bit CT, ~33 KB each)
#   --runs R     ingest runs per system into a fresh store each time; the best is kept (default 3)
#   --clients C  parallel HTTP clients posting to Orthanc (default 8)
#   --regions M  regions to insert after ingest (default 100000; 0 skips that part)
#   --keep       keep the temp folder and print where it is
#
# Environment: VENV (default <repo>/.venv, must have pydicom and numpy), SCRATCH (SwiftPM
# scratch path, default <repo>/.build-bench).
#
# Installs nothing; it checks what it needs and says how to get what is missing.
# Results: a table on stdout and every raw JSON line in Benchmarks/out/ingest.jsonl.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
SCRATCH="${SCRATCH:-$ROOT/.build-bench}"
COUNT=2000
RUNS=3
CLIENTS=8
REGIONS=100000
KEEP=0

while [ $# -gt 0 ]; do
    case "$1" in
        --count) COUNT="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --clients) CLIENTS="$2"; shift 2 ;;
        --regions) REGIONS="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# --- Prerequisites -----------------------------------------------------------------------
command -v Orthanc >/dev/null || die "Orthanc not found (install: CONCORD_BENCH=1 make deps, or apt-get install -y orthanc)"
command -v curl >/dev/null || die "curl not found (install: apt-get install -y curl)"
command -v swift >/dev/null || die "swift not found on PATH"
PY="$VENV/bin/python"
if ! [ -x "$PY" ] || ! "$PY" -c "import pydicom, numpy" 2>/dev/null; then
    die "no Python venv with pydicom and numpy at $VENV: run 'make deps' at the repo root, or point VENV at one"
fi

say "building concord and concord-annotation-bench (swift build -c release --scratch-path $SCRATCH)"
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product concord >&2)
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product concord-annotation-bench >&2)
BIN="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/concord-ingest-bench.XXXXXX")"
ORTHANC_PID=""
cleanup() {
    if [ -n "$ORTHANC_PID" ]; then kill "$ORTHANC_PID" 2>/dev/null || true; wait "$ORTHANC_PID" 2>/dev/null || true; fi
    if [ "$KEEP" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say "generating $COUNT instances in $WORK/dicom"
"$PY" "$HERE/make_dataset.py" "$WORK/dicom" --count "$COUNT"
find "$WORK/dicom" -name '*.dcm' | sort > "$WORK/files.txt"
BYTES=$(du -sb "$WORK/dicom" | cut -f1)
OUT="$ROOT/Benchmarks/out"
mkdir -p "$OUT"
RESULTS="$OUT/ingest.jsonl"
now() { date +%s.%N; }

# --- Concord: concord ingest into a fresh data directory ----------------------------------
# Every run gets a fresh folder, and nothing is deleted until the end: creating files right
# after deleting many makes ext4 search harder for free inodes, which would blur the figures.
# The two systems take turns, so a busy moment on the machine hits both alike.
free_port() { "$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
concord_rates=()
orthanc_rates=()
durable_rates=()
for run in $(seq "$RUNS"); do
    # --- Concord: concord ingest into a fresh data directory -----------------------------
    CONCORD_DATA="$WORK/concord-$run"
    # Each system starts with nothing left to write back: Orthanc does not fsync its files, and
    # Concord's one syncfs per batch would otherwise pay for Orthanc's previous turn.
    sync
    start=$(now)
    "$BIN/concord" ingest --data "$CONCORD_DATA" --quiet --json "$WORK/dicom" > "$WORK/concord-summary.json"
    end=$(now)
    ingested=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['ingested'])" "$WORK/concord-summary.json")
    [ "$ingested" = "$COUNT" ] || die "concord ingested $ingested of $COUNT files"
    rate=$("$PY" -c "print($COUNT / ($end - $start))")
    echo "{\"system\": \"concord\", \"run\": $run, \"files\": $COUNT, \"seconds\": $("$PY" -c "print($end - $start)"), \"files_per_second\": $rate}" | tee -a "$RESULTS" >&2
    concord_rates+=("$rate")

    # --- Orthanc: POST /instances from parallel clients into a fresh storage -------------
    ORTHANC_DATA="$WORK/orthanc-$run"
    mkdir -p "$ORTHANC_DATA/storage" "$ORTHANC_DATA/index"
    PORT=$(free_port)
    cat > "$ORTHANC_DATA/config.json" <<JSON
{
  "Name": "concord-ingest-bench",
  "StorageDirectory": "$ORTHANC_DATA/storage",
  "IndexDirectory": "$ORTHANC_DATA/index",
  "HttpPort": $PORT,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomServerEnabled": false,
  "HttpThreadsCount": 50,
  "SaveJobs": false,
  "Plugins": []
}
JSON
    sync
    Orthanc "$ORTHANC_DATA/config.json" > "$ORTHANC_DATA/log.txt" 2>&1 &
    ORTHANC_PID=$!
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$PORT/system" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -sf "http://127.0.0.1:$PORT/system" >/dev/null || die "Orthanc did not start; see $ORTHANC_DATA/log.txt"
    start=$(now)
    result=$("$PY" "$HERE/orthanc_upload.py" "http://127.0.0.1:$PORT" "$WORK/files.txt" --clients "$CLIENTS")
    # Orthanc answers before its files reach the disk; Concord's ingest returns only once they
    # have (syncfs per batch). "Orthanc + sync" times the upload plus the write-back, for a
    # like-for-like durable figure beside the plain one.
    sync
    end=$(now)
    stored=$(curl -sf "http://127.0.0.1:$PORT/statistics" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['CountInstances'])")
    kill "$ORTHANC_PID"; wait "$ORTHANC_PID" 2>/dev/null || true; ORTHANC_PID=""
    [ "$stored" = "$COUNT" ] || die "Orthanc stored $stored of $COUNT files"
    rate=$("$PY" -c "import json,sys; print(json.loads(sys.argv[1])['files_per_second'])" "$result")
    echo "{\"system\": \"orthanc\", \"run\": $run, \"clients\": $CLIENTS, \"result\": $result}" | tee -a "$RESULTS" >&2
    orthanc_rates+=("$rate")
    durable_rates+=("$("$PY" -c "print($COUNT / ($end - $start))")")
done

# --- Regions: insert into the last Concord store, then query one frame ------------------
regions=""
if [ "$REGIONS" -gt 0 ]; then
    say "inserting $REGIONS regions and querying one frame's annotations"
    regions=$("$BIN/concord-annotation-bench" "$CONCORD_DATA" "$REGIONS" 1000)
    echo "{\"system\": \"concord\", \"part\": \"regions\", \"result\": $regions}" | tee -a "$RESULTS" >&2
fi

"$PY" - "$COUNT" "$BYTES" "$CLIENTS" "$regions" "${concord_rates[*]}" "${orthanc_rates[*]}" "${durable_rates[*]}" <<'PY'
import json, statistics, sys
count, size, clients, regions = sys.argv[1:5]
concord = [float(r) for r in sys.argv[5].split()]
orthanc = [float(r) for r in sys.argv[6].split()]
durable = [float(r) for r in sys.argv[7].split()]
print(f"Ingest of {count} instances ({int(size) / 1e6:.1f} MB), {len(concord)} runs each, taking turns:")
print(f"                              best        median   files/s")
print(f"  concord ingest           {max(concord):9.1f}     {statistics.median(concord):9.1f}")
print(f"  Orthanc REST ({clients:>2} clients) {max(orthanc):9.1f}     {statistics.median(orthanc):9.1f}")
print(f"  Orthanc + sync           {max(durable):9.1f}     {statistics.median(durable):9.1f}")
print(f"  ratio concord / Orthanc  {max(concord) / max(orthanc):9.2f}x    {statistics.median(concord) / statistics.median(orthanc):9.2f}x   (goal >= 3x)")
print(f"  ratio concord / Orthanc + sync {max(concord) / max(durable):6.2f}x    {statistics.median(concord) / statistics.median(durable):9.2f}x")
if regions:
    r = json.loads(regions)
    print(f"Regions: {r['regions']} inserted at {r['regions_per_second']:.0f}/s (one transaction each);")
    print(f"  one frame's annotations ({r['mean_regions_per_frame']:.0f} regions): median {r['frame_query_median_ms']:.2f} ms, p99 {r['frame_query_p99_ms']:.2f} ms")
PY
