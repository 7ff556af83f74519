#!/usr/bin/env bash
# Fuzzes the mask file readers (PNGImage, NIfTIImage) with libFuzzer and AddressSanitizer.
#
# The entry point (Fuzz/MaskFileFuzz/main.swift) is compiled with the readers' sources as one
# module, straight with swiftc, so no Package.swift target is needed (libFuzzer supplies `main`,
# which would break an ordinary `swift build`). The corpus is seeded from the Annotations test
# files and grows in $FUZZ_DIR/corpus across runs.
#
#   scripts/fuzz-mask-files.sh                      # 60 s
#   FUZZ_SECONDS=600 scripts/fuzz-mask-files.sh     # longer
#   scripts/fuzz-mask-files.sh crash-<sha1>         # replay one input
#
# Findings (crash-*, timeout-*, oom-*) go to $FUZZ_DIR/artifacts/; the script exits non-zero
# when libFuzzer reports one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FUZZ_DIR="${FUZZ_DIR:-$ROOT/.build-fuzz-masks}"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
BINARY="$FUZZ_DIR/mask-file-fuzz"
mkdir -p "$FUZZ_DIR/corpus" "$FUZZ_DIR/artifacts"

SOURCES=(Sources/DICOM/Parsing/Inflater.swift
         Sources/Annotations/Import/PNGReadError.swift Sources/Annotations/Import/PNGImage.swift
         Sources/Annotations/Import/NIfTIError.swift Sources/Annotations/Import/NIfTIImage.swift
         Fuzz/MaskFileFuzz/main.swift)
needs_build=0
if [[ ! -x "$BINARY" ]]; then needs_build=1; else
    for f in "${SOURCES[@]}" "$0"; do [[ "$f" -nt "$BINARY" ]] && { needs_build=1; break; }; done
fi
if [[ "$needs_build" == 1 ]]; then
    echo "building $BINARY…" >&2
    # Named DICOM so that the readers' `import DICOM` (for the shared inflater) refers to this module.
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name DICOM -package-name Concord \
        -I Sources/CZlib -lz -module-cache-path "$FUZZ_DIR/module-cache" \
        "${SOURCES[@]}" -o "$BINARY.tmp"
    mv "$BINARY.tmp" "$BINARY"
fi

if [[ $# -gt 0 ]]; then
    exec "$BINARY" -rss_limit_mb=2048 -timeout=5 "$@"
fi

SEEDS="$FUZZ_DIR/seeds"
rm -rf "$SEEDS"; mkdir -p "$SEEDS"
find Tests/AnnotationsTests/Resources -type f \( -name '*.png' -o -name '*.nii' -o -name '*.nii.gz' \) \
    -exec cp {} "$SEEDS/" \;

echo "fuzzing for ${FUZZ_SECONDS}s; corpus $FUZZ_DIR/corpus" >&2
set +e
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}" \
    "$BINARY" -max_len=16384 -rss_limit_mb=2048 -timeout=5 -max_total_time="$FUZZ_SECONDS" \
    -artifact_prefix="$FUZZ_DIR/artifacts/" -print_final_stats=1 \
    "$FUZZ_DIR/corpus" "$SEEDS" 2>&1 | tee "$FUZZ_DIR/last-run.log"
status=${PIPESTATUS[0]}
set -e
grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "$FUZZ_DIR/last-run.log" >&2 || true
echo "findings in $FUZZ_DIR/artifacts: $(find "$FUZZ_DIR/artifacts" -type f | wc -l)" >&2
exit "$status"
