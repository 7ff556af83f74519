#!/usr/bin/env bash
# MaskRLE: Concord's RunLengthBitPlane vs pycocotools' COCO RLE, encoding and decoding the same
# binary 512 × 512 masks in one run. See Benchmarks/README.md.
#
#   Benchmarks/MaskRLE/run.sh [--count N] [--repeat R]
#
#   --count N    frames to generate (default 400)
#   --repeat R   timed passes per tool; the best counts (default 5)
#
# Environment: VENV (default <repo>/.venv, must have numpy and pycocotools), SCRATCH (SwiftPM
# scratch path, default <repo>/.build-bench). Installs nothing; says what is missing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
SCRATCH="${SCRATCH:-$ROOT/.build-bench}"
COUNT=400
REPEAT=5
while [ $# -gt 0 ]; do
    case "$1" in
        --count) COUNT="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

PY="$VENV/bin/python"
"$PY" -c 'import numpy, pycocotools' 2>/dev/null \
    || die "no venv with numpy and pycocotools at $VENV: run 'make deps' at the repo root, or point VENV at one"

DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
say "generating $COUNT masks in $DATA"
"$PY" "$HERE/make_masks.py" "$DATA" "$COUNT"

say "building concord-rle-bench (swift build -c release --scratch-path $SCRATCH)"
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product concord-rle-bench >&2)
CONCORD="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/concord-rle-bench"

say "Concord"
CONCORD_LINE="$("$CONCORD" "$DATA" "$REPEAT")"
say "pycocotools"
COCO_LINE="$("$PY" "$HERE/pycocotools_rle.py" "$DATA" "$REPEAT")"

"$PY" - "$CONCORD_LINE" "$COCO_LINE" "$DATA/truth.json" <<'PY'
import json, sys
concord, coco, truth = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.load(open(sys.argv[3]))
for r in (concord, coco):
    if r["set_pixels"] != truth["set_pixels"]:
        sys.exit(f"{r['tool']} counted {r['set_pixels']} set pixels, not {truth['set_pixels']}")
print(f"{truth['frames']} binary masks of {truth['rows']} x {truth['columns']}, best of the passes")
print(f"{'':<14}{'encode ms/frame':>16}{'decode ms/frame':>16}{'stored bytes':>14}")
for r in (concord, coco):
    print(f"{r['tool']:<14}{r['encode_ms_per_frame']:>16.4f}{r['decode_ms_per_frame']:>16.4f}{r['stored_bytes']:>14,}")
print(f"Concord / pycocotools speed: encode {coco['encode_ms_per_frame'] / concord['encode_ms_per_frame']:.2f}x, "
      f"decode {coco['decode_ms_per_frame'] / concord['decode_ms_per_frame']:.2f}x "
      f"(above 1 = Concord faster)")
PY
