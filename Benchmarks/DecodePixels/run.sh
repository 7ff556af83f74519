#!/usr/bin/env bash
# DecodePixels: Concord vs DCMTK vs pydicom (and CharLS/OpenJPEG/OpenJPH called directly) decoding every
# frame of a generated 512x512x100 16-bit CT in RLE, JPEG Lossless SV1, JPEG-LS, JPEG 2000 and
# HTJ2K, in one run over the same files. See Benchmarks/README.md.
#
#   Benchmarks/DecodePixels/run.sh [--frames N] [--runs R] [--passes P] [--bits-stored B]
#                                  [--syntaxes LIST] [--data DIR] [--keep]
#
#   --frames N      frames in the generated CT (default 100; 512x512, 16-bit)
#   --runs R        processes per (tool, syntax), interleaved; the best counts (default 3)
#   --passes P      timed passes over all frames in each process, after one warm-up (default 3)
#   --bits-stored B Bits Stored of the CT (default 12)
#   --syntaxes LIST comma-separated subset of rle,jpll,jls,j2k,htj2k (default all)
#   --data DIR      use (or create once and keep) the data in DIR instead of a temp dir
#   --keep          keep the temp data and print where it is
#
# Environment: PYTHON (default <repo>/.venv/bin/python; needs numpy, pydicom and the pylibjpeg
# plugins pylibjpeg-libjpeg, pylibjpeg-openjpeg, pylibjpeg-rle; python-gdcm is used when present),
# SCRATCH (SwiftPM scratch path, default <repo>/.build-decbench), PYDICOM_PLUGIN (default auto:
# the fastest plugin for each syntax).
#
# Installs nothing; it checks what it needs and says how to get what is missing.
# Results: a table on stdout and every raw JSON line in Benchmarks/out/decode-pixels.jsonl.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
SCRATCH="${SCRATCH:-$ROOT/.build-decbench}"
PYDICOM_PLUGIN="${PYDICOM_PLUGIN:-auto}"
FRAMES=100
RUNS=3
PASSES=3
BITS=12
SYNTAXES="rle,jpll,jls,j2k,htj2k"
DATA=""
KEEP=0

while [ $# -gt 0 ]; do
    case "$1" in
        --frames) FRAMES="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --passes) PASSES="$2"; shift 2 ;;
        --bits-stored) BITS="$2"; shift 2 ;;
        --syntaxes) SYNTAXES="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# --- Prerequisites -----------------------------------------------------------------------
missing=()
for pkg in libdcmtk-dev dcmtk libopenjp2-tools openjph-tools libopenjph-dev time; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] || die "missing Debian packages: ${missing[*]} (install: apt-get install -y ${missing[*]})"
for tool in dcmcrle dcmcjpeg dcmcjpls opj_compress ojph_compress g++ swift /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool not found"
done
[ -x "$PY" ] || die "no Python at $PY: run 'make venv' at the repo root or set PYTHON to a venv's python"
"$PY" -c "import numpy, pydicom, pylibjpeg, libjpeg, openjpeg, rle" 2>/dev/null \
    || die "$PY lacks numpy, pydicom or the pylibjpeg plugins (pip install numpy pydicom pylibjpeg pylibjpeg-libjpeg pylibjpeg-openjpeg pylibjpeg-rle [python-gdcm])"
# OpenJPEG reads OPJ_NUM_THREADS to decode one frame on several threads; every decoder here
# gets one thread per frame.
unset OPJ_NUM_THREADS

OUT="$ROOT/Benchmarks/out"
BIN="$OUT/bin"
mkdir -p "$BIN"

# --- Build -------------------------------------------------------------------------------
say "building dcmtk_decode (g++ -O2 against libdcmtk)"
g++ -O2 -std=c++17 -I/usr/include/dcmtk "$HERE/dcmtk_decode.cpp" -o "$BIN/dcmtk_decode" \
    -ldcmjpls -ldcmjpeg -ldcmimgle -ldcmdata -loflog -lofstd

say "building concord-decode-bench (swift build -c release --scratch-path $SCRATCH)"
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product concord-decode-bench >&2)
CONCORD="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/concord-decode-bench"
[ -x "$CONCORD" ] || die "concord-decode-bench was not built at $CONCORD"
DCMTK="$BIN/dcmtk_decode"

# --- Data --------------------------------------------------------------------------------
if [ -z "$DATA" ]; then
    DATA="$(mktemp -d "${TMPDIR:-/tmp}/concord-decode-pixels.XXXXXX")"
    if [ "$KEEP" -eq 1 ]; then
        say "data kept in $DATA"
    else
        trap 'rm -rf "$DATA"' EXIT
    fi
fi
mkdir -p "$DATA"
if [ -f "$DATA/truth.json" ] && "$PY" -c "import json,sys; t=json.load(open('$DATA/truth.json')); sys.exit(t['frames'] != $FRAMES or t['bits_stored'] != $BITS)"; then
    say "reusing the native CT in $DATA"
else
    say "generating a 512x512x$FRAMES CT, Bits Stored $BITS, in $DATA"
    rm -f "$DATA"/*.dcm
    "$PY" "$HERE/make_dataset.py" "$DATA" --frames "$FRAMES" --bits-stored "$BITS"
fi
NATIVE="$DATA/native.dcm"
NPROC="$(nproc)"

encode() {   # encode NAME: writes $DATA/NAME.dcm unless it is there
    local name="$1" f="$DATA/$1.dcm"
    [ -s "$f" ] && return 0
    case "$name" in
        rle)  say "encoding RLE Lossless (dcmcrle)"; dcmcrle "$NATIVE" "$f" ;;
        jpll) say "encoding JPEG Lossless SV1 (dcmcjpeg +e1)"; dcmcjpeg +e1 "$NATIVE" "$f" ;;
        jls)  say "encoding JPEG-LS lossless (dcmcjpls +el)"; dcmcjpls +el "$NATIVE" "$f" ;;
        j2k)
            say "encoding JPEG 2000 lossless (opj_compress per frame, wrapped with pydicom)"
            rm -rf "$DATA/j2k.frames"; mkdir -p "$DATA/j2k.frames"
            ls "$DATA/frames" | sed 's/\.pgm$//' | xargs -P "$NPROC" -I{} \
                opj_compress -i "$DATA/frames/{}.pgm" -o "$DATA/j2k.frames/{}.j2k" >/dev/null
            "$PY" "$HERE/make_dataset.py" --wrap "$NATIVE" 1.2.840.10008.1.2.4.90 "$f" "$DATA"/j2k.frames/*.j2k ;;
        htj2k)
            say "encoding HTJ2K lossless (ojph_compress -reversible true per frame, wrapped with pydicom)"
            rm -rf "$DATA/htj2k.frames"; mkdir -p "$DATA/htj2k.frames"
            ls "$DATA/frames" | sed 's/\.pgm$//' | xargs -P "$NPROC" -I{} \
                ojph_compress -i "$DATA/frames/{}.pgm" -o "$DATA/htj2k.frames/{}.j2c" -reversible true >/dev/null
            "$PY" "$HERE/make_dataset.py" --wrap "$NATIVE" 1.2.840.10008.1.2.4.201 "$f" "$DATA"/htj2k.frames/*.j2c ;;
        *) die "unknown syntax $name (rle, jpll, jls, j2k, htj2k)" ;;
    esac
}
IFS=, read -r -a SYNTAX_LIST <<< "$SYNTAXES"
for s in "${SYNTAX_LIST[@]}"; do encode "$s"; done

# --- Runs --------------------------------------------------------------------------------
RESULTS="$OUT/decode-pixels.jsonl"
: > "$RESULTS"

# run SYNTAX LABEL CMD... : one process under GNU time; appends its JSON line (with the syntax
# name, the tool label and peak RSS).
run() {
    local syntax="$1" label="$2"; shift 2
    local line rss tf
    tf="$(mktemp)"
    line="$(/usr/bin/time -v -o "$tf" "$@")" || { cat "$tf" >&2; rm -f "$tf"; die "$label failed on $syntax: $*"; }
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")"
    rm -f "$tf"
    printf '{"name":"%s","label":"%s","max_rss_kb":%s,%s\n' "$syntax" "$label" "$rss" "${line#\{}" >> "$RESULTS"
    printf '    %-6s %-16s %s\n' "$syntax" "$label" \
        "$(printf '%s' "$line" | "$PY" -c 'import json,sys; r=json.load(sys.stdin); print("%8.2f ms/frame (best pass), cpu %6.2f s, wall %6.2f s" % (r["best_ms_per_frame"], r["cpu_s"], r["wall_s"]))')" >&2
}

say "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $NPROC CPUs"
say "$RUNS processes per tool and syntax, interleaved; each: 1 warm-up + $PASSES timed passes over $FRAMES frames"
for r in $(seq "$RUNS"); do
    say "run $r of $RUNS"
    for s in "${SYNTAX_LIST[@]}"; do
        f="$DATA/$s.dcm"
        run "$s" concord-1 "$CONCORD" --mode sequential --passes "$PASSES" "$f"
        run "$s" concord-all "$CONCORD" --mode parallel --passes "$PASSES" "$f"
        case "$s" in jls|j2k|htj2k) run "$s" direct "$CONCORD" --mode direct --passes "$PASSES" "$f" ;; esac
        case "$s" in htj2k) run "$s" direct-openjpeg "$CONCORD" --mode direct-openjpeg --passes "$PASSES" "$f" ;; esac
        case "$s" in rle|jpll|jls) run "$s" dcmtk "$DCMTK" --passes "$PASSES" "$f" ;; esac
        run "$s" pydicom-1 "$PY" "$HERE/pydicom_decode.py" --procs 1 --passes "$PASSES" --plugin "$PYDICOM_PLUGIN" "$f"
        run "$s" pydicom-$NPROC "$PY" "$HERE/pydicom_decode.py" --procs "$NPROC" --passes "$PASSES" --plugin "$PYDICOM_PLUGIN" "$f"
    done
done
say "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- Report ------------------------------------------------------------------------------
DCMTK_VERSION="$(dpkg-query -W -f='${Version}' libdcmtk-dev)"
CHARLS_VERSION="$(dpkg-query -W -f='${Version}' libcharls-dev 2>/dev/null || echo '?')"
OPJ_VERSION="$(dpkg-query -W -f='${Version}' libopenjp2-7-dev 2>/dev/null || echo '?')"
OJPH_VERSION="$(dpkg-query -W -f='${Version}' libopenjph-dev 2>/dev/null || echo '?')"
SWIFT_VERSION="$(swift --version 2>&1 | sed -n 's/.*Swift version \([^ ]*\).*/\1/p' | head -1)"
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
MEM_GIB="$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $CPU, $NPROC CPUs, $MEM_GIB GiB, $(uname -sr); Swift $SWIFT_VERSION;" \
     "DCMTK $DCMTK_VERSION; CharLS $CHARLS_VERSION; OpenJPEG $OPJ_VERSION; OpenJPH $OJPH_VERSION;" \
     "$("$PY" -c 'import importlib.metadata as m, platform; print("pydicom", m.version("pydicom"), "pylibjpeg-libjpeg", m.version("pylibjpeg-libjpeg"), "pylibjpeg-openjpeg", m.version("pylibjpeg-openjpeg"), "pylibjpeg-rle", m.version("pylibjpeg-rle"), "on Python", platform.python_version())')"
"$PY" "$HERE/report.py" "$RESULTS" "$DATA" "$NPROC"
