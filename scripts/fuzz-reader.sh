#!/usr/bin/env bash
# Fuzzes the DICOM reader (DICOMFile(storage:) + DICOMJSONEncoder + value decoding) with
# libFuzzer and AddressSanitizer.
#
# The fuzz entry point (Fuzz/ReaderFuzz/main.swift) is compiled together with every file of
# Sources/DICOM as one module, straight with swiftc, so no Package.swift target is needed.
# The corpus is seeded from Fixtures/dicom/ and grows in $FUZZ_DIR/corpus across runs.
#
#   scripts/fuzz-reader.sh                      # 60 s
#   FUZZ_SECONDS=600 scripts/fuzz-reader.sh     # longer
#   FUZZ_JOBS=2 scripts/fuzz-reader.sh          # parallel workers (libFuzzer -fork)
#   scripts/fuzz-reader.sh crash-<sha1>         # replay one input (reproduce a finding)
#
# Findings (crash-*, timeout-*, oom-*, leak-*) are written to $FUZZ_DIR/artifacts/; the script
# exits non-zero when libFuzzer reports one.
#
# SwiftPM alternative (incremental builds, no file list): add to Package.swift
#     .executableTarget(name: "ReaderFuzz", dependencies: ["DICOM"], path: "Fuzz/ReaderFuzz",
#                       swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
# and build with
#     swift build -c release --sanitize=fuzzer --sanitize=address --product ReaderFuzz
# (-parse-as-library stops main.swift from defining `main`, which libFuzzer provides).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FUZZ_DIR="${FUZZ_DIR:-$ROOT/.build-fuzz}"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
FUZZ_JOBS="${FUZZ_JOBS:-1}"
FUZZ_OPT="${FUZZ_OPT:--O}"          # -O keeps Swift's bounds and overflow checks; -Onone for deeper stacks
BINARY="$FUZZ_DIR/reader-fuzz"

mkdir -p "$FUZZ_DIR/corpus" "$FUZZ_DIR/artifacts"

# Build when any source is newer than the binary. The sources are snapshotted first, so edits
# made while the (slow, whole-module) compile runs cannot break it.
mapfile -t SOURCES < <(find Sources/DICOM -name '*.swift' | LC_ALL=C sort)
SOURCES+=("Fuzz/ReaderFuzz/main.swift")
needs_build=0
if [[ ! -x "$BINARY" ]]; then needs_build=1; else
    for f in "${SOURCES[@]}" "$0"; do [[ "$f" -nt "$BINARY" ]] && { needs_build=1; break; }; done
fi
if [[ "$needs_build" == 1 ]]; then
    SNAPSHOT="$FUZZ_DIR/src"
    rm -rf "$SNAPSHOT"; mkdir -p "$SNAPSHOT"
    for f in "${SOURCES[@]}"; do mkdir -p "$SNAPSHOT/$(dirname "$f")"; cp -p "$f" "$SNAPSHOT/$f"; done
    cp -R Sources/CZlib "$SNAPSHOT/Sources/"
    echo "building $BINARY ($FUZZ_OPT, ${#SOURCES[@]} files)…" >&2
    start=$(date +%s)
    linker=()
    command -v ld.lld >/dev/null && linker=(-use-ld=lld)
    ( cd "$SNAPSHOT" && swiftc -sanitize=fuzzer,address -parse-as-library "$FUZZ_OPT" -g \
        -module-name ReaderFuzz -I Sources/CZlib -lz "${linker[@]}" \
        -module-cache-path "$FUZZ_DIR/module-cache" \
        "${SOURCES[@]}" -o "$BINARY.tmp" )
    mv "$BINARY.tmp" "$BINARY"
    echo "built in $(( $(date +%s) - start )) s" >&2
fi

# Replay mode: run the given inputs once each and stop.
if [[ $# -gt 0 ]]; then
    exec "$BINARY" -rss_limit_mb=2048 -timeout=5 "$@"
fi

# Seeds: the fixtures, plus a dictionary of DICOM tokens libFuzzer splices into inputs.
SEEDS="$FUZZ_DIR/seeds"
rm -rf "$SEEDS"; mkdir -p "$SEEDS"
cp Fixtures/dicom/*.dcm "$SEEDS/"
DICT="$FUZZ_DIR/dicom.dict"
cat > "$DICT" <<'EOF'
# DICOM tokens for libFuzzer (-dict)
magic="DICM"
item="\xfe\xff\x00\xe0"
item_undefined="\xfe\xff\x00\xe0\xff\xff\xff\xff"
item_end="\xfe\xff\x0d\xe0\x00\x00\x00\x00"
seq_end="\xfe\xff\xdd\xe0\x00\x00\x00\x00"
item_be="\xff\xfe\xe0\x00"
undefined_length="\xff\xff\xff\xff"
sq_undefined="SQ\x00\x00\xff\xff\xff\xff"
un_undefined="UN\x00\x00\xff\xff\xff\xff"
ob_undefined="OB\x00\x00\xff\xff\xff\xff"
pixel_data="\xe0\x7f\x10\x00"
charset_tag="\x08\x00\x05\x00CS"
pn_tag="\x10\x00\x10\x00PN"
private_creator="\x09\x00\x10\x00LO"
ts_tag="\x02\x00\x10\x00UI"
ts_implicit="1.2.840.10008.1.2\x00"
ts_explicit="1.2.840.10008.1.2.1\x00"
ts_big="1.2.840.10008.1.2.2"
ts_deflated="1.2.840.10008.1.2.1.99"
ts_rle="1.2.840.10008.1.2.5\x00"
cs_utf8="ISO_IR 192"
cs_latin1="ISO_IR 100"
cs_jis="\\ISO 2022 IR 87"
cs_ksx="\\ISO 2022 IR 149"
cs_gb="GB18030 "
esc_jis="\x1b$B"
esc_ascii="\x1b(B"
esc_ks="\x1b$)C"
vr_OB="OB\x00\x00"
vr_UT="UT\x00\x00"
vr_US="US"
vr_SS="SS"
vr_DS="DS"
vr_IS="IS"
vr_AT="AT"
vr_FD="FD"
vr_UV="UV\x00\x00"
EOF

echo "fuzzing for ${FUZZ_SECONDS}s with $FUZZ_JOBS worker(s); corpus $FUZZ_DIR/corpus" >&2
set +e
args=(-max_len=65536 -rss_limit_mb=2048 -timeout=5 -max_total_time="$FUZZ_SECONDS"
      -dict="$DICT" -artifact_prefix="$FUZZ_DIR/artifacts/" -print_final_stats=1)
if [[ "$FUZZ_JOBS" -gt 1 ]]; then args+=(-fork="$FUZZ_JOBS" -ignore_crashes=1); fi
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}" \
    "$BINARY" "${args[@]}" "$FUZZ_DIR/corpus" "$SEEDS" 2>&1 | tee "$FUZZ_DIR/last-run.log"
status=${PIPESTATUS[0]}
set -e

echo >&2
grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "$FUZZ_DIR/last-run.log" >&2 || true
findings=$(find "$FUZZ_DIR/artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \) | wc -l)
echo "corpus: $(find "$FUZZ_DIR/corpus" -type f | wc -l) inputs; findings in $FUZZ_DIR/artifacts: $findings" >&2
exit "$status"
