#!/usr/bin/env bash
# Fuzzes the pixel codecs (RLE, JPEG Lossless, JPEG-LS, HTJ2K) with libFuzzer and AddressSanitizer.
#
# The fuzz entry point (Fuzz/PixelFuzz/main.swift) is compiled straight with swiftc, so no
# Package.swift target is needed (libFuzzer supplies `main`, which would break an ordinary
# `swift build`). Two modules, as SwiftPM would build them: Sources/DICOM first (with ASan, but
# without coverage instrumentation, so libFuzzer's feedback comes from the codecs), then
# Sources/DICOMPixels with the entry point, linked with the COpenJPH shim (compiled with clang++)
# and the system libraries (CharLS, OpenJPEG, OpenJPH, turbojpeg, zlib). Two whole-module
# compiles rather than one keeps DICOM's internals out of DICOMPixels' reach, as in the package,
# and lets a decoder edit rebuild only the second module.
#
# Each input is 4 selector bytes (codec, transfer syntax, rows, columns, samples, bits; see
# main.swift) and the encoded frame. The corpus is seeded from the codec test resources
# (Tests/DICOMPixelsTests/Resources/Codecs, described by its manifest.tsv) and the first frame of
# the Fixtures/pixels files, each behind the selector that decodes it as itself; it grows in
# $FUZZ_DIR/corpus across runs.
#
#   scripts/fuzz-codecs.sh                          # 60 s, every seed
#   FUZZ_SECONDS=300 FUZZ_SEEDS=jpeg-ls scripts/fuzz-codecs.sh   # only the JPEG-LS seeds
#   scripts/fuzz-codecs.sh crash-<sha1>             # replay one input (reproduce a finding)
#
# FUZZ_SEEDS picks the seeds by codec: all (default), rle, jpeg-lossless, jpeg-ls or htj2k.
# Findings (crash-*, timeout-*, oom-*, leak-*) are written to $FUZZ_DIR/artifacts/; the script
# exits non-zero when libFuzzer reports one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FUZZ_DIR="${FUZZ_DIR:-$ROOT/.build-fuzz-codecs}"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
FUZZ_SEEDS="${FUZZ_SEEDS:-all}"
FUZZ_OPT="${FUZZ_OPT:--O}"          # -O keeps Swift's bounds and overflow checks; -Onone for deeper stacks
BUILD="$FUZZ_DIR/build"
BINARY="$FUZZ_DIR/pixel-fuzz"

mkdir -p "$FUZZ_DIR/corpus" "$FUZZ_DIR/artifacts" "$BUILD"
linker=()
command -v ld.lld >/dev/null && linker=(-use-ld=lld)

# Build when any source is newer than what it goes into. The sources are snapshotted first, so
# edits made while a (slow, whole-module) compile runs cannot break it.
newer_than() {  # newer_than TARGET FILE…: true when TARGET is missing or older than a FILE
    local target="$1"; shift
    [[ -e "$target" ]] || return 0
    for f in "$@"; do [[ "$f" -nt "$target" ]] && return 0; done
    return 1
}
snapshot() {  # snapshot DIR FILE…
    local dir="$1"; shift
    rm -rf "$dir"; mkdir -p "$dir"
    for f in "$@"; do mkdir -p "$dir/$(dirname "$f")"; cp -p "$f" "$dir/$f"; done
}

mapfile -t DICOM_SOURCES < <(find Sources/DICOM -name '*.swift' | LC_ALL=C sort)
mapfile -t PIXEL_SOURCES < <(find Sources/DICOMPixels -name '*.swift' | LC_ALL=C sort)
PIXEL_SOURCES+=("Fuzz/PixelFuzz/main.swift")
C_MODULES=(-I "$ROOT/Sources/CZlib" -I "$ROOT/Sources/CTurboJPEG" -I "$ROOT/Sources/COpenJPEG"
           -I "$ROOT/Sources/CCharLS" -I "$BUILD/copenjph" $(pkg-config --cflags libopenjp2 charls libturbojpeg))

if newer_than "$BUILD/DICOM.o" "${DICOM_SOURCES[@]}" "$0"; then
    snapshot "$BUILD/dicom-src" "${DICOM_SOURCES[@]}"
    echo "building the DICOM module (${#DICOM_SOURCES[@]} files)…" >&2
    start=$(date +%s)
    ( cd "$BUILD/dicom-src" && swiftc -sanitize=address -parse-as-library "$FUZZ_OPT" -g \
        -module-name DICOM -package-name Concord -I "$ROOT/Sources/CZlib" \
        -module-cache-path "$FUZZ_DIR/module-cache" -wmo -num-threads 0 \
        -emit-module -emit-module-path "$BUILD/DICOM.swiftmodule" \
        -c "${DICOM_SOURCES[@]}" -o "$BUILD/DICOM.o.tmp" )
    mv "$BUILD/DICOM.o.tmp" "$BUILD/DICOM.o"
    echo "built in $(( $(date +%s) - start )) s" >&2
fi

if newer_than "$BUILD/COpenJPH.o" Sources/COpenJPH/COpenJPH.cpp Sources/COpenJPH/include/COpenJPH.h "$0"; then
    echo "building the COpenJPH shim…" >&2
    mkdir -p "$BUILD/copenjph"
    printf 'module COpenJPH {\n    header "%s"\n    export *\n}\n' \
        "$ROOT/Sources/COpenJPH/include/COpenJPH.h" > "$BUILD/copenjph/module.modulemap"
    clang++ -std=c++17 -O1 -g -fsanitize=address,fuzzer-no-link -I Sources/COpenJPH/include \
        -c Sources/COpenJPH/COpenJPH.cpp -o "$BUILD/COpenJPH.o"
fi

if newer_than "$BINARY" "${PIXEL_SOURCES[@]}" "$BUILD/DICOM.o" "$BUILD/COpenJPH.o" "$0"; then
    snapshot "$BUILD/pixels-src" "${PIXEL_SOURCES[@]}"
    echo "building $BINARY ($FUZZ_OPT, ${#PIXEL_SOURCES[@]} files)…" >&2
    start=$(date +%s)
    ( cd "$BUILD/pixels-src" && swiftc -sanitize=fuzzer,address -parse-as-library "$FUZZ_OPT" -g \
        -module-name PixelFuzz -package-name Concord -I "$BUILD" "${C_MODULES[@]}" \
        -module-cache-path "$FUZZ_DIR/module-cache" "${linker[@]}" \
        "${PIXEL_SOURCES[@]}" "$BUILD/DICOM.o" "$BUILD/COpenJPH.o" \
        -lcharls -lopenjp2 -lopenjph -lturbojpeg -lz -lstdc++ -o "$BINARY.tmp" )
    mv "$BINARY.tmp" "$BINARY"
    echo "built in $(( $(date +%s) - start )) s" >&2
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}"

# Replay mode: run the given inputs once each and stop.
if [[ $# -gt 0 ]]; then
    exec "$BINARY" -rss_limit_mb=2048 -timeout=5 "$@"
fi

SEEDS="$FUZZ_DIR/seeds"
rm -rf "$SEEDS"; mkdir -p "$SEEDS"
python3 scripts/fuzz-codecs-seeds.py --codec "$FUZZ_SEEDS" --out "$SEEDS" \
    Tests/DICOMPixelsTests/Resources/Codecs/manifest.tsv Fixtures/pixels/*.dcm
DICT="$FUZZ_DIR/codecs.dict"
cat > "$DICT" <<'DICT'
# Marker codes of JPEG, JPEG-LS and JPEG 2000 for libFuzzer (-dict)
soi="\xff\xd8"
eoi="\xff\xd9"
sof3="\xff\xc3"
sof55="\xff\xf7"
lse="\xff\xf8"
dht="\xff\xc4"
sos="\xff\xda"
dri="\xff\xdd"
rst0="\xff\xd0"
dnl="\xff\xdc"
j2k_soc="\xff\x4f"
j2k_siz="\xff\x51"
j2k_cod="\xff\x52"
j2k_coc="\xff\x53"
j2k_cap="\xff\x50"
j2k_qcd="\xff\x5c"
j2k_qcc="\xff\x5d"
j2k_sot="\xff\x90"
j2k_sod="\xff\x93"
j2k_eoc="\xff\xd9"
j2k_plt="\xff\x58"
j2k_tlm="\xff\x55"
DICT

echo "fuzzing for ${FUZZ_SECONDS}s with $(find "$SEEDS" -type f | wc -l) seeds ($FUZZ_SEEDS); corpus $FUZZ_DIR/corpus" >&2
set +e
"$BINARY" -max_len=65536 -rss_limit_mb=2048 -timeout=5 -max_total_time="$FUZZ_SECONDS" \
    -dict="$DICT" -artifact_prefix="$FUZZ_DIR/artifacts/" -print_final_stats=1 \
    "$FUZZ_DIR/corpus" "$SEEDS" 2>&1 | tee "$FUZZ_DIR/last-run.log"
status=${PIPESTATUS[0]}
set -e

echo >&2
grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "$FUZZ_DIR/last-run.log" >&2 || true
findings=$(find "$FUZZ_DIR/artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \) | wc -l)
echo "corpus: $(find "$FUZZ_DIR/corpus" -type f | wc -l) inputs; findings in $FUZZ_DIR/artifacts: $findings" >&2
exit "$status"
