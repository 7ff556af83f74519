#!/usr/bin/env bash
# Generates the pixel-decoding fixtures in Fixtures/pixels/: small synthetic studies (CT, MR,
# CR, US colour, multi-frame XA and grayscale, 1-bit, 32-bit, float, planar, palette) in every
# transfer syntax Concord decodes, with the values pydicom decodes them to (expected.json) and,
# for lossy syntaxes, pydicom's decoded frames as gzip'd references.
#
#   scripts/make-pixel-fixtures.sh                            # writes Fixtures/pixels/
#   PYTHON=/tmp/venvtest/bin/python scripts/make-pixel-fixtures.sh
#
# Tools (Debian): dcmtk (dump2dcm, dcmconv, dcmcrle, dcmcjpeg, dcmcjpls, dcmdump),
# libopenjp2-tools (opj_compress), openjph-tools (ojph_compress), python3 (stdlib only: the
# synthetic images and the dump files). The Python at $PYTHON (default .venv/bin/python, built
# from scripts/requirements-test.txt) is used only to wrap JPEG 2000 / HTJ2K codestreams into
# DICOM, to rewrap frames with an Extended Offset Table or several fragments per frame, and to
# record what pydicom decodes (expected.json, reference/*.raw.gz).
#
# Everything is synthetic and deterministic: fake patients, UIDs under the project's made-up
# 2.25 root, pixels from integer formulas and a seeded SplitMix64 generator written below.
# Running the script twice gives byte-identical output.
# See Fixtures/pixels/README.md for what each file covers and which tool made it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/Fixtures/pixels"
PYTHON="${PYTHON:-.venv/bin/python}"
[[ "$PYTHON" == /* ]] || PYTHON="$ROOT/$PYTHON"
LIMIT_BYTES=$((3 * 1024 * 1024))

for tool in dump2dcm dcmconv dcmcrle dcmcjpeg dcmcjpls dcmdump opj_compress ojph_compress python3; do
    command -v "$tool" >/dev/null || {
        echo "error: $tool not found (apt-get install dcmtk libopenjp2-tools openjph-tools python3)" >&2; exit 1; }
done
[[ -x "$PYTHON" ]] || { echo "error: $PYTHON not found; set PYTHON= or build .venv from scripts/requirements-test.txt" >&2; exit 1; }
"$PYTHON" -c "import numpy, pydicom, pylibjpeg, libjpeg, openjpeg, rle, gdcm" 2>/dev/null || {
    echo "error: $PYTHON lacks numpy/pydicom/pylibjpeg plugins/python-gdcm (pip install -r scripts/requirements-test.txt)" >&2; exit 1; }

WORK="${KEEP_WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
trap '[[ -n "${KEEP_WORK:-}" ]] || rm -rf "$WORK"' EXIT
BASE="$WORK/base"      # the Explicit VR Little Endian originals
CS="$WORK/cs"          # JPEG 2000 / HTJ2K codestreams
mkdir -p "$BASE" "$CS"
# Start clean, but keep the hand-written README.md.
mkdir -p "$OUT"
rm -rf "$OUT/reference" "$OUT/expected.json"
rm -f "$OUT"/*.dcm
mkdir -p "$OUT/reference"

# ---------------------------------------------------------------------------------------------
# 1. Synthetic images (python3 stdlib): raw samples, codec inputs per frame, dump2dcm headers.
# ---------------------------------------------------------------------------------------------
python3 - "$WORK" <<'PY'
import os, struct, sys

work = sys.argv[1]
UID_ROOT = "2.25.299792458314159265358979323846.7"   # made-up; .7 = pixel fixtures
M64 = (1 << 64) - 1


class Rng:
    """SplitMix64: deterministic on every platform, integers only."""
    def __init__(self, seed):
        self.s = seed & M64

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def noise(self, amp):
        """Triangular noise in [-amp, amp] (sum of two uniforms)."""
        return self.below(amp + 1) + self.below(amp + 1) - amp


def clip(v, lo, hi):
    return lo if v < lo else hi if v > hi else v


def inside(x, y, cx, cy, rx, ry):
    """(x, y) inside the axis-aligned ellipse; integer arithmetic only."""
    return (x - cx) ** 2 * ry * ry + (y - cy) ** 2 * rx * rx <= rx * rx * ry * ry


# ---- the pictures -------------------------------------------------------------------------

def ct_phantom(rng, lo, hi, metal):
    """64x64 axial slice in HU: body ellipse, lungs, spine, a metal clip, noise."""
    out = []
    for y in range(64):
        for x in range(64):
            if not inside(x, y, 32, 32, 29, 23):
                v = -1000 + rng.noise(6)
            elif inside(x, y, 21, 29, 8, 11) or inside(x, y, 43, 29, 8, 11):
                v = -850 + rng.noise(40)
            elif inside(x, y, 32, 46, 4, 4):
                v = 1200 + rng.noise(60)
            elif inside(x, y, 45, 40, 1, 1):
                v = metal
            else:
                v = 40 + rng.noise(18) + (x - 32)
            out.append(clip(v, lo, hi))
    out[0], out[63], out[64 * 63] = lo, hi, lo + 1      # full range corners
    return out


def mr_image(rng):
    out = []
    for y in range(64):
        for x in range(64):
            v = 256 * x + 128 * y + rng.noise(200)
            if inside(x, y, 30, 34, 18, 12):
                v += 30000
            if inside(x, y, 36, 30, 4, 5):
                v += 12000
            out.append(clip(v, 0, 65535))
    out[0], out[1] = 0, 65535
    return out


def cr_image(rng, rows=96, cols=80):
    """MONOCHROME1 chest-like: high values are dark (air), lungs high, mediastinum low."""
    out = []
    for y in range(rows):
        for x in range(cols):
            v = 3900 - 12 * y // 2
            if inside(x, y, 22, 44, 14, 30) or inside(x, y, 58, 44, 14, 30):
                v = 3000 - 8 * y + rng.noise(60)
            elif inside(x, y, 40, 48, 30, 44):
                v = 900 + rng.noise(40) + 3 * (x - 40)
            if x % 16 == 0 and 20 < y < 80:                      # ribs-ish lines
                v -= 400
            out.append(clip(v + rng.noise(20), 0, 4095))
    out[0], out[cols - 1] = 0, 4095
    return out


def us_rgb(rng, rows=48, cols=64):
    """Ultrasound sector with speckle, a cyst, a colour-flow box and a colour bar; RGB 8-bit."""
    px = []
    for y in range(rows):
        for x in range(cols):
            dx, dy = x - 30, y + 8
            r2 = dx * dx + dy * dy
            in_sector = 12 * 12 <= r2 <= 54 * 54 and 3 * abs(dx) <= 2 * dy
            r = g = b = 0
            if in_sector:
                g0 = 30 + rng.below(140)
                if inside(x, y, 24, 26, 6, 5):
                    g0 = 8 + rng.below(12)                        # anechoic cyst
                r = g = b = g0
                if 34 <= x < 46 and 14 <= y < 30:                 # colour Doppler box
                    if (x + 2 * y) % 7 < 3:
                        r, g, b = 200 + rng.below(56), 20 + rng.below(40), 10
                    elif (x - y) % 5 == 0:
                        r, g, b = 10, 40 + rng.below(60), 180 + rng.below(76)
            if x >= 60:                                           # colour bar
                r, g, b = 5 * y + 10, 0, 255 - 5 * y
            if y < 2 and 2 <= x < 18:                             # burnt-in annotation
                r = g = b = 255
            px.append((r, g, b))
    return px


def xa_frames(rng, frames=8, rows=33, cols=31):
    out = []
    for f in range(frames):
        cx, cy = 5 + 3 * f, 16 + (f % 3) - 1
        frame = []
        for y in range(rows):
            for x in range(cols):
                v = 200 - 2 * y + rng.noise(6)
                if (x - cx) ** 2 + (y - cy) ** 2 <= 16:
                    v = 40 + rng.noise(8)                          # contrast-filled vessel
                if abs(x - 15) <= 1:
                    v -= 60                                        # catheter
                frame.append(clip(v, 0, 255))
        out.append(frame)
    out[0][0], out[-1][-1] = 0, 255
    return out


def mf16_frames(rng, frames=8, size=40):
    """NM-like 12-bit counts: a hot blob drifting over 8 frames."""
    out = []
    for f in range(frames):
        frame = []
        for y in range(size):
            for x in range(size):
                r2 = (x - 14 - 2 * f) ** 2 + (y - 20) ** 2
                v = max(0, 400 - r2) * 8 + 120 * f + 200 + rng.noise(60)
                frame.append(clip(v, 0, 4095))
        out.append(frame)
    out[0][0], out[-1][-1] = 0, 4095
    return out


def seg_frames(frames=3, rows=13, cols=20):
    return [[1 if (x - 5 - 4 * f) ** 2 + (y - 6) ** 2 <= 16 or (f == 2 and y == 12) else 0
             for y in range(rows) for x in range(cols)] for f in range(frames)]


def dose_frames(rng, frames=4, rows=24, cols=32):
    out = []
    for f in range(frames):
        frame = []
        for y in range(rows):
            for x in range(cols):
                base = max(0, 400 - (x - 16) ** 2 - (y - 12) ** 2)
                frame.append(clip(base * 10_000_000 * (f + 1) // 4 + rng.below(1000), 0, 0xFFFFFFFF))
        out.append(frame)
    out[-1][0] = 0xFFFFFFFF
    return out


def int32_image(rng, rows=24, cols=32):
    out = [clip((x - 16) * 130_000_000 + (y - 12) * 1_000_003 + rng.noise(5000), -2**31, 2**31 - 1)
           for y in range(rows) for x in range(cols)]
    out[0], out[-1] = -2**31, 2**31 - 1
    return out


# ---- encoders -----------------------------------------------------------------------------

def pack(fmt, values):
    return struct.pack("<%d%s" % (len(values), fmt), *values)


def pack_bits(bits):
    """1-bit pixels, frames back to back, least significant bit first (PS3.5 D.2)."""
    out = bytearray((len(bits) + 7) // 8)
    for i, b in enumerate(bits):
        if b:
            out[i >> 3] |= 1 << (i & 7)
    return bytes(out)


def ybr_full(r, g, b):
    """JFIF/T.871 RGB -> YCbCr, integer, as PS3.3 C.7.6.3.1.2 YBR_FULL."""
    y = (19595 * r + 38470 * g + 7471 * b + 32768) >> 16
    cb = ((-11059 * r - 21709 * g + 32768 * b + 32768) >> 16) + 128
    cr = ((32768 * r - 27439 * g - 5329 * b + 32768) >> 16) + 128
    return clip(y, 0, 255), clip(cb, 0, 255), clip(cr, 0, 255)


def write(name, data):
    with open(os.path.join(work, name), "wb") as f:
        f.write(data)


def codec_inputs(name, frames, bits, signed, rgb=False, rows=0, cols=0):
    """Per-frame inputs: .rawl (LE samples) for opj_compress, .yuv (unsigned, shifted by
    2^(bits-1) when signed) or .ppm (RGB) for ojph_compress."""
    for i, frame in enumerate(frames):
        stem = f"{name}_f{i}"
        if rgb:
            ppm = b"P6\n%d %d\n255\n" % (cols, rows) + bytes(c for p in frame for c in p)
            write(stem + ".ppm", ppm)
            continue
        wide = bits > 8
        write(stem + ".rawl", pack(("h" if signed else "H") if wide else ("b" if signed else "B"), frame))
        shift = 1 << (bits - 1) if signed else 0
        write(stem + ".yuv", pack("H" if wide else "B", [v + shift for v in frame]))


# ---- dump2dcm headers -----------------------------------------------------------------------

def header(n, sop_class, modality, name, description, rows, cols, extra=""):
    return f"""(0008,0008) CS [ORIGINAL\\PRIMARY]
(0008,0016) UI ={sop_class}
(0008,0018) UI [{UID_ROOT}.{n}.1.1]
(0008,0020) DA [20240301]
(0008,0030) TM [090000]
(0008,0050) SH [PIX{n:03d}]
(0008,0060) CS [{modality}]
(0008,0070) LO [CONCORD SYNTHETIC]
(0008,103e) LO [{description}]
(0010,0010) PN [CONCORD^PIXELS^{name}]
(0010,0020) LO [CONCORD-P{n:03d}]
(0010,0030) DA [19700101]
(0010,0040) CS [O]
(0020,000d) UI [{UID_ROOT}.{n}]
(0020,000e) UI [{UID_ROOT}.{n}.1]
(0020,0010) SH [PIX{n:03d}]
(0020,0011) IS [1]
(0020,0013) IS [1]
(0028,0010) US {rows}
(0028,0011) US {cols}
{extra}"""


def mono(bits_alloc, bits_stored, signed, photometric="MONOCHROME2"):
    return f"""(0028,0002) US 1
(0028,0004) CS [{photometric}]
(0028,0100) US {bits_alloc}
(0028,0101) US {bits_stored}
(0028,0102) US {bits_stored - 1}
(0028,0103) US {1 if signed else 0}
"""


def frames_attr(n, pointer="(0018,1063)"):
    return f"(0028,0008) IS [{n}]\n(0028,0009) AT {pointer}\n"


dumps = {}
images = []     # name rows cols samples bits_stored signed frames

def intended(name, data):
    """What pixel_array(raw=True) must return for the Explicit VR Little Endian original,
    little-endian; checked after pydicom has decoded the files (section 4)."""
    write(name + ".intended", data)


def add(name, dump, raw, vr="OW", tag="(7fe0,0010)", inline=None, expect=None):
    if expect is not None or raw is not None:
        intended(name, expect if expect is not None else raw)
    if inline is not None:
        dumps[name] = dump + f"{tag} {vr} {inline}\n"
    else:
        write(name + ".raw", raw)
        dumps[name] = dump + f"{tag} {vr} ={os.path.join(work, name + '.raw')}\n"


# CT, 16 bits stored, signed, full int16 range in the corners.
ct16 = ct_phantom(Rng(1), -32768, 32767, 30000)
add("ct16", header(1, "CTImageStorage", "CT", "CT16", "Synthetic CT 16-bit signed", 64, 64,
                   mono(16, 16, True) + "(0028,1050) DS [40]\n(0028,1051) DS [400]\n(0028,1052) DS [0]\n(0028,1053) DS [1]\n(0028,1054) LO [HU]\n"),
    pack("h", ct16))
codec_inputs("ct16", [ct16], 16, True)

# CT, 12 bits stored (high bit 11), signed, stored sign-extended in 16 bits.
ct12 = ct_phantom(Rng(2), -2048, 2047, 2047)
ct12_hdr = header(2, "CTImageStorage", "CT", "CT12", "Synthetic CT 12-bit signed", 64, 64,
                  mono(16, 12, True) + "(0028,1050) DS [40]\n(0028,1051) DS [400]\n(0028,1052) DS [0]\n(0028,1053) DS [1]\n(0028,1054) LO [HU]\n")
add("ct12", ct12_hdr, pack("h", ct12))
codec_inputs("ct12", [ct12], 12, True)
# The same CT with garbage in the unused bits 12..15 (PS3.5 8.1.1 allows anything there).
garbage = Rng(3)
add("ct12_garbage_high_bits", ct12_hdr.replace("Synthetic CT 12-bit signed", "CT 12-bit, garbage above high bit"),
    pack("H", [(v & 0x0FFF) | (garbage.below(16) << 12) for v in ct12]), expect=pack("h", ct12))

# MR, 16 bits stored, unsigned, 0 and 65535 present.
mr16 = mr_image(Rng(4))
add("mr16", header(3, "MRImageStorage", "MR", "MR16", "Synthetic MR 16-bit", 64, 64, mono(16, 16, False)), pack("H", mr16))
codec_inputs("mr16", [mr16], 16, False)

# CR, 12 bits stored, MONOCHROME1, 96 rows x 80 columns (not square).
cr12 = cr_image(Rng(5))
add("cr12", header(4, "ComputedRadiographyImageStorage", "CR", "CR12", "Synthetic CR 12-bit MONOCHROME1", 96, 80,
                   mono(16, 12, False, "MONOCHROME1") + "(0028,1050) DS [2048]\n(0028,1051) DS [4096]\n"), pack("H", cr12))
codec_inputs("cr12", [cr12], 12, False)

# US, RGB 8-bit, 48 rows x 64 columns; also planar, native YBR_FULL_422, palette variants.
us = us_rgb(Rng(6))
rgb_hdr = lambda n, desc, photometric, planar: header(n, "UltrasoundImageStorage", "US", "US", desc, 48, 64,
    f"(0028,0002) US 3\n(0028,0004) CS [{photometric}]\n(0028,0006) US {planar}\n"
    "(0028,0100) US 8\n(0028,0101) US 8\n(0028,0102) US 7\n(0028,0103) US 0\n")
add("us_rgb", rgb_hdr(5, "Synthetic US RGB", "RGB", 0), bytes(c for p in us for c in p), vr="OB")
codec_inputs("us_rgb", [us], 8, False, rgb=True, rows=48, cols=64)
add("us_rgb_planar", rgb_hdr(6, "Synthetic US RGB planar", "RGB", 1),
    bytes(p[k] for k in range(3) for p in us), vr="OB", expect=bytes(c for p in us for c in p))
ybr422 = bytearray()
for i in range(0, len(us), 2):
    y0, cb0, cr0 = ybr_full(*us[i])
    y1, cb1, cr1 = ybr_full(*us[i + 1])
    ybr422 += bytes((y0, y1, (cb0 + cb1 + 1) // 2, (cr0 + cr1 + 1) // 2))
# pydicom returns YBR_FULL_422 upsampled to three samples per pixel, chroma repeated.
add("us_ybr422", rgb_hdr(7, "Synthetic US YBR_FULL_422 native", "YBR_FULL_422", 0), bytes(ybr422), vr="OB",
    expect=bytes(c for i in range(0, len(ybr422), 4) for c in (ybr422[i], ybr422[i + 2], ybr422[i + 3],
                                                              ybr422[i + 1], ybr422[i + 2], ybr422[i + 3])))

# Palette colour, 8-bit indices, 45 x 61 (odd length: 2745 bytes + 1 pad byte).
idx = [((x * 4 + y * 2) + (64 if (x - 30) ** 2 + (y - 22) ** 2 < 150 else 0)) % 256 for y in range(45) for x in range(61)]
lut = lambda f: pack("H", [f(i) for i in range(256)])
pal_common = lambda n, desc: header(n, "UltrasoundImageStorage", "US", "PALETTE", desc, 45, 61,
    mono(8, 8, False, "PALETTE COLOR") + "(0028,1101) US 256\\0\\16\n(0028,1102) US 256\\0\\16\n(0028,1103) US 256\\0\\16\n")
write("lut_r.raw", lut(lambda i: i * 257))
write("lut_g.raw", lut(lambda i: (255 - i) * 257))
write("lut_b.raw", lut(lambda i: ((i * 2) % 256) * 257))
add("us_palette", pal_common(8, "Palette colour 8-bit") +
    "".join(f"(0028,120{k}) OW ={os.path.join(work, 'lut_' + c + '.raw')}\n" for k, c in ((1, "r"), (2, "g"), (3, "b"))),
    bytes(idx), vr="OB")
# Segmented palette (PS3.3 C.7.9.2): discrete first entry, then linear segments.
seg_r = [0, 1, 0, 1, 255, 65535]
seg_g = [0, 1, 65535, 1, 127, 0, 1, 128, 65535]
seg_b = [0, 4, 0, 16384, 32768, 49152, 1, 252, 65535]
for c, s in (("r", seg_r), ("g", seg_g), ("b", seg_b)):
    write(f"seg_{c}.raw", pack("H", s))
add("us_palette_segmented", pal_common(9, "Segmented palette colour 8-bit") +
    "".join(f"(0028,122{k}) OW ={os.path.join(work, 'seg_' + c + '.raw')}\n" for k, c in ((1, "r"), (2, "g"), (3, "b"))),
    bytes(idx), vr="OB")

# XA cine, 8 frames of 33 x 31 8-bit (odd frame length 1023); OW so Big Endian swaps pairs.
xa = xa_frames(Rng(7))
add("xa8_mf", header(10, "XRayAngiographicImageStorage", "XA", "XA", "Synthetic XA cine 8 frames", 33, 31,
                     mono(8, 8, False) + frames_attr(8) + "(0018,1063) DS [66.7]\n"),
    bytes(v for f in xa for v in f))
codec_inputs("xa8_mf", xa, 8, False)

# Multi-frame 12-bit grayscale, 8 frames of 40 x 40.
mf = mf16_frames(Rng(8))
add("mf16", header(11, "MultiframeGrayscaleWordSecondaryCaptureImageStorage", "OT", "MF16",
                   "Synthetic 12-bit multi-frame", 40, 40, mono(16, 12, False) + frames_attr(8, "(0018,2002)")
                   + "(0018,2002) SH [FRAME]\n"),
    pack("H", [v for f in mf for v in f]))
codec_inputs("mf16", mf, 12, False)

# 1-bit, 3 frames of 13 x 20: 260 bits per frame, so frames 1 and 2 start inside a byte.
seg = seg_frames()
add("seg1_mf", header(12, "MultiframeSingleBitSecondaryCaptureImageStorage", "OT", "SEG1",
                      "1-bit mask, 3 frames", 13, 20, mono(1, 1, False) + frames_attr(3, "(0018,2002)")
                      + "(0018,2002) SH [FRAME]\n"),
    pack_bits([b for f in seg for b in f]), vr="OB", expect=bytes(b for f in seg for b in f))

# RT Dose-like 32-bit unsigned, 4 frames of 24 x 32.
dose = dose_frames(Rng(9))
add("dose32_mf", header(13, "RTDoseStorage", "RTDOSE", "DOSE32", "32-bit unsigned, 4 frames", 24, 32,
                        mono(32, 32, False) + frames_attr(4, "(3004,000c)")
                        + "(3004,0002) CS [GY]\n(3004,0004) CS [PHYSICAL]\n(3004,000a) CS [PLAN]\n"
                        "(3004,000c) DS [0\\2.5\\5\\7.5]\n(3004,000e) DS [1e-9]\n"),
    pack("I", [v for f in dose for v in f]))

# 32-bit signed, one frame.
i32 = int32_image(Rng(10))
add("sc_int32", header(14, "SecondaryCaptureImageStorage", "OT", "INT32", "32-bit signed", 24, 32, mono(32, 32, True)
                       + "(0008,0064) CS [WSD]\n"), pack("i", i32))

# Float Pixel Data (OF) and Double Float Pixel Data (OD): exact binary fractions, a NaN, -0.
f32 = [(x * 64 + y * 3 - 700) / 64 for y in range(24) for x in range(32)]
f32[0], f32[1], f32[2] = float("nan"), -0.0, 2.0 ** 100
float_hdr = lambda n, desc, bits, rows, cols: header(n, "ParametricMapStorage", "MR", "FLOAT", desc, rows, cols,
    f"(0028,0002) US 1\n(0028,0004) CS [MONOCHROME2]\n(0028,0100) US {bits}\n")
fmt = lambda v: "nan" if v != v else repr(v)
add("pm_float32", float_hdr(15, "Float Pixel Data", 32, 24, 32), None, vr="OF", tag="(7fe0,0008)", expect=pack("f", f32),
    inline="\\".join(fmt(v) for v in f32))
f64 = [(x * 1024 - y * 37 + 5) / 1024 for y in range(16) for x in range(16)]
f64[0], f64[1], f64[2] = float("nan"), -0.0, -(2.0 ** -10)
add("pm_float64", float_hdr(16, "Double Float Pixel Data", 64, 16, 16), None, vr="OD", tag="(7fe0,0009)", expect=pack("d", f64),
    inline="\\".join(fmt(v) for v in f64))

for name, text in dumps.items():
    with open(os.path.join(work, name + ".dump"), "w") as f:
        f.write(text)
print("images:", " ".join(sorted(dumps)))
PY

# +l: the float images carry their values inline on one long line (DCMTK cuts lines at 4096).
D2D=(dump2dcm -q --write-file --padding-off +l 1048576)
for dump in "$WORK"/*.dump; do
    name="$(basename "$dump" .dump)"
    "${D2D[@]}" "$dump" "$BASE/$name.dcm" 2>"$WORK/dump2dcm.err" || true
    # dump2dcm exits 0 even when a line fails; an error message or a missing file is fatal.
    if [[ -s "$WORK/dump2dcm.err" || ! -s "$BASE/$name.dcm" ]]; then
        cat "$WORK/dump2dcm.err" >&2; echo "error: dump2dcm failed on $name" >&2; exit 1
    fi
done

# ---------------------------------------------------------------------------------------------
# 2. Native syntaxes (dcmconv) and the DCMTK codecs. Output names: <image>_<syntax>.dcm
# ---------------------------------------------------------------------------------------------
out() { echo "$OUT/$1.dcm"; }

for name in ct16 ct12 ct12_garbage_high_bits mr16 cr12 us_rgb us_rgb_planar us_ybr422 us_palette \
            us_palette_segmented xa8_mf mf16 seg1_mf dose32_mf sc_int32 pm_float32 pm_float64; do
    cp "$BASE/$name.dcm" "$(out "${name}_explicit_le")"
done
for name in ct16 ct12 mr16 cr12 us_rgb xa8_mf mf16 seg1_mf dose32_mf pm_float32; do
    dcmconv -q +ti "$BASE/$name.dcm" "$(out "${name}_implicit_le")"
done
# Not the 32-bit integer images: DCMTK swaps their OW value in 16-bit words, while pydicom
# reads Big Endian 32-bit samples as whole 32-bit words, so the two disagree on the values.
for name in ct16 ct12 mr16 cr12 us_rgb us_rgb_planar xa8_mf mf16 seg1_mf pm_float32 pm_float64; do
    dcmconv -q +tb "$BASE/$name.dcm" "$(out "${name}_explicit_be")"
done
for name in ct16 mr16 us_rgb xa8_mf mf16; do
    dcmconv -q +td +cl 6 "$BASE/$name.dcm" "$(out "${name}_deflated")"
done

# RLE Lossless (dcmcrle): one fragment per frame, Basic Offset Table filled.
for name in ct16 ct12 mr16 cr12 us_rgb us_rgb_planar us_palette xa8_mf mf16 dose32_mf sc_int32; do
    dcmcrle -q "$BASE/$name.dcm" "$(out "${name}_rle")"
done

# JPEG (dcmcjpeg). +un keeps the SOP Instance UID so the output is deterministic.
JPEG=(dcmcjpeg -q +un)
# Process 14 SV1 (1.2.840.10008.1.2.4.70).
for name in ct16 ct12 mr16 cr12 us_rgb xa8_mf mf16; do
    "${JPEG[@]}" +e1 "$BASE/$name.dcm" "$(out "${name}_jpeg_sv1")"
done
# Process 14 (1.2.840.10008.1.2.4.57): all seven predictors on the CT, point transform on MR.
for sv in 1 2 3 4 5 6 7; do
    "${JPEG[@]}" +el +sv "$sv" "$BASE/ct16.dcm" "$(out "ct16_jpeg_lossless_sv$sv")"
done
"${JPEG[@]}" +el +sv 6 +pt 2 "$BASE/mr16.dcm" "$(out mr16_jpeg_lossless_sv6_pt2)"
"${JPEG[@]}" +el +sv 4 "$BASE/us_rgb.dcm" "$(out us_rgb_jpeg_lossless_sv4)"
"${JPEG[@]}" +el +sv 7 "$BASE/mf16.dcm" "$(out mf16_jpeg_lossless_sv7)"
# Baseline 8-bit (…4.50): YBR_FULL_422 (DCMTK's default 4:2:2), YBR_FULL 4:4:4, RGB (no colour
# transform), and an 8-bit monochrome cine.
"${JPEG[@]}" +eb "$BASE/us_rgb.dcm" "$(out us_rgb_jpeg_baseline_ybr422)"
"${JPEG[@]}" +eb +s4 "$BASE/us_rgb.dcm" "$(out us_rgb_jpeg_baseline_ybr444)"
"${JPEG[@]}" +eb +cr "$BASE/us_rgb.dcm" "$(out us_rgb_jpeg_baseline_rgb)"
"${JPEG[@]}" +eb "$BASE/xa8_mf.dcm" "$(out xa8_mf_jpeg_baseline)"
# Extended 12-bit (…4.51).
"${JPEG[@]}" +ee "$BASE/cr12.dcm" "$(out cr12_jpeg_extended)"
"${JPEG[@]}" +ee "$BASE/mf16.dcm" "$(out mf16_jpeg_extended)"
"${JPEG[@]}" +ee "$BASE/xa8_mf.dcm" "$(out xa8_mf_jpeg_extended)"
# Empty Basic Offset Table, frames split into 1 KiB fragments: frames located by scanning.
"${JPEG[@]}" +e1 -ot +fs 1 "$BASE/mf16.dcm" "$(out mf16_jpeg_sv1_nobot_fragments)"

# JPEG-LS (dcmcjpls).
for name in ct16 ct12 mr16 cr12 us_rgb xa8_mf mf16; do
    dcmcjpls -q +un +el "$BASE/$name.dcm" "$(out "${name}_jpeg_ls_lossless")"
done
# (DCMTK refuses near-lossless for signed pixels, so the CTs are lossless only.)
for name in mr16 us_rgb xa8_mf; do
    dcmcjpls -q +un +en "$BASE/$name.dcm" "$(out "${name}_jpeg_ls_near2")"
done
dcmcjpls -q +un +en +md 5 "$BASE/cr12.dcm" "$(out cr12_jpeg_ls_near5)"
# Frames split into 1 KiB fragments, Basic Offset Table present.
dcmcjpls -q +un +el +fs 1 "$BASE/mf16.dcm" "$(out mf16_jpeg_ls_lossless_fragments)"

# ---------------------------------------------------------------------------------------------
# 3. JPEG 2000 (opj_compress) and HTJ2K (ojph_compress) codestreams, one per frame.
# ---------------------------------------------------------------------------------------------
declare -A GEOM=( [ct16]="64 64 16 s" [ct12]="64 64 12 s" [mr16]="64 64 16 u" [cr12]="80 96 12 u"
                  [xa8_mf]="31 33 8 u" [mf16]="40 40 12 u" [us_rgb]="64 48 8 u" )
declare -A FRAMES=( [xa8_mf]=8 [mf16]=8 )
# The encoders print progress on stdout and stderr; the log is shown when one fails.
codec_failed() { cat "$WORK/codec.log" >&2; echo "error: $1 failed" >&2; exit 1; }

opj() { # name variant opj-options…
    local name=$1 variant=$2; shift 2
    read -r cols rows bits sign <<<"${GEOM[$name]}"
    local n=${FRAMES[$name]:-1}
    for ((i = 0; i < n; i++)); do
        if [[ $name == us_rgb ]]; then
            opj_compress -i "$WORK/${name}_f$i.ppm" -o "$CS/${name}_${variant}_f$i.j2k" "$@" >"$WORK/codec.log" 2>&1 || codec_failed "$name frame $i"
        else
            # 31 x 33 frames allow at most 5 resolution levels (OpenJPEG's default is 6).
            opj_compress -i "$WORK/${name}_f$i.rawl" -F "$cols,$rows,1,$bits,$sign" \
                -o "$CS/${name}_${variant}_f$i.j2k" $([[ $name == xa8_mf ]] && printf -- "-n 5") "$@" >"$WORK/codec.log" 2>&1 || codec_failed "$name frame $i"
        fi
    done
}
ojph() { # name variant ojph-options…   (signed images: see the SIZ note in wrap step)
    local name=$1 variant=$2; shift 2
    read -r cols rows bits sign <<<"${GEOM[$name]}"
    local n=${FRAMES[$name]:-1}
    for ((i = 0; i < n; i++)); do
        if [[ $name == us_rgb ]]; then
            ojph_compress -i "$WORK/${name}_f$i.ppm" -o "$CS/${name}_${variant}_f$i.j2c" "$@" >"$WORK/codec.log" 2>&1 || codec_failed "$name frame $i"
        else
            ojph_compress -i "$WORK/${name}_f$i.yuv" -o "$CS/${name}_${variant}_f$i.j2c" \
                -dims "{$cols,$rows}" -num_comps 1 -signed false -bit_depth "$bits" -downsamp "{1,1}" "$@" >"$WORK/codec.log" 2>&1 || codec_failed "$name frame $i"
        fi
    done
}
for name in ct16 ct12 mr16 cr12 us_rgb xa8_mf mf16; do opj "$name" j2k_lossless; done
opj ct16 j2k_lossy -I -r 8
opj mr16 j2k_lossy -I -r 10
opj cr12 j2k_lossy -I -r 12
opj us_rgb j2k_lossy -I -r 6
for name in ct16 mr16 us_rgb mf16; do ojph "$name" htj2k_lossless -reversible true -prog_order LRCP; done
for name in ct12 cr12; do ojph "$name" htj2k_lossless_rpcl -reversible true -prog_order RPCL; done
ojph mr16 htj2k_lossy -reversible false -qstep 0.002
ojph us_rgb htj2k_lossy -reversible false -qstep 0.01

# ---------------------------------------------------------------------------------------------
# 4. Wrap codestreams into DICOM, rewrap with an Extended Offset Table / split fragments
#    (pydicom), then record what pydicom decodes.
# ---------------------------------------------------------------------------------------------
"$PYTHON" - "$BASE" "$CS" "$OUT" <<'PY'
import glob, os, struct, sys, warnings
import pydicom
from pydicom.encaps import encapsulate, encapsulate_extended, generate_frames
from pydicom.uid import UID

warnings.simplefilter("ignore")
base, cs, out = sys.argv[1:4]
FRAMES = {"xa8_mf": 8, "mf16": 8}
SIGNED = {"ct16", "ct12"}


def codestreams(image, variant, ext):
    n = FRAMES.get(image, 1)
    return [open(os.path.join(cs, f"{image}_{variant}_f{i}.{ext}"), "rb").read() for i in range(n)]


def segments(cs_bytes):
    """(marker, offset) of the main-header marker segments up to the first SOT."""
    pos, found = 2, []
    while pos < len(cs_bytes):
        marker = struct.unpack_from(">H", cs_bytes, pos)[0]
        found.append((marker, pos))
        if marker == 0xFF90:          # SOT: main header ends
            return found
        pos += 2 + struct.unpack_from(">H", cs_bytes, pos + 2)[0]
    raise ValueError("no SOT")


def make_signed(cs_bytes):
    """OpenJPH 0.9 reads .yuv samples as unsigned; signed images were given to it shifted by
    2^(B-1) as unsigned. An unsigned codestream codes (u - 2^(B-1)) after the DC level shift,
    which is exactly the signed value, so setting the sign bit of every Ssiz in SIZ turns it
    into the codestream of the signed image (same coded data, no level shift on decoding)."""
    b = bytearray(cs_bytes)
    marker, pos = segments(b)[0]
    assert marker == 0xFF51, "SIZ must follow SOC"
    csiz = struct.unpack_from(">H", b, pos + 38)[0]
    for c in range(csiz):
        b[pos + 40 + 3 * c] |= 0x80
    return bytes(b)


def add_tlm(cs_bytes):
    """Insert a TLM marker segment (ISO 15444-1 A.7.1) before the first SOT, as HTJ2K Lossless
    RPCL (1.2.840.10008.1.2.4.202) requires: Ztlm 0, Stlm 0x40 (no Ttlm, 32-bit Ptlm), one
    Ptlm per tile-part."""
    sot = segments(cs_bytes)[-1][1]
    lengths, pos = [], sot
    while struct.unpack_from(">H", cs_bytes, pos)[0] == 0xFF90:
        psot = struct.unpack_from(">I", cs_bytes, pos + 6)[0] or (len(cs_bytes) - 2 - pos)
        lengths.append(psot)
        pos += psot
    tlm = struct.pack(">HHBB", 0xFF55, 4 + 4 * len(lengths), 0, 0x40) + b"".join(struct.pack(">I", n) for n in lengths)
    return cs_bytes[:sot] + tlm + cs_bytes[sot:]


def save(ds, path, tsyntax):
    ds.file_meta.TransferSyntaxUID = UID(tsyntax)
    ds.save_as(path, enforce_file_format=True)


def wrap(image, variant, ext, tsyntax, lossy=None, photometric=None, post=None, name=None,
         extended=False, split=None):
    frames = codestreams(image, variant, ext)
    if post:
        frames = [post(f) for f in frames]
    ds = pydicom.dcmread(os.path.join(base, image + ".dcm"))
    if extended:
        value, eot, eot_lengths = encapsulate_extended(frames)
        ds.PixelData = value
        ds.ExtendedOffsetTable = eot
        ds.ExtendedOffsetTableLengths = eot_lengths
    elif split:
        # Empty Basic Offset Table, each frame cut into `split` fragments.
        ds.PixelData = encapsulate(frames, fragments_per_frame=split, has_bot=False)
    else:
        ds.PixelData = encapsulate(frames)
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    if ds.SamplesPerPixel == 3:
        ds.PlanarConfiguration = 0
    if photometric:
        ds.PhotometricInterpretation = photometric
    if lossy:
        ds.LossyImageCompression = "01"
        ds.LossyImageCompressionMethod = lossy
        native = ds.Rows * ds.Columns * ds.SamplesPerPixel * (ds.BitsAllocated // 8) * len(frames)
        ds.LossyImageCompressionRatio = f"{native / sum(len(f) for f in frames):.2f}"[:16]
    save(ds, os.path.join(out, (name or f"{image}_{variant}") + ".dcm"), tsyntax)


J2K_LL, J2K, HT_LL, HT_RPCL, HT = ("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
                                   "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
                                   "1.2.840.10008.1.2.4.203")
for image in ("ct16", "ct12", "mr16", "cr12", "us_rgb", "xa8_mf", "mf16"):
    wrap(image, "j2k_lossless", "j2k", J2K_LL, photometric="YBR_RCT" if image == "us_rgb" else None)
for image in ("ct16", "mr16", "cr12", "us_rgb"):
    wrap(image, "j2k_lossy", "j2k", J2K, lossy="ISO_15444_1", photometric="YBR_ICT" if image == "us_rgb" else None)
for image in ("ct16", "mr16", "us_rgb", "mf16"):
    wrap(image, "htj2k_lossless", "j2c", HT_LL, photometric="YBR_RCT" if image == "us_rgb" else None,
         post=make_signed if image in SIGNED else None)
for image in ("ct12", "cr12"):
    wrap(image, "htj2k_lossless_rpcl", "j2c", HT_RPCL,
         post=(lambda f: add_tlm(make_signed(f))) if image in SIGNED else add_tlm)
wrap("mr16", "htj2k_lossy", "j2c", HT, lossy="ISO_15444_15")
wrap("us_rgb", "htj2k_lossy", "j2c", HT, lossy="ISO_15444_15", photometric="YBR_ICT")
# Extended Offset Table (and an empty Basic Offset Table), 8 frames.
wrap("mf16", "j2k_lossless", "j2k", J2K_LL, extended=True, name="mf16_j2k_lossless_eot")
# Empty Basic Offset Table, three fragments per frame.
wrap("xa8_mf", "j2k_lossless", "j2k", J2K_LL, split=3, name="xa8_mf_j2k_lossless_nobot_fragments")

# RLE with an Extended Offset Table: dcmcrle's frames rewrapped.
rle = pydicom.dcmread(os.path.join(out, "xa8_mf_rle.dcm"))
frames = list(generate_frames(rle.PixelData, number_of_frames=8))
value, eot, eot_lengths = encapsulate_extended(frames)
rle.PixelData = value
rle["PixelData"].is_undefined_length = True
rle.ExtendedOffsetTable = eot
rle.ExtendedOffsetTableLengths = eot_lengths
save(rle, os.path.join(out, "xa8_mf_rle_eot.dcm"), "1.2.840.10008.1.2.5")
PY

"$PYTHON" - "$OUT" "$WORK" <<'PY'
import glob, gzip, hashlib, json, os, sys, warnings
import numpy as np
import pydicom
from pydicom.pixels import pixel_array

warnings.simplefilter("ignore")
out, work = sys.argv[1:3]
# Lossy syntaxes: decoders may round differently (IDCT, 9/7 wavelet, colour transform), so
# values are compared within +/-1 against pydicom's decoded frames stored under reference/.
LOSSY = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.91",
         "1.2.840.10008.1.2.4.203"}
M64 = (1 << 64) - 1


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & M64
    return h


def decode(path, index):
    """pixel_array(path, raw=True); the path route cannot read Deflated, so fall back."""
    try:
        return pixel_array(path, index=index, raw=True), "path"
    except Exception:
        return pixel_array(pydicom.dcmread(path), index=index, raw=True), "dataset"


files = []
for path in sorted(glob.glob(os.path.join(out, "*.dcm"))):
    name = os.path.basename(path)
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    tsyntax = str(ds.file_meta.TransferSyntaxUID)
    count = int(ds.get("NumberOfFrames", 1) or 1)
    frames, raw, route = [], bytearray(), None
    for i in range(count):
        arr, route = decode(path, i)
        le = arr.astype(arr.dtype.newbyteorder("<"))
        data = le.tobytes()
        raw += data
        frames.append({"length": len(data), "sum": int(sum(data)), "fnv1a64": f"{fnv1a64(data):016x}",
                       "sha256": hashlib.sha256(data).hexdigest()})
    entry = {
        "file": name,
        "transferSyntax": tsyntax,
        "transferSyntaxName": ds.file_meta.TransferSyntaxUID.name,
        "photometricInterpretation": str(ds.PhotometricInterpretation),
        "frameShape": list(le.shape),
        "shape": ([count] if count > 1 else []) + list(le.shape),
        "dtype": le.dtype.str,
        "rule": "within1" if tsyntax in LOSSY else "exact",
        "frames": frames,
    }
    if route == "dataset":
        entry["oracle"] = "pixel_array(dcmread(path)) -- the path route cannot read Deflated"
    if tsyntax in LOSSY:
        ref = os.path.join("reference", name[:-4] + ".raw.gz")
        with open(os.path.join(out, ref), "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
            gz.write(bytes(raw))
        entry["reference"] = ref
    files.append(entry)

# The originals must hold exactly the synthetic values the generator meant.
for path in sorted(glob.glob(os.path.join(work, "*.intended"))):
    name = os.path.basename(path)[:-len(".intended")]
    entry = next(e for e in files if e["file"] == name + "_explicit_le.dcm")
    want = open(path, "rb").read()
    arr = pixel_array(os.path.join(out, entry["file"]), raw=True)
    got = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
    if got != want:
        sys.exit(f"error: pydicom decodes {entry['file']} to other values than generated "
                 f"({len(got)} vs {len(want)} bytes)")
print("originals hold the generated values:", len(glob.glob(os.path.join(work, "*.intended"))), "images")

# Every lossless encoding must decode to its original (this also proves the OpenJPH signed
# workaround and the inserted TLM segments). Not lossless: lossy syntaxes, JPEG-LS
# near-lossless, and JPEG Lossless with a point transform.
by_name = {e["file"]: e for e in files}
checked = 0
for e in files:
    stem = e["file"][:-4]
    image = next((k[:-len("_explicit_le.dcm")] for k in sorted(by_name, key=len, reverse=True)
                  if k.endswith("_explicit_le.dcm") and stem.startswith(k[:-len("_explicit_le.dcm")] + "_")), None)
    lossless = e["rule"] == "exact" and e["transferSyntax"] != "1.2.840.10008.1.2.4.81" and "_pt" not in stem
    if image is None or not lossless or stem.endswith("_explicit_le"):
        continue
    original = by_name[image + "_explicit_le.dcm"]
    if [f["sha256"] for f in e["frames"]] != [f["sha256"] for f in original["frames"]]:
        sys.exit(f"error: {e['file']} does not decode to the values of {original['file']}")
    checked += 1
print("lossless encodings equal to their originals:", checked)

manifest = {
    "about": "pydicom " + pydicom.__version__ + " pixel_array(path, index=i, raw=True) of every frame, "
             "little-endian bytes; rule 'exact' compares length, sum of bytes, FNV-1a 64 and SHA-256; "
             "'within1' compares each value with the gzip'd reference frames within +/-1.",
    "files": files,
}
with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(manifest, f, indent=1)
    f.write("\n")
print(f"expected.json: {len(files)} files, {sum(len(e['frames']) for e in files)} frames")
PY

# ---------------------------------------------------------------------------------------------
# 5. Sanity: every file reads back with dcmdump; the folder stays small.
# ---------------------------------------------------------------------------------------------
for f in "$OUT"/*.dcm; do
    dcmdump -q "$f" >/dev/null || { echo "error: dcmdump cannot read $f" >&2; exit 1; }
done
total=$(du -cb "$OUT" | tail -1 | cut -f1)
count=$(ls "$OUT"/*.dcm | wc -l)
echo "Fixtures/pixels: $count files, $total bytes"
(( total < LIMIT_BYTES )) || { echo "error: Fixtures/pixels is $total bytes, limit $LIMIT_BYTES" >&2; exit 1; }
