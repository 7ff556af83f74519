#!/usr/bin/env bash
# Generates the small synthetic DICOM fixtures in Fixtures/dicom/ with DCMTK (Debian package
# `dcmtk`: dump2dcm, dcmconv, dcmcrle) and the Python 3 standard library.
#
# Everything is synthetic: the patients are fake ("CONCORD^TEST^…"), the UIDs sit under a
# fixed 2.25 root made up for this project, the pixels are computed shapes. The output is
# deterministic: running the script twice gives byte-identical files (no dates, times or
# UIDs are generated at run time).
#
#   scripts/make-dicom-fixtures.sh            # writes Fixtures/dicom/*.dcm
#   VERIFY=0 scripts/make-dicom-fixtures.sh   # skip the dcmdump / dciodvfy checks
#
# See Fixtures/dicom/README.md for what each file covers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/Fixtures/dicom"
VERIFY="${VERIFY:-1}"

for tool in dump2dcm dcmconv dcmcrle dcmdump python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install dcmtk python3)" >&2; exit 1; }
done

WORK="${KEEP_WORK:-$(mktemp -d)}"
trap '[[ -n "${KEEP_WORK:-}" ]] || rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# A made-up UID root (2.25 = UUID-derived root, PS3.5 B.2); the digits mean nothing.
UID_ROOT="2.25.299792458314159265358979323846"

# ---------------------------------------------------------------------------------------------
# Pixel data: synthetic shapes written as raw little-endian samples.
# ---------------------------------------------------------------------------------------------
python3 - "$WORK" <<'PY'
import struct, sys, math
work = sys.argv[1]

# CT: 64x64, 16-bit signed, rescale intercept -1024 (HU = stored - 1024).
# Air around a water disc with a "bone" ring and a negative-stored corner (HU < -1024 would be
# nonsense, but the negative stored values exercise Pixel Representation 1).
ct = []
for y in range(64):
    for x in range(64):
        r = math.hypot(x - 31.5, y - 31.5)
        if x < 4 and y < 4:
            v = -8 - x - 4 * y          # stored -8 … -23
        elif r < 12:
            v = 1024 + 40               # soft tissue, HU 40
        elif r < 16:
            v = 1024 + 1000             # bone ring, HU 1000
        elif r < 28:
            v = 1024                    # water, HU 0
        else:
            v = 24                      # air, HU -1000
        ct.append(v)
with open(f"{work}/ct.raw", "wb") as f:
    f.write(struct.pack("<4096h", *ct))

# MR: 64x64, 16-bit unsigned, 12 bits stored: a gradient with a bright ellipse.
mr = []
for y in range(64):
    for x in range(64):
        v = 100 + 20 * x + 10 * y
        if ((x - 32) / 20.0) ** 2 + ((y - 28) / 12.0) ** 2 < 1:
            v += 1500
        mr.append(min(v, 4095))
with open(f"{work}/mr.raw", "wb") as f:
    f.write(struct.pack("<4096H", *mr))

# Secondary Capture: 16x16 RGB, 8 bits, colour-interleaved (Planar Configuration 0).
rgb = bytearray()
for y in range(16):
    for x in range(16):
        rgb += bytes((x * 16, y * 16, 255 if (x // 4 + y // 4) % 2 else 0))
with open(f"{work}/rgb.raw", "wb") as f:
    f.write(rgb)

# Small private binary blob.
with open(f"{work}/blob.raw", "wb") as f:
    f.write(bytes(range(32)))

print("pixels: ct=%d mr=%d rgb=%d bytes" % (len(ct) * 2, len(mr) * 2, len(rgb)))
PY

# ---------------------------------------------------------------------------------------------
# Dumps (dump2dcm text format). Common patient/study modules first.
# ---------------------------------------------------------------------------------------------
patient_study() { # $1 name  $2 id  $3 study n  $4 charset (optional)
    [[ -n "${4:-}" ]] && echo "(0008,0005) CS [$4]"
    cat <<EOF
(0008,0020) DA [20240102]
(0008,0030) TM [101500]
(0008,0050) SH [ACC$3]
(0008,0090) PN [CONCORD^REFERRER^FAKE]
(0010,0010) PN [$1]
(0010,0020) LO [$2]
(0010,0030) DA [19700101]
(0010,0040) CS [O]
(0020,000d) UI [$UID_ROOT.$3]
(0020,0010) SH [STUDY$3]
EOF
}

# CT slice, Explicit VR Little Endian, 64x64 16-bit signed with rescale.
ct_dump() { # $1 name  $2 id  $3 study n
cat <<EOF
(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]
(0008,0016) UI =CTImageStorage
(0008,0018) UI [$UID_ROOT.$3.1.1]
(0008,0060) CS [CT]
(0008,0070) LO [CONCORD SYNTHETIC]
(0008,103e) LO [Synthetic phantom]
EOF
patient_study "$1" "$2" "$3"
cat <<EOF
(0018,0050) DS [2.5]
(0018,0060) DS [120]
(0018,5100) CS [HFS]
(0020,000e) UI [$UID_ROOT.$3.1]
(0020,0011) IS [1]
(0020,0012) IS [1]
(0020,0013) IS [1]
(0020,0032) DS [-80\\-80\\12.5]
(0020,0037) DS [1\\0\\0\\0\\1\\0]
(0020,0052) UI [$UID_ROOT.$3.0]
(0020,0060) CS []
(0020,1040) LO []
(0020,1041) DS [12.5]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 64
(0028,0011) US 64
(0028,0030) DS [2.5\\2.5]
(0028,0100) US 16
(0028,0101) US 16
(0028,0102) US 15
(0028,0103) US 1
(0028,0106) SS -23
(0028,0107) SS 2024
(0028,1050) DS [40\\400]
(0028,1051) DS [400\\1500]
(0028,1052) DS [-1024]
(0028,1053) DS [1]
(0028,1054) LO [HU]
(7fe0,0010) OW =$WORK/ct.raw
EOF
}
ct_dump "CONCORD^TEST^ONE" "CONCORD-0001" 1 > "$WORK/ct.dump"

# MR slice: 64x64 16-bit unsigned, 12 bits stored. Written in several transfer syntaxes.
{
cat <<EOF
(0008,0008) CS [ORIGINAL\\PRIMARY\\OTHER]
(0008,0016) UI =MRImageStorage
(0008,0018) UI [$UID_ROOT.2.1.1]
(0008,0060) CS [MR]
(0008,0070) LO [CONCORD SYNTHETIC]
(0008,103e) LO [Synthetic T1]
EOF
patient_study "CONCORD^TEST^TWO" "CONCORD-0002" 2
cat <<EOF
(0018,0020) CS [SE]
(0018,0021) CS [NONE]
(0018,0022) CS []
(0018,0023) CS [2D]
(0018,0050) DS [5]
(0018,0080) DS [500]
(0018,0081) DS [15]
(0018,0087) DS [1.5]
(0018,0091) IS [1]
(0018,5100) CS [HFS]
(0020,000e) UI [$UID_ROOT.2.1]
(0020,0011) IS [1]
(0020,0013) IS [1]
(0020,0032) DS [-120\\-120\\0]
(0020,0037) DS [1\\0\\0\\0\\1\\0]
(0020,0052) UI [$UID_ROOT.2.0]
(0020,0060) CS []
(0020,1040) LO []
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 64
(0028,0011) US 64
(0028,0030) DS [3.75\\3.75]
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 0
(0028,0106) US 100
(0028,0107) US 3000
(7fe0,0010) OW =$WORK/mr.raw
EOF
} > "$WORK/mr.dump"

# Nested sequences, Comprehensive SR: CurrentRequestedProcedureEvidenceSequence >
# ReferencedSeriesSequence > ReferencedSOPSequence, ContentSequence > ContentSequence >
# ConceptNameCodeSequence and > MeasuredValueSequence > MeasurementUnitsCodeSequence (4 levels),
# plus empty sequences. Lengths are made mixed afterwards (see mix_lengths.py below).
{
cat <<EOF
(0008,0016) UI =ComprehensiveSRStorage
(0008,0018) UI [$UID_ROOT.3.1.1]
(0008,0023) DA [20240102]
(0008,0033) TM [103000]
(0008,0060) CS [SR]
(0008,0070) LO [CONCORD SYNTHETIC]
(0008,1111) SQ (Sequence with explicit length #=0)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0040,a372) SQ (Sequence with explicit length #=0)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0040,a375) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=2)
    (0008,1115) SQ (Sequence with explicit length #=1)
      (fffe,e000) na (Item with explicit length #=2)
        (0008,1199) SQ (Sequence with explicit length #=2)
          (fffe,e000) na (Item with explicit length #=2)
            (0008,1150) UI =CTImageStorage
            (0008,1155) UI [$UID_ROOT.1.1.1]
          (fffe,e00d) na (ItemDelimitationItem for re-encoding)
          (fffe,e000) na (Item with explicit length #=2)
            (0008,1150) UI =CTImageStorage
            (0008,1155) UI [$UID_ROOT.1.1.2]
          (fffe,e00d) na (ItemDelimitationItem for re-encoding)
        (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
        (0020,000e) UI [$UID_ROOT.1.1]
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
    (0020,000d) UI [$UID_ROOT.1]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
EOF
patient_study "CONCORD^TEST^THREE" "CONCORD-0003" 3
cat <<EOF
(0020,000e) UI [$UID_ROOT.3.1]
(0020,0011) IS [1]
(0020,0013) IS [1]
(0040,a040) CS [CONTAINER]
(0040,a043) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=3)
    (0008,0100) SH [18748-4]
    (0008,0102) SH [LN]
    (0008,0104) LO [Diagnostic imaging study]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0040,a050) CS [SEPARATE]
(0040,a491) CS [COMPLETE]
(0040,a493) CS [UNVERIFIED]
(0040,a730) SQ (Sequence with explicit length #=2)
  (fffe,e000) na (Item with explicit length #=4)
    (0040,a010) CS [CONTAINS]
    (0040,a040) CS [CONTAINER]
    (0040,a043) SQ (Sequence with explicit length #=1)
      (fffe,e000) na (Item with explicit length #=3)
        (0008,0100) SH [121070]
        (0008,0102) SH [DCM]
        (0008,0104) LO [Findings]
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
    (0040,a050) CS [SEPARATE]
    (0040,a730) SQ (Sequence with explicit length #=2)
      (fffe,e000) na (Item with explicit length #=4)
        (0040,a010) CS [CONTAINS]
        (0040,a040) CS [TEXT]
        (0040,a043) SQ (Sequence with explicit length #=1)
          (fffe,e000) na (Item with explicit length #=3)
            (0008,0100) SH [121071]
            (0008,0102) SH [DCM]
            (0008,0104) LO [Finding]
          (fffe,e00d) na (ItemDelimitationItem for re-encoding)
        (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
        (0040,a160) UT [Synthetic finding one: no abnormality.]
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
      (fffe,e000) na (Item with explicit length #=4)
        (0040,a010) CS [CONTAINS]
        (0040,a040) CS [NUM]
        (0040,a043) SQ (Sequence with explicit length #=1)
          (fffe,e000) na (Item with explicit length #=3)
            (0008,0100) SH [121206]
            (0008,0102) SH [DCM]
            (0008,0104) LO [Distance]
          (fffe,e00d) na (ItemDelimitationItem for re-encoding)
        (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
        (0040,a300) SQ (Sequence with explicit length #=1)
          (fffe,e000) na (Item with explicit length #=2)
            (0040,08ea) SQ (Sequence with explicit length #=1)
              (fffe,e000) na (Item with explicit length #=3)
                (0008,0100) SH [mm]
                (0008,0102) SH [UCUM]
                (0008,0104) LO [millimeter]
              (fffe,e00d) na (ItemDelimitationItem for re-encoding)
            (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
            (0040,a30a) DS [12.5]
          (fffe,e00d) na (ItemDelimitationItem for re-encoding)
        (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
EOF
} > "$WORK/nested.dump"

# Private tags on a CT slice: two private creators in one group (blocks 10 and 11), a known
# vendor creator (GEMS_IDEN_01, in the DCMTK private dictionary), a private sequence with an
# empty item and an item that carries its own creator, private UN values and private binary data.
{
ct_dump "CONCORD^TEST^FOUR" "CONCORD-0004" 4
cat <<EOF
(0009,0010) LO [GEMS_IDEN_01]
(0009,1001) LO [CONCORD FAKE SCANNER]
(0009,1002) SH [FAKESUITE]
(0009,1004) SH [FAKEPRODUCT]
(0029,0010) LO [CONCORD TEST CREATOR]
(0029,0011) LO [CONCORD SECOND CREATOR]
(0029,1001) LO [first block string]
(0029,1002) US 42\\43
(0029,1003) OB =$WORK/blob.raw
(0029,1004) SQ (Sequence with explicit length #=2)
  (fffe,e000) na (Item with explicit length #=0)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
  (fffe,e000) na (Item with explicit length #=3)
    (0033,0010) LO [CONCORD ITEM CREATOR]
    (0033,1001) DS [3.14159]
    (0033,1002) UN 01\\02\\03\\04\\05\\06
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0029,1101) FD 2.5
(0029,1102) UN 43\\4f\\4e\\43\\4f\\52\\44\\20
(0029,1103) LT [second block text]
EOF
} > "$WORK/private.dump"

# UTF-8 (ISO_IR 192) Basic Text SR: accented and Chinese person names and report text.
{
cat <<EOF
(0008,0016) UI =BasicTextSRStorage
(0008,0018) UI [$UID_ROOT.5.1.1]
(0008,0023) DA [20240102]
(0008,0033) TM [110000]
(0008,0060) CS [SR]
(0008,0070) LO [CONCORD SYNTHETIC]
(0008,1030) LO [Étude synthétique — 合成研究]
EOF
patient_study "CONCORD^Zoé^TEST=测试^中文" "CONCORD-0005" 5 "ISO_IR 192"
cat <<EOF
(0020,000e) UI [$UID_ROOT.5.1]
(0020,0011) IS [1]
(0020,0013) IS [1]
(0040,a040) CS [CONTAINER]
(0040,a043) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=3)
    (0008,0100) SH [18748-4]
    (0008,0102) SH [LN]
    (0008,0104) LO [Diagnostic imaging study]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0040,a050) CS [SEPARATE]
(0040,a073) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=4)
    (0040,a027) LO [Hôpital Fictif de Test]
    (0040,a030) DT [20240102120000]
    (0040,a075) PN [CONCORD^Émile^DR=测试^医生]
    (0040,a088) SQ (Sequence with explicit length #=0)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0008,1111) SQ (Sequence with explicit length #=0)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0040,a372) SQ (Sequence with explicit length #=0)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0040,a491) CS [COMPLETE]
(0040,a493) CS [VERIFIED]
(0040,a730) SQ (Sequence with explicit length #=2)
  (fffe,e000) na (Item with explicit length #=4)
    (0040,a010) CS [CONTAINS]
    (0040,a040) CS [TEXT]
    (0040,a043) SQ (Sequence with explicit length #=1)
      (fffe,e000) na (Item with explicit length #=3)
        (0008,0100) SH [121071]
        (0008,0102) SH [DCM]
        (0008,0104) LO [Finding]
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
    (0040,a160) UT [Poumons clairs, pas d'épanchement pleural. 肺部清晰，无胸腔积液。Nodule de 4 mm au lobe supérieur droit.]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
  (fffe,e000) na (Item with explicit length #=4)
    (0040,a010) CS [CONTAINS]
    (0040,a040) CS [TEXT]
    (0040,a043) SQ (Sequence with explicit length #=1)
      (fffe,e000) na (Item with explicit length #=3)
        (0008,0100) SH [121076]
        (0008,0102) SH [DCM]
        (0008,0104) LO [Conclusion]
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
    (0040,a160) UT [Pas d'anomalie aiguë. 无急性异常。]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
EOF
} > "$WORK/sr_utf8.dump"

# Secondary Capture, 16x16 RGB 8-bit, UTF-8 names.
{
cat <<EOF
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [$UID_ROOT.6.1.1]
(0008,0060) CS [OT]
(0008,0064) CS [WSD]
(0008,0070) LO [CONCORD SYNTHETIC]
(0008,103e) LO [Capture d'écran — 屏幕截图]
EOF
patient_study "CONCORD^José^TEST=测试^中文" "CONCORD-0006" 6 "ISO_IR 192"
cat <<EOF
(0020,000e) UI [$UID_ROOT.6.1]
(0020,0011) IS [1]
(0020,0013) IS [1]
(0020,0020) CS [L\\F]
(0020,0060) CS []
(0028,0002) US 3
(0028,0004) CS [RGB]
(0028,0006) US 0
(0028,0010) US 16
(0028,0011) US 16
(0028,0100) US 8
(0028,0101) US 8
(0028,0102) US 7
(0028,0103) US 0
(7fe0,0010) OB =$WORK/rgb.raw
EOF
} > "$WORK/sc_rgb.dump"

# ---------------------------------------------------------------------------------------------
# Mixed defined / undefined lengths for the nested fixture. DCMTK writes one length style per
# file, so the explicit-length output is re-encoded by a small stdlib rewriter that makes chosen
# sequences and items undefined-length (with delimiters) and keeps the rest defined.
# ---------------------------------------------------------------------------------------------
MIX_LENGTHS="$WORK/mix_lengths.py"
cat > "$MIX_LENGTHS" <<'PY'
"""Re-encode an Explicit VR Little Endian Part 10 file, choosing per sequence whether the
sequence and each of its items get undefined length. Rules (tag of the sequence, depth 1 = top):
  CurrentRequestedProcedureEvidenceSequence (0040,A375)  defined sequence,   undefined items
  > ReferencedSeriesSequence (0008,1115)                 undefined sequence, defined items
    > ReferencedSOPSequence (0008,1199)                  undefined sequence, undefined items
  ContentSequence (0040,A730) at depth 1                 defined sequence,   undefined items
  > ContentSequence (0040,A730) at depth 2               undefined sequence, defined items
    > ConceptNameCodeSequence (0040,A043) at depth 3     undefined sequence, defined items
    > MeasuredValueSequence > MeasurementUnitsCodeSequence   defined throughout
  ReferencedPerformedProcedureStepSequence (0008,1111)   empty, undefined (just the delimiter)
  PerformedProcedureCodeSequence (0040,A372)             empty, defined (length 0)
  everything else                                        defined
"""
import struct, sys

LONG = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"}
ITEM, ITEM_END, SEQ_END = (0xFFFE, 0xE000), (0xFFFE, 0xE00D), (0xFFFE, 0xE0DD)
UNDEF = 0xFFFFFFFF

def rule(tag, depth):
    """(undefined-length sequence, undefined-length items)"""
    return {
        ((0x0040, 0xA375), 1): (False, True),
        ((0x0008, 0x1115), 2): (True, False),
        ((0x0008, 0x1199), 3): (True, True),
        ((0x0040, 0xA730), 1): (False, True),
        ((0x0040, 0xA730), 2): (True, False),
        ((0x0040, 0xA043), 3): (True, False),
        ((0x0008, 0x1111), 1): (True, False),
    }.get((tag, depth), (False, False))

def header(tag, vr, length):
    if vr in LONG:
        return struct.pack("<HH2sHI", tag[0], tag[1], vr, 0, length)
    return struct.pack("<HH2sH", tag[0], tag[1], vr, length)

def parse_items(buf, pos, end):
    items = []
    while pos < end:
        g, e, n = struct.unpack_from("<HHI", buf, pos)
        if (g, e) == SEQ_END:
            return items, pos + 8
        assert (g, e) == ITEM and n != UNDEF, "input must be all defined-length"
        items.append(buf[pos + 8: pos + 8 + n])
        pos += 8 + n
    return items, pos

def encode(buf, depth):
    out, pos = bytearray(), 0
    while pos < len(buf):
        g, e = struct.unpack_from("<HH", buf, pos)
        vr = buf[pos + 4: pos + 6]
        if vr in LONG:
            (n,) = struct.unpack_from("<I", buf, pos + 8); size = 12
        else:
            (n,) = struct.unpack_from("<H", buf, pos + 6); size = 8
        value = buf[pos + size: pos + size + n]
        pos += size + n
        if vr != b"SQ":
            out += header((g, e), vr, n) + value
            continue
        items, _ = parse_items(value, 0, len(value))
        undefined_seq, undefined_items = rule((g, e), depth)
        body = bytearray()
        for item in items:
            inner = encode(item, depth + 1)
            if undefined_items:
                body += struct.pack("<HHI", *ITEM, UNDEF) + inner + struct.pack("<HHI", *ITEM_END, 0)
            else:
                body += struct.pack("<HHI", *ITEM, len(inner)) + inner
        if undefined_seq:
            out += header((g, e), vr, UNDEF) + body + struct.pack("<HHI", *SEQ_END, 0)
        else:
            out += header((g, e), vr, len(body)) + body
    return bytes(out)

src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
assert data[128:132] == b"DICM"
(meta_len,) = struct.unpack_from("<I", data, 132 + 8)
start = 132 + 12 + meta_len
assert data[132:136] == b"\x02\x00\x00\x00", "expected (0002,0000) first"
open(dst, "wb").write(data[:start] + encode(data[start:], 1))
PY

# ---------------------------------------------------------------------------------------------
# Build.
# ---------------------------------------------------------------------------------------------
D2D=(dump2dcm -q --write-file --padding-off)
rm -f "$OUT"/*.dcm

"${D2D[@]}" +te "$WORK/ct.dump"       "$OUT/ct_explicit_le.dcm"
"${D2D[@]}" +te "$WORK/mr.dump"       "$WORK/mr_explicit_le.dcm"
"${D2D[@]}" +ti "$WORK/mr.dump"       "$OUT/mr_implicit_le.dcm"
"${D2D[@]}" +tb "$WORK/mr.dump"       "$OUT/mr_explicit_be.dcm"
dcmconv -q +td +cl 6 "$WORK/mr_explicit_le.dcm" "$OUT/mr_deflated.dcm"
dcmcrle -q "$WORK/mr_explicit_le.dcm" "$OUT/mr_rle_lossless.dcm"
"${D2D[@]}" +te +e "$WORK/nested.dump" "$WORK/nested_defined.dcm"
python3 "$MIX_LENGTHS" "$WORK/nested_defined.dcm" "$OUT/nested_sequences.dcm"
"${D2D[@]}" +te "$WORK/private.dump"  "$OUT/private_tags.dcm"
"${D2D[@]}" +te "$WORK/sr_utf8.dump"  "$OUT/sr_utf8.dcm"
"${D2D[@]}" +te "$WORK/sc_rgb.dump"   "$OUT/sc_rgb_utf8.dcm"

# ---------------------------------------------------------------------------------------------
# Verify: every file must read back with dcmdump; the mixed-length file must read the same as
# its all-defined source; dciodvfy (dicom3tools), when installed, reports IOD conformance.
# ---------------------------------------------------------------------------------------------
if [[ "$VERIFY" != 0 ]]; then
    for f in "$OUT"/*.dcm; do
        dcmdump -q -E "$f" > /dev/null || { echo "error: dcmdump cannot read $f" >&2; exit 1; }
    done
    # Same content with mixed lengths (dcmdump prints lengths, so compare values only).
    strip() { dcmdump -q "$1" | sed -n '/^# Dicom-Data-Set/,$p' | sed -E 's/ +#.*$//; s/with (explicit|undefined) length//' | grep -v -E 'fffe,e0(0d|dd)'; }
    if ! diff <(strip "$WORK/nested_defined.dcm") <(strip "$OUT/nested_sequences.dcm") > /dev/null; then
        echo "error: nested_sequences.dcm does not read back like its source" >&2; exit 1
    fi
    if command -v dciodvfy >/dev/null; then
        for f in "$OUT"/*.dcm; do
            # dicom3tools cannot read the Deflated transfer syntax: check an inflated copy.
            g="$f"
            if [[ "$f" == *deflated* ]]; then g="$WORK/inflated.dcm"; dcmconv -q +te "$f" "$g"; fi
            errors=$(dciodvfy "$g" 2>&1 | grep -c '^Error' || true)
            warnings=$(dciodvfy "$g" 2>&1 | grep -c '^Warning' || true)
            printf '  dciodvfy %-24s %2s errors, %2s warnings\n' "$(basename "$f")" "$errors" "$warnings"
        done
    fi
fi

ls -l "$OUT"/*.dcm | awk '{ total += $5; printf "  %7d  %s\n", $5, $NF } END { printf "  %7d  total bytes\n", total }'
