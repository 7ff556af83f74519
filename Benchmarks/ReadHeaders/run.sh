#!/usr/bin/env bash
# ReadHeaders: Concord vs DCMTK vs pydicom reading DICOM headers (stop before Pixel Data),
# in one run over the same generated files. See Benchmarks/README.md.
#
#   Benchmarks/ReadHeaders/run.sh [--count N] [--runs R] [--data DIR] [--keep]
#
#   --count N   header files to generate (default 2000)
#   --runs R    processes per reader; the best is kept (default 3)
#   --data DIR  use (or create once and keep) the data set in DIR instead of a temp dir
#   --keep      keep the temp data set and print where it is
#
# Environment: VENV (default <repo>/.venv, must have pydicom), SCRATCH (SwiftPM scratch path,
# default <repo>/.build-bench), CONCORD_REPEAT / DCMTK_REPEAT / PYDICOM_REPEAT (timed passes
# over all files per process, default 10 / 3 / 1), OPEN_REPEAT (opens per process for the
# small-vs-50 MB comparison, default 20000 for Concord; DCMTK gets a tenth, pydicom a fiftieth).
#
# Installs nothing; it checks what it needs and says how to get what is missing.
# Results: a table on stdout and every raw JSON line in Benchmarks/out/read-headers.jsonl.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
SCRATCH="${SCRATCH:-$ROOT/.build-bench}"
COUNT=2000
RUNS=3
DATA=""
KEEP=0
CONCORD_REPEAT="${CONCORD_REPEAT:-10}"
DCMTK_REPEAT="${DCMTK_REPEAT:-3}"
PYDICOM_REPEAT="${PYDICOM_REPEAT:-1}"
OPEN_REPEAT="${OPEN_REPEAT:-20000}"

while [ $# -gt 0 ]; do
    case "$1" in
        --count) COUNT="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# --- Prerequisites -----------------------------------------------------------------------
missing=()
for pkg in libdcmtk-dev dcmtk; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] || die "missing Debian packages: ${missing[*]} (install: make deps, or apt-get install -y ${missing[*]})"
command -v g++ >/dev/null || die "g++ not found (install: apt-get install -y g++)"
command -v swift >/dev/null || die "swift not found on PATH"
PY="$VENV/bin/python"
if ! [ -x "$PY" ] || ! "$PY" -c "import pydicom" 2>/dev/null; then
    die "no Python venv with pydicom at $VENV: run 'make deps' at the repo root (it creates .venv; or: python3 -m venv .venv && .venv/bin/pip install pydicom), or point VENV at one"
fi
TIME=""
if /usr/bin/time -v true >/dev/null 2>&1; then
    TIME=/usr/bin/time
else
    say "GNU time not found: peak RSS is not measured (install: apt-get install -y time)"
fi

OUT="$ROOT/Benchmarks/out"
mkdir -p "$OUT"
BIN="$OUT/bin"
mkdir -p "$BIN"

# --- Build -------------------------------------------------------------------------------
say "building dcmtk_read (g++ -O2 against libdcmtk)"
g++ -O2 -std=c++17 -I/usr/include/dcmtk "$HERE/dcmtk_read.cpp" -o "$BIN/dcmtk_read" \
    -ldcmdata -loflog -lofstd

say "building concord-read-bench (swift build -c release --scratch-path $SCRATCH)"
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product concord-read-bench >&2)
CONCORD="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/concord-read-bench"
[ -x "$CONCORD" ] || die "concord-read-bench was not built at $CONCORD"
DCMTK="$BIN/dcmtk_read"
PYDICOM=("$PY" "$HERE/pydicom_read.py")

# --- Data --------------------------------------------------------------------------------
if [ -z "$DATA" ]; then
    DATA="$(mktemp -d "${TMPDIR:-/tmp}/concord-read-headers.XXXXXX")"
    if [ "$KEEP" -eq 1 ]; then
        say "data set kept in $DATA"
    else
        trap 'rm -rf "$DATA"' EXIT
    fi
fi
if [ -f "$DATA/files.txt" ] && [ "$(wc -l < "$DATA/files.txt")" -eq "$COUNT" ]; then
    say "reusing the data set in $DATA"
else
    say "generating $COUNT header files, a 50 MB multi-frame and a small file in $DATA"
    "$PY" "$HERE/make_dataset.py" "$DATA" --count "$COUNT"
fi

# --- Runs --------------------------------------------------------------------------------
RESULTS="$OUT/read-headers.jsonl"
: > "$RESULTS"

# run KIND READER CMD... : runs one process, appends its JSON line (with kind and peak RSS).
run() {
    local kind="$1" reader="$2"; shift 2
    local line rss="null" tf
    tf="$(mktemp)"
    if [ -n "$TIME" ]; then
        line="$("$TIME" -v -o "$tf" "$@")" || die "$reader failed: $*"
        rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")"
    else
        line="$("$@")" || die "$reader failed: $*"
    fi
    rm -f "$tf"
    printf '{"kind":"%s","max_rss_kb":%s,%s\n' "$kind" "$rss" "${line#\{}" >> "$RESULTS"
    printf '    %-10s %s\n' "$kind" "$line" >&2
}

say "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
say "header throughput: $RUNS processes per reader, interleaved, $COUNT files each"
for r in $(seq "$RUNS"); do
    run throughput concord "$CONCORD" --repeat "$CONCORD_REPEAT" --list "$DATA/files.txt"
    run throughput dcmtk "$DCMTK" --repeat "$DCMTK_REPEAT" --list "$DATA/files.txt"
    run throughput pydicom "${PYDICOM[@]}" --repeat "$PYDICOM_REPEAT" --list "$DATA/files.txt"
done

NPROC="$(nproc)"
if [ "$NPROC" -gt 1 ]; then
    say "Concord on $NPROC threads (reported separately, not in the ratios)"
    for r in $(seq "$RUNS"); do
        run parallel concord "$CONCORD" --threads "$NPROC" --repeat "$CONCORD_REPEAT" --list "$DATA/files.txt"
    done
fi

say "open cost: one small file vs one 50 MB multi-frame, the same header"
for r in $(seq "$RUNS"); do
    for f in small multiframe; do
        run "open-$f" concord "$CONCORD" --repeat "$OPEN_REPEAT" "$DATA/$f.dcm"
        run "open-$f-full" concord "$CONCORD" --full --repeat "$OPEN_REPEAT" "$DATA/$f.dcm"
        run "open-$f" dcmtk "$DCMTK" --repeat $((OPEN_REPEAT / 10)) "$DATA/$f.dcm"
        run "open-$f" pydicom "${PYDICOM[@]}" --repeat $((OPEN_REPEAT / 50)) "$DATA/$f.dcm"
    done
done

# --- Report ------------------------------------------------------------------------------
DCMTK_VERSION="$(dpkg-query -W -f='${Version}' libdcmtk-dev)"
SWIFT_VERSION="$(swift --version 2>&1 | sed -n 's/.*Swift version \([^ ]*\).*/\1/p' | head -1)"
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
MEM_GIB="$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $CPU, $NPROC CPUs, $MEM_GIB GiB, $(uname -sr); Swift $SWIFT_VERSION," \
     "DCMTK $DCMTK_VERSION, pydicom $("$PY" -c 'import pydicom; print(pydicom.__version__)')" \
     "on Python $("$PY" -c 'import platform; print(platform.python_version())')"
"$PY" - "$RESULTS" "$DATA/ground_truth.json" "$NPROC" "$DCMTK_VERSION" <<'EOF'
import json, sys

results = [json.loads(line) for line in open(sys.argv[1])]
truth = json.load(open(sys.argv[2]))
nproc = int(sys.argv[3])
dcmtk_version = sys.argv[4].split("-")[0]

def best(kind, reader):
    rows = [r for r in results if r["kind"] == kind and r["reader"] == reader]
    if not rows:
        return None
    top = max(rows, key=lambda r: r["files_per_s"])
    rss = [r["max_rss_kb"] for r in rows if r["max_rss_kb"] is not None]
    return dict(top, peak_rss_kb=max(rss) if rss else None)

def mib(kb):
    return "n/a" if kb is None else f"{kb / 1024:.0f} MiB"

# Every reader must have seen the same values.
ok = True
for r in results:
    if r["kind"] not in ("throughput", "parallel"):
        continue
    for key in ("elements", "name_chars", "uid_chars", "rows"):
        if r[key] != truth[key]:
            ok = False
            print(f"MISMATCH {r['reader']} {key}: {r[key]} != {truth[key]}")
    if abs(r["ds_sum"] - truth["ds_sum"]) > 1e-3:
        ok = False
        print(f"MISMATCH {r['reader']} ds_sum: {r['ds_sum']} != {truth['ds_sum']}")

c, d, p = best("throughput", "concord"), best("throughput", "dcmtk"), best("throughput", "pydicom")
print()
print(f"Header reads (stop before Pixel Data), {truth['files']} files, "
      f"{truth['elements'] / truth['files']:.0f} top-level elements each, one thread, best of the runs")
def per_cpu(r):
    return r["files"] * r["repeat"] / r["cpu_s"]

print(f"{'reader':<22}{'files/s':>12}{'us/file':>10}{'Concord/this':>14}{'peak RSS':>11}{'files/CPU-s':>13}")
for name, r in (("Concord", c), ("DCMTK " + dcmtk_version, d), ("pydicom " + p["version"], p)):
    ratio = c["files_per_s"] / r["files_per_s"]
    print(f"{name:<22}{r['files_per_s']:>12,.0f}{r['us_per_file']:>10.1f}{ratio:>13.2f}x{mib(r['peak_rss_kb']):>11}"
          f"{per_cpu(r):>13,.0f}")
par = best("parallel", "concord")
if par:
    print(f"{'Concord, ' + str(nproc) + ' threads':<22}{par['files_per_s']:>12,.0f}{par['us_per_file']:>10.1f}"
          f"{'':>14}{mib(par['peak_rss_kb']):>11}{'':>13}   (not in the ratios)")

busy = [(name, r) for name, r in (("Concord", c), ("DCMTK", d), ("pydicom", p)) if r["cpu_s"] < 0.9 * r["elapsed_s"]]
for name, r in busy:
    print(f"note: {name}'s best run had {100 * r['cpu_s'] / r['elapsed_s']:.0f}% of a CPU: the machine was busy, "
          "so its figure is low; rerun on a quiet machine")

rd = c["files_per_s"] / d["files_per_s"]
rp = c["files_per_s"] / p["files_per_s"]
print()
print(f"Concord/DCMTK   = {rd:.2f}x  (goal >= 1.5x)  {'met' if rd >= 1.5 else 'NOT MET'}")
print(f"Concord/pydicom = {rp:.1f}x  (goal >= 30x)   {'met' if rp >= 30 else 'NOT MET'}")
print(f"(per CPU-second, which a busy machine disturbs less: Concord/DCMTK = {per_cpu(c) / per_cpu(d):.2f}x, "
      f"Concord/pydicom = {per_cpu(c) / per_cpu(p):.1f}x)")

print()
print("Open cost, CPU us per open (user + system), same header: 50 MB multi-frame (100 frames 512x512x16)")
print("vs small (64x64), best of the runs")
print(f"{'reader':<22}{'small us':>10}{'50 MB us':>10}{'50MB/small':>12}")

def cpu_us(kind, reader):
    rows = [r for r in results if r["kind"] == kind and r["reader"] == reader]
    return min(r["cpu_s"] / (r["files"] * r["repeat"]) * 1e6 for r in rows) if rows else None

open_ratio = None
for reader, suffix, label in (("concord", "", "Concord"), ("concord", "-full", "Concord, full read"),
                              ("dcmtk", "", "DCMTK"), ("pydicom", "", "pydicom")):
    s, m = cpu_us("open-small" + suffix, reader), cpu_us("open-multiframe" + suffix, reader)
    if s is None or m is None:
        continue
    ratio = m / s
    if label == "Concord":
        open_ratio = ratio
    print(f"{label:<22}{s:>10.1f}{m:>10.1f}{ratio:>11.2f}x")
print()
print(f"Concord open 50 MB / small = {open_ratio:.2f}  (goal ~ 1)  {'met' if open_ratio <= 1.2 else 'NOT MET'}")
if not ok:
    print("\nSome reader reported values that differ from the generated ground truth (see MISMATCH above).")
    sys.exit(1)
EOF
