#!/bin/sh
# Regenerates Codecs/: small JPEG, JPEG-LS, JPEG 2000 and HTJ2K codestreams made from
# synthetic images with Debian tools (dcmtk's dcmcjpeg/dcmcjpls, gdcmconv, opj_compress,
# ojph_compress, libturbojpeg) and a small 12-bit JPEG encoder for what those tools cannot
# write (restart intervals, one scan per component, 12-bit colour), plus manifest.tsv with
# the output pydicom 3.0 gives for each: pixel_array(..., raw=True) with pylibjpeg,
# pylibjpeg-libjpeg, pylibjpeg-openjpeg and python-gdcm installed. Lossless cases are also
# checked to reproduce the source image exactly; 12-bit JPEG also gets the exact output of
# DCMTK's dcmdjpeg (IJG), since pydicom's libjpeg (Richter) rounds its IDCT differently.
#
# manifest.tsv: name, file, transfer syntax, rows, columns, samples, bits allocated, bits
# stored, signed, photometric, checks, note. Checks, ';'-separated: fnv64:<FNV-1a 64 of the
# little-endian output>, ref:<file>:<tolerance>[:<component>] (pydicom's output), or error.
#
#   apt-get install dcmtk libgdcm-tools libopenjp2-tools openjph-tools libturbojpeg0
#   PYTHON=/path/to/venv/bin/python ./make-codec-resources.sh
#
# The venv needs: pydicom==3.0.2 numpy pylibjpeg pylibjpeg-libjpeg pylibjpeg-openjpeg python-gdcm.
set -e
cd "$(dirname "$0")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/jpegenc.py" <<'PYTHON'
"""A small sequential-DCT JPEG encoder (ITU-T T.81, Huffman, 8- or 12-bit) used only to make
test codestreams with features DCMTK's dcmcjpeg cannot produce: restart intervals,
non-interleaved scans, 12-bit colour with subsampling, 16-bit quantization tables.
Standard library only."""
import math

NATURAL = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
           12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
           35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
           58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63]
COS = [[math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)] for u in range(8)]


def fdct(block):
    """block: 64 level-shifted samples, row-major. Returns 64 coefficients, natural order."""
    out = [0.0] * 64
    for v in range(8):
        for u in range(8):
            s = 0.0
            for y in range(8):
                cy = COS[v][y]
                row = block[y * 8:(y + 1) * 8]
                for x in range(8):
                    s += row[x] * COS[u][x] * cy
            cu = 1 / math.sqrt(2) if u == 0 else 1.0
            cv = 1 / math.sqrt(2) if v == 0 else 1.0
            out[v * 8 + u] = 0.25 * cu * cv * s
    return out


def optimal_table(freq):
    """IJG jpeg_gen_optimal_table: (bits[1..16], huffval) for symbol frequencies."""
    freq = list(freq) + [1]  # reserved symbol 256 keeps the all-ones code unused
    others = [-1] * 257
    codesize = [0] * 257
    while True:
        c1 = -1; v = 1 << 60
        for i in range(257):
            if freq[i] and freq[i] <= v:
                v = freq[i]; c1 = i
        c2 = -1; v = 1 << 60
        for i in range(257):
            if freq[i] and freq[i] <= v and i != c1:
                v = freq[i]; c2 = i
        if c2 < 0:
            break
        freq[c1] += freq[c2]; freq[c2] = 0
        codesize[c1] += 1
        while others[c1] >= 0:
            c1 = others[c1]; codesize[c1] += 1
        others[c1] = c2
        codesize[c2] += 1
        while others[c2] >= 0:
            c2 = others[c2]; codesize[c2] += 1
    bits = [0] * 33
    for i in range(257):
        if codesize[i]:
            bits[codesize[i]] += 1
    for i in range(32, 16, -1):
        while bits[i] > 0:
            j = i - 2
            while bits[j] == 0:
                j -= 1
            bits[i] -= 2; bits[i - 1] += 1; bits[j + 1] += 2; bits[j] -= 1
    i = 16
    while bits[i] == 0:
        i -= 1
    bits[i] -= 1
    huffval = [j for i in range(1, 33) for j in range(256) if codesize[j] == i]
    return bits[1:17], huffval


def codes(bits, huffval):
    table = {}
    code = 0; k = 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            table[huffval[k]] = (code, length); code += 1; k += 1
        code <<= 1
    return table


class BitWriter:
    def __init__(self):
        self.out = bytearray(); self.acc = 0; self.n = 0

    def put(self, value, size):
        for i in range(size - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1); self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc = 0; self.n = 0

    def flush(self):
        while self.n:
            self.put(1, 1)


def magnitude(v):
    return 0 if v == 0 else abs(v).bit_length()


def encode(planes, width, height, precision, components, scans, quant, restart=0):
    """planes[c]: 2-D list of samples at the component's resolution.
    components: list of (id, h, v, tq, dc_table, ac_table). scans: list of lists of component
    indices. quant: {tq: 64 values natural order}. Returns the codestream bytes."""
    hmax = max(c[1] for c in components); vmax = max(c[2] for c in components)
    mcusx = -(-width // (8 * hmax)); mcusy = -(-height // (8 * vmax))
    center = 1 << (precision - 1)
    # Quantized blocks per component, padded to whole MCUs by edge replication.
    blocks = []
    for ci, (cid, h, v, tq, _, _) in enumerate(components):
        cw = -(-width * h // hmax); ch = -(-height * v // vmax)
        bw = mcusx * h; bh = mcusy * v
        plane = planes[ci]
        q = quant[tq]
        grid = {}
        for by in range(bh):
            for bx in range(bw):
                samples = []
                for y in range(8):
                    yy = min(by * 8 + y, ch - 1)
                    for x in range(8):
                        xx = min(bx * 8 + x, cw - 1)
                        samples.append(plane[yy][xx] - center)
                coef = fdct(samples)
                grid[(by, bx)] = [int(round(coef[i] / q[i])) for i in range(64)]
        blocks.append((grid, cw, ch))

    def scan_units(scan):
        """Yields MCUs: lists of (component index, block)."""
        if len(scan) == 1:
            ci = scan[0]; grid, cw, ch = blocks[ci]
            for by in range(-(-ch // 8)):
                for bx in range(-(-cw // 8)):
                    yield [(ci, grid[(by, bx)])]
        else:
            for my in range(mcusy):
                for mx in range(mcusx):
                    unit = []
                    for ci in scan:
                        _, h, v, _, _, _ = components[ci]
                        for y in range(v):
                            for x in range(h):
                                unit.append((ci, blocks[ci][0][(my * v + y, mx * h + x)]))
                    yield unit

    def symbols(scan, emit):
        pred = {ci: 0 for ci in scan}
        for n, unit in enumerate(scan_units(scan)):
            if restart and n and n % restart == 0:
                emit(None, ("rst", (n // restart - 1) % 8), None)
                pred = {ci: 0 for ci in scan}
            for ci, block in unit:
                dc_t = components[ci][4]; ac_t = components[ci][5]
                diff = block[0] - pred[ci]; pred[ci] = block[0]
                s = magnitude(diff)
                emit(("dc", dc_t), s, (diff if diff >= 0 else diff - 1, s))
                run = 0
                last = max([k for k in range(1, 64) if block[NATURAL[k]] != 0], default=0)
                for k in range(1, last + 1):
                    c = block[NATURAL[k]]
                    if c == 0:
                        run += 1; continue
                    while run > 15:
                        emit(("ac", ac_t), 0xF0, None); run -= 16
                    s = magnitude(c)
                    emit(("ac", ac_t), (run << 4) | s, (c if c >= 0 else c - 1, s))
                    run = 0
                if last < 63:
                    emit(("ac", ac_t), 0x00, None)

    # Pass 1: frequencies for every table used.
    freqs = {}
    for scan in scans:
        def count(table, sym, _bits):
            if table is None:
                return
            freqs.setdefault(table, [0] * 256)[sym] += 1
        symbols(scan, count)
    tables = {t: optimal_table(f) for t, f in freqs.items()}

    out = bytearray(b"\xFF\xD8")

    def segment(marker, payload):
        out.extend(bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload)

    for tq, q in sorted(quant.items()):
        pq = 1 if precision > 8 else 0
        payload = bytes([(pq << 4) | tq])
        for k in range(64):
            v = q[NATURAL[k]]
            payload += v.to_bytes(2, "big") if pq else bytes([v])
        segment(0xDB, payload)
    sof = bytes([precision]) + height.to_bytes(2, "big") + width.to_bytes(2, "big") + bytes([len(components)])
    for cid, h, v, tq, _, _ in components:
        sof += bytes([cid, (h << 4) | v, tq])
    segment(0xC1 if precision > 8 else 0xC0, sof)
    if restart:
        segment(0xDD, restart.to_bytes(2, "big"))
    for scan in scans:
        needed = set()
        for ci in scan:
            needed.add(("dc", components[ci][4])); needed.add(("ac", components[ci][5]))
        for t in sorted(needed):
            bits, huffval = tables[t]
            segment(0xC4, bytes([(0 if t[0] == "dc" else 1) << 4 | t[1]]) + bytes(bits) + bytes(huffval))
        sos = bytes([len(scan)])
        for ci in scan:
            sos += bytes([components[ci][0], (components[ci][4] << 4) | components[ci][5]])
        segment(0xDA, sos + bytes([0, 63, 0]))
        w = BitWriter()
        maps = {t: codes(*tables[t]) for t in tables}

        def write(table, sym, extra):
            if table is None:
                w.flush(); w.out.extend(bytes([0xFF, 0xD0 + sym[1]])); return
            code, size = maps[table][sym]
            w.put(code, size)
            if extra and extra[1]:
                w.put(extra[0] & ((1 << extra[1]) - 1), extra[1])
        symbols(scan, write)
        w.flush()
        out.extend(w.out)
    out.extend(b"\xFF\xD9")
    return bytes(out)


def downsample(image, width, height, fx, fy):
    """Box-averages a full-size 2-D list by fx × fy (integer factors)."""
    cw = -(-width // fx); ch = -(-height // fy)
    plane = []
    for y in range(ch):
        row = []
        for x in range(cw):
            vals = [image[min(y * fy + j, height - 1)][min(x * fx + i, width - 1)] for j in range(fy) for i in range(fx)]
            row.append((sum(vals) + len(vals) // 2) // len(vals))
        plane.append(row)
    return plane
PYTHON

cat > "$WORK/makeres.py" <<'PYTHON'
"""Generates the codec test resources: small codestreams made by Debian tools from synthetic
images, plus a manifest with the expected decoded output (pydicom 3 pixel_array(raw=True)
with pylibjpeg, pylibjpeg-libjpeg, pylibjpeg-openjpeg and python-gdcm)."""
import os, subprocess, sys, tempfile, warnings, ctypes
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate, generate_frames
from pydicom.pixels import pixel_array
from pydicom.uid import generate_uid, ExplicitVRLittleEndian

warnings.simplefilter("ignore")
OUT = os.environ.get("OUT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "Codecs")
TMP = os.environ.get("WORK") or tempfile.mkdtemp(prefix="codec-resources-")
BASELINE, EXTENDED = "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"
JLS, JLS_NEAR = "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"
J2K, J2K_LOSSY = "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"
HTJ2K_LOSSLESS, HTJ2K_RPCL, HTJ2K = "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"
manifest = []


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------- synthetic images
def noise(shape, seed):
    """Deterministic pseudo-random integers in [0, 2^16) (a 32-bit LCG), stable across numpy versions."""
    n = int(np.prod(shape)); out = np.empty(n, np.int64); s = seed
    for i in range(n):
        s = (s * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = s >> 15
    return out.reshape(shape)


def mono(rows, cols, bits, signed, seed=1):
    """A CT-like image: smooth background, a disc, an edge and some noise, using the full range."""
    y, x = np.mgrid[0:rows, 0:cols]
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    span = hi - lo
    img = lo + span * 0.15 + span * 0.3 * (x / max(cols - 1, 1)) + span * 0.1 * (y / max(rows - 1, 1))
    disc = (x - cols * 0.55) ** 2 + (y - rows * 0.45) ** 2 < (min(rows, cols) * 0.3) ** 2
    img = np.where(disc, lo + span * 0.85, img)
    img[:, : cols // 6] = lo            # air / minimum
    img[rows - 3:, :] = hi              # maximum
    img = img + (noise((rows, cols), seed) % max(span // 40, 2)) - span // 80
    return np.clip(np.round(img), lo, hi).astype(np.int64)


def colour(rows, cols, seed=2):
    y, x = np.mgrid[0:rows, 0:cols]
    r = 255 * x / max(cols - 1, 1)
    g = 255 * y / max(rows - 1, 1)
    b = (noise((rows, cols), seed) % 256).astype(float)
    disc = (x - cols / 2) ** 2 + (y - rows / 2) ** 2 < (min(rows, cols) / 3) ** 2
    r = np.where(disc, 250, r); g = np.where(disc, 30, g); b = np.where(disc, 40, b)
    return np.clip(np.stack([r, g, b], -1).round(), 0, 255).astype(np.int64)


# ---------------------------------------------------------------- DICOM helpers
def dataset(arr, bits_stored, signed, pi, ts=ExplicitVRLittleEndian, ba=None):
    ds = Dataset(); ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ts
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[str(arr.shape), pi, str(bits_stored)])
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = ds.SeriesInstanceUID = ds.SOPInstanceUID
    ds.Modality = "OT"; ds.PatientName = "Codec^Test"; ds.PatientID = "CODEC"
    ds.Rows, ds.Columns = arr.shape[:2]
    ds.SamplesPerPixel = 3 if arr.ndim == 3 else 1
    ds.PhotometricInterpretation = pi
    if arr.ndim == 3:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = ba or (8 if bits_stored <= 8 else 16)
    ds.BitsStored = bits_stored; ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    return ds


def native(arr, bits_stored, signed, pi):
    ds = dataset(arr, bits_stored, signed, pi)
    dtype = {(8, False): "<u1", (8, True): "<i1", (16, False): "<u2", (16, True): "<i2"}[(ds.BitsAllocated, signed)]
    ds.PixelData = arr.astype(dtype).tobytes()
    ds["PixelData"].VR = "OB" if ds.BitsAllocated == 8 else "OW"
    path = os.path.join(TMP, f"native-{len(manifest)}.dcm")
    ds.save_as(path, enforce_file_format=True)
    return path


def tool_frame(command, arr, bits_stored, signed, pi):
    """Runs a DICOM-to-DICOM compressor on a native file and returns the first frame."""
    src = native(arr, bits_stored, signed, pi)
    dst = src.replace("native", "compressed")
    run(*[a.replace("IN", src).replace("OUT", dst) for a in command])
    ds = pydicom.dcmread(dst)
    frame = next(generate_frames(ds.PixelData, number_of_frames=1))
    return frame, ds


def expected(codestream, ts, rows, cols, spp, ba, bs, signed, pi):
    """pydicom's raw decode of `codestream` as a little-endian byte string."""
    arr = np.zeros((rows, cols, spp) if spp > 1 else (rows, cols), np.uint8)
    ds = dataset(arr, bs, signed, pi, ts=ts, ba=ba)
    ds.PixelData = encapsulate([codestream]); ds["PixelData"].VR = "OB"
    path = os.path.join(TMP, "expected.dcm")
    ds.save_as(path, enforce_file_format=True)
    out = pixel_array(path, index=0, raw=True)
    return out.astype(out.dtype.newbyteorder("<")).tobytes()


def fnv64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def dcmtk_decode(codestream, ts, rows, cols, spp, ba, bs, signed, pi):
    """DCMTK's dcmdjpeg (IJG 6b, 8/12-bit) output without colour conversion, with the bits above
    Bits Stored masked or sign-extended as pydicom does."""
    arr = np.zeros((rows, cols, spp) if spp > 1 else (rows, cols), np.uint8)
    ds = dataset(arr, bs, signed, pi, ts=ts, ba=ba)
    ds.PixelData = encapsulate([codestream]); ds["PixelData"].VR = "OB"
    src, dst = os.path.join(TMP, "dcmtk-in.dcm"), os.path.join(TMP, "dcmtk-out.dcm")
    ds.save_as(src, enforce_file_format=True)
    run("dcmdjpeg", "+cn", src, dst)
    raw = np.frombuffer(pydicom.dcmread(dst).PixelData, "<u2" if ba == 16 else "u1")[: rows * cols * spp].astype(np.int64)
    shift = ba - bs
    raw = (raw << shift) & ((1 << ba) - 1)
    if signed:
        raw = np.where(raw >= 1 << (ba - 1), raw - (1 << ba), raw)
    return (raw >> shift).astype(("<i" if signed else "<u") + str(ba // 8)).tobytes()


def add(name, codestream, ts, rows, cols, spp, ba, bs, signed, pi, source=None, tolerance=0, note="",
        exact=None, component=None):
    """Writes the codestream and a manifest line. `source` (lossless cases) must equal pydicom's output.
    With `tolerance`, pydicom's output is stored as a reference to compare within that many
    units (optionally only `component`), and `exact` (bytes from another decoder) gives the checksum."""
    ext = {BASELINE: "jpg", EXTENDED: "jpg", JLS: "jls", JLS_NEAR: "jls"}.get(ts, "j2k")
    if codestream[:4] == b"\x00\x00\x00\x0c":
        ext = "jp2"
    fname = f"{name}.{ext}"
    open(os.path.join(OUT, fname), "wb").write(codestream)
    ref = expected(codestream, ts, rows, cols, spp, ba, bs, signed, pi)
    if source is not None:
        dtype = ("<i" if signed else "<u") + str(ba // 8)
        assert source.astype(dtype).tobytes() == ref, f"{name}: pydicom does not return the source image"
    if tolerance:
        open(os.path.join(OUT, f"{name}.ref"), "wb").write(ref)
        check = f"ref:{name}.ref:{tolerance}" + (f":{component}" if component is not None else "")
        if exact is not None:
            check = f"fnv64:{fnv64(exact)};" + check
    else:
        check = f"fnv64:{fnv64(ref)}"
    manifest.append("\t".join(map(str, [name, fname, ts, rows, cols, spp, ba, bs, int(signed), pi, check, note])))
    return ref


def add_error(name, codestream, ts, rows, cols, spp, ba, bs, signed, pi, note):
    ext = {BASELINE: "jpg", EXTENDED: "jpg", JLS: "jls", JLS_NEAR: "jls"}.get(ts, "j2k")
    fname = f"{name}.{ext}"
    open(os.path.join(OUT, fname), "wb").write(codestream)
    manifest.append("\t".join(map(str, [name, fname, ts, rows, cols, spp, ba, bs, int(signed), pi, "error", note])))


# ---------------------------------------------------------------- JPEG baseline (libturbojpeg path)
def jpeg_cases():
    m8 = mono(48, 40, 8, False)
    f, _ = tool_frame(["dcmcjpeg", "+eb", "IN", "OUT"], m8, 8, False, "MONOCHROME2")
    add("baseline-mono8", f, BASELINE, 48, 40, 1, 8, 8, False, "MONOCHROME2", note="dcmcjpeg +eb")
    base_mono = f
    rgb = colour(30, 38)
    for opt, pi, label in [("+s2", "YBR_FULL_422", "422"), ("+s4", "YBR_FULL", "444"),
                           ("+n1", "YBR_FULL", "411"), ("+cr", "RGB", "rgb")]:
        f, ds = tool_frame(["dcmcjpeg", "+eb", opt, "IN", "OUT"], rgb, 8, False, "RGB")
        add(f"baseline-{label}", f, BASELINE, 30, 38, 3, 8, 8, False, str(ds.PhotometricInterpretation),
            note=f"dcmcjpeg +eb {opt}")
    # 4:2:0 and 4:4:0 from libturbojpeg itself (JFIF, Photometric RGB as many modalities write it).
    tj = ctypes.CDLL("libturbojpeg.so.0"); tj.tjInitCompress.restype = ctypes.c_void_p
    for samp, label in [(2, "420"), (4, "440")]:
        for rows, cols in [(30, 38), (3, 5)]:
            img = np.ascontiguousarray(colour(rows, cols)[:rows, :cols].astype(np.uint8))
            h = ctypes.c_void_p(tj.tjInitCompress()); buf = ctypes.POINTER(ctypes.c_ubyte)(); size = ctypes.c_ulong(0)
            assert tj.tjCompress2(h, img.ctypes.data_as(ctypes.c_void_p), cols, 0, rows, 0, ctypes.byref(buf),
                                  ctypes.byref(size), samp, 85, 0) == 0
            f = bytes(ctypes.string_at(buf, size.value)); tj.tjFree(buf); tj.tjDestroy(h)
            add(f"baseline-tj{label}-{rows}x{cols}", f, BASELINE, rows, cols, 3, 8, 8, False, "YBR_FULL_422",
                note=f"tjCompress2 {label}")
    # 8-bit in a 16-bit container; 8-bit codestream under the extended syntax.
    f, _ = tool_frame(["dcmcjpeg", "+ee", "IN", "OUT"], m8, 8, False, "MONOCHROME2")
    add("extended-mono8", f, EXTENDED, 48, 40, 1, 8, 8, False, "MONOCHROME2", note="dcmcjpeg +ee, 8-bit")
    # Corrupt: truncated entropy data, a broken SOF, garbage.
    add_error("baseline-truncated", base_mono[: len(base_mono) * 6 // 10], BASELINE, 48, 40, 1, 8, 8, False,
              "MONOCHROME2", "truncated to 60%")
    add_error("baseline-garbage", bytes(range(256)) * 2, BASELINE, 48, 40, 1, 8, 8, False, "MONOCHROME2", "no SOI")
    add_error("baseline-wrong-size", base_mono, BASELINE, 40, 48, 1, 8, 8, False, "MONOCHROME2",
              "codestream 40x48, data set 48x40")


# ---------------------------------------------------------------- JPEG extended 12-bit (Swift path)
def extended_cases():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    m12 = mono(48, 40, 12, False, seed=3)
    f, _ = tool_frame(["dcmcjpeg", "+ee", "IN", "OUT"], m12, 12, False, "MONOCHROME2")
    add("extended-mono12", f, EXTENDED, 48, 40, 1, 16, 12, False, "MONOCHROME2", tolerance=2, note="dcmcjpeg +ee",
        exact=dcmtk_decode(f, EXTENDED, 48, 40, 1, 16, 12, False, "MONOCHROME2"))
    f, _ = tool_frame(["dcmcjpeg", "+ee", "+q", "60", "IN", "OUT"], mono(37, 29, 12, False, seed=4), 12, False, "MONOCHROME2")
    add("extended-mono12-odd", f, EXTENDED, 37, 29, 1, 16, 12, False, "MONOCHROME2", tolerance=2, note="dcmcjpeg +ee +q 60",
        exact=dcmtk_decode(f, EXTENDED, 37, 29, 1, 16, 12, False, "MONOCHROME2"))
    ext = f
    add("extended-mono12-signed", ext, EXTENDED, 37, 29, 1, 16, 12, True, "MONOCHROME2", tolerance=2,
        note="same codestream, Pixel Representation 1",
        exact=dcmtk_decode(f, EXTENDED, 37, 29, 1, 16, 12, True, "MONOCHROME2"))
    # Our own encoder: restart intervals, non-interleaved scans, 12-bit colour with subsampling.
    import jpegenc
    img = mono(40, 44, 12, False, seed=5).tolist()
    q = {0: [1 + (i % 8 + i // 8) for i in range(64)]}
    f = jpegenc.encode([img], 44, 40, 12, [(1, 1, 1, 0, 0, 0)], [[0]], q, restart=3)
    add("extended-mono12-restart", f, EXTENDED, 40, 44, 1, 16, 12, False, "MONOCHROME2", tolerance=2,
        note="jpegenc: restart interval 3, 16-bit DQT",
        exact=dcmtk_decode(f, EXTENDED, 40, 44, 1, 16, 12, False, "MONOCHROME2"))
    rgb = colour(34, 42, seed=6) * 16
    planes = [rgb[..., c].tolist() for c in range(3)]
    sub = [planes[0], jpegenc.downsample(planes[1], 42, 34, 2, 2), jpegenc.downsample(planes[2], 42, 34, 2, 2)]
    q = {0: [2] * 64, 1: [3] * 64}
    comps = [(1, 2, 2, 0, 0, 0), (2, 1, 1, 1, 1, 1), (3, 1, 1, 1, 1, 1)]
    f = jpegenc.encode(sub, 42, 34, 12, comps, [[0, 1, 2]], q, restart=2)
    # pylibjpeg-libjpeg expands chroma with its own filter, so only luma is compared with pydicom.
    add("extended-ybr12-420-restart", f, EXTENDED, 34, 42, 3, 16, 12, False, "YBR_FULL", tolerance=2, component=0,
        note="jpegenc: 12-bit 3 components 4:2:0, interleaved, restart 2",
        exact=dcmtk_decode(f, EXTENDED, 34, 42, 3, 16, 12, False, "YBR_FULL"))
    comps = [(1, 1, 1, 0, 0, 0), (2, 1, 1, 1, 1, 1), (3, 1, 1, 1, 1, 1)]
    f = jpegenc.encode(planes, 42, 34, 12, comps, [[0], [1], [2]], q)
    add("extended-rgb12-separate-scans", f, EXTENDED, 34, 42, 3, 16, 12, False, "RGB", tolerance=2,
        note="jpegenc: one scan per component",
        exact=dcmtk_decode(f, EXTENDED, 34, 42, 3, 16, 12, False, "RGB"))
    add_error("extended-truncated", ext[: len(ext) * 6 // 10], EXTENDED, 37, 29, 1, 16, 12, False, "MONOCHROME2",
              "truncated to 60%")
    bad = bytearray(ext); i = bad.index(b"\xff\xc4"); bad[i + 4 + 1: i + 4 + 17] = bytes([255] * 16)
    add_error("extended-bad-huffman", bytes(bad), EXTENDED, 37, 29, 1, 16, 12, False, "MONOCHROME2",
              "DHT with impossible code counts")
    prog = bytearray(ext); i = prog.index(b"\xff\xc1"); prog[i + 1] = 0xC2
    add_error("extended-progressive", bytes(prog), EXTENDED, 37, 29, 1, 16, 12, False, "MONOCHROME2",
              "SOF2: progressive is not supported")
    arith = bytearray(ext); arith[i + 1] = 0xC9
    add_error("extended-arithmetic", bytes(arith), EXTENDED, 37, 29, 1, 16, 12, False, "MONOCHROME2",
              "SOF9: arithmetic coding is not supported")


# ---------------------------------------------------------------- JPEG-LS (CharLS)
def charls_encode(arr, bits, near=0, interleave=0):
    """CharLS (libcharls2) through ctypes, for precisions DCMTK and GDCM never write: they
    always encode at the container size. Signed samples are stored as their low `bits` bits."""
    lib = ctypes.CDLL("libcharls.so.2")
    lib.charls_jpegls_encoder_create.restype = ctypes.c_void_p
    class FrameInfo(ctypes.Structure):
        _fields_ = [("width", ctypes.c_uint32), ("height", ctypes.c_uint32),
                    ("bits_per_sample", ctypes.c_int32), ("component_count", ctypes.c_int32)]
    rows, cols = arr.shape[:2]; comps = arr.shape[2] if arr.ndim == 3 else 1
    data = np.ascontiguousarray(arr & ((1 << bits) - 1)).astype("<u1" if bits <= 8 else "<u2")
    if interleave == 0 and comps > 1:
        data = np.ascontiguousarray(np.moveaxis(data, -1, 0))   # planar input for "none"
    enc = ctypes.c_void_p(lib.charls_jpegls_encoder_create())
    info = FrameInfo(cols, rows, bits, comps)
    assert lib.charls_jpegls_encoder_set_frame_info(enc, ctypes.byref(info)) == 0
    assert lib.charls_jpegls_encoder_set_near_lossless(enc, near) == 0
    assert lib.charls_jpegls_encoder_set_interleave_mode(enc, interleave) == 0
    size = ctypes.c_size_t(0)
    assert lib.charls_jpegls_encoder_get_estimated_destination_size(enc, ctypes.byref(size)) == 0
    out = ctypes.create_string_buffer(size.value)
    assert lib.charls_jpegls_encoder_set_destination_buffer(enc, out, size) == 0
    assert lib.charls_jpegls_encoder_encode_from_buffer(enc, data.ctypes.data_as(ctypes.c_void_p),
                                                        ctypes.c_size_t(data.nbytes), 0) == 0
    written = ctypes.c_size_t(0)
    assert lib.charls_jpegls_encoder_get_bytes_written(enc, ctypes.byref(written)) == 0
    lib.charls_jpegls_encoder_destroy(enc)
    return out.raw[: written.value]


def jpegls_cases():
    m16s = mono(48, 40, 16, True, seed=7)
    f, _ = tool_frame(["dcmcjpls", "+el", "IN", "OUT"], m16s, 16, True, "MONOCHROME2")
    add("jls-mono16-signed", f, JLS, 48, 40, 1, 16, 16, True, "MONOCHROME2", source=m16s, note="dcmcjpls +el")
    jls16 = f
    m12s = mono(48, 40, 12, True, seed=8)
    f, _ = tool_frame(["dcmcjpls", "+el", "IN", "OUT"], m12s, 12, True, "MONOCHROME2")
    add("jls-mono12-signed", f, JLS, 48, 40, 1, 16, 12, True, "MONOCHROME2", source=m12s,
        note="dcmcjpls +el, signed 12-bit (sign restored from precision)")
    for bits in (2, 5, 10):
        m = mono(23, 31, bits, False, seed=9 + bits)
        f, _ = tool_frame(["dcmcjpls", "+el", "IN", "OUT"], m, bits, False, "MONOCHROME2")
        add(f"jls-mono{bits}", f, JLS, 23, 31, 1, 8 if bits <= 8 else 16, bits, False, "MONOCHROME2", source=m,
            note=f"dcmcjpls +el, {bits}-bit")
    # Precisions below the container, straight from CharLS: pydicom sizes its container by
    # the codestream precision and sign-extends from it when Pixel Representation is 1.
    for bits, signed, ba in [(2, False, 8), (7, False, 8), (10, False, 16), (12, True, 16), (13, True, 16), (16, False, 16)]:
        m = mono(29, 35, bits, signed, seed=20 + bits)
        add(f"jls-charls-p{bits}{'-signed' if signed else ''}", charls_encode(m, bits), JLS, 29, 35, 1, ba, bits,
            signed, "MONOCHROME2", source=m, note=f"CharLS encoder, precision {bits}")
    m = mono(29, 35, 12, True, seed=40)
    add("jlsnear-charls-p12-signed", charls_encode(m, 12, near=2), JLS_NEAR, 29, 35, 1, 16, 12, True, "MONOCHROME2",
        note="CharLS encoder, NEAR 2, signed 12-bit")
    rgb = colour(30, 38, seed=10)
    for opt, label in [("+il", "line"), ("+is", "sample"), ("+in", "none")]:
        f, _ = tool_frame(["dcmcjpls", "+el", opt, "IN", "OUT"], rgb, 8, False, "RGB")
        add(f"jls-rgb-{label}", f, JLS, 30, 38, 3, 8, 8, False, "RGB", source=rgb, note=f"dcmcjpls +el {opt}")
    m16 = mono(48, 40, 16, False, seed=17)
    f, _ = tool_frame(["dcmcjpls", "+en", "+md", "3", "IN", "OUT"], m16, 16, False, "MONOCHROME2")
    add("jlsnear-mono16", f, JLS_NEAR, 48, 40, 1, 16, 16, False, "MONOCHROME2", note="dcmcjpls +en +md 3")
    f, _ = tool_frame(["gdcmconv", "-L", "-Y", "-e", "2", "-i", "IN", "-o", "OUT"], m12s, 12, True, "MONOCHROME2")
    add("jlsnear-gdcm-mono12-signed", f, JLS_NEAR, 48, 40, 1, 16, 12, True, "MONOCHROME2",
        note="gdcmconv --jpegls --lossy -e 2, signed")
    f, _ = tool_frame(["dcmcjpls", "+en", "+in", "IN", "OUT"], rgb, 8, False, "RGB")
    add("jlsnear-rgb-none", f, JLS_NEAR, 30, 38, 3, 8, 8, False, "RGB", note="dcmcjpls +en +in")
    f, _ = tool_frame(["gdcmconv", "-L", "-i", "IN", "-o", "OUT"], m12s, 12, True, "MONOCHROME2")
    add("jls-gdcm-mono12-signed", f, JLS, 48, 40, 1, 16, 12, True, "MONOCHROME2", source=m12s, note="gdcmconv --jpegls")
    add_error("jls-truncated", jls16[: len(jls16) * 6 // 10], JLS, 48, 40, 1, 16, 16, True, "MONOCHROME2",
              "truncated to 60%")
    add_error("jls-wrong-components", jls16, JLS, 48, 40, 3, 16, 16, True, "RGB", "1 component, data set says 3")
    bad = bytearray(jls16); i = bad.index(b"\xff\xf7"); bad[i + 4] = 17
    add_error("jls-bad-precision", bytes(bad), JLS, 48, 40, 1, 16, 16, True, "MONOCHROME2", "precision 17 in SOF55")


# ---------------------------------------------------------------- JPEG 2000 / HTJ2K (OpenJPEG)
def rawl(path, arr, bits, signed):
    """Little-endian raw samples plus the matching opj_compress -F option."""
    rows, cols = arr.shape
    dtype = ("<i" if signed else "<u") + ("1" if bits <= 8 else "2")
    open(path, "wb").write(arr.astype(dtype).tobytes())
    return ["-F", f"{cols},{rows},1,{bits},{'s' if signed else 'u'}"]


def ppm(path, arr):
    rows, cols = arr.shape[:2]
    open(path, "wb").write(f"P6\n{cols} {rows}\n255\n".encode() + arr.astype(np.uint8).tobytes())


def pgm(path, arr, maxval):
    rows, cols = arr.shape
    body = arr.astype(">u2" if maxval > 255 else "u1").tobytes()
    open(path, "wb").write(f"P5\n{cols} {rows}\n{maxval}\n".encode() + body)


def opj(src, *options, ext="j2k"):
    dst = os.path.join(TMP, f"opj-{len(manifest)}.{ext}")
    run("opj_compress", "-i", src, "-o", dst, *options)
    return open(dst, "rb").read()


def ojph(src, *options):
    dst = os.path.join(TMP, f"ojph-{len(manifest)}.j2c")
    run("ojph_compress", "-i", src, "-o", dst, *options)
    return open(dst, "rb").read()


def j2k_cases():
    m16s = mono(48, 40, 16, True, seed=11)
    p = os.path.join(TMP, "m16s.rawl"); fmt = rawl(p, m16s, 16, True)
    f = opj(p, *fmt, "-n", "4")
    add("j2k-mono16-signed", f, J2K, 48, 40, 1, 16, 16, True, "MONOCHROME2", source=m16s, note="opj_compress lossless")
    j2k16 = f
    add("j2k-mono16-signed-jp2", opj(p, *fmt, "-n", "4", ext="jp2"), J2K, 48, 40, 1, 16, 16, True, "MONOCHROME2",
        source=m16s, note="opj_compress lossless, JP2 file format")
    add("j2k-lossy-mono16-signed", opj(p, *fmt, "-n", "4", "-I", "-r", "8"), J2K_LOSSY, 48, 40, 1, 16, 16, True,
        "MONOCHROME2", note="opj_compress -I -r 8")
    m13 = mono(48, 40, 13, False, seed=12)
    p = os.path.join(TMP, "m13.rawl"); fmt = rawl(p, m13, 13, False)
    f = opj(p, *fmt, "-n", "3")
    # The codestream says unsigned 13-bit; the data set says signed: pydicom sign-extends.
    add("j2k-mono13-pixelrep-mismatch", f, J2K, 48, 40, 1, 16, 13, True, "MONOCHROME2",
        note="unsigned codestream, Pixel Representation 1")
    m12s = mono(48, 40, 12, True, seed=13)
    p = os.path.join(TMP, "m12s.rawl"); fmt = rawl(p, m12s, 12, True)
    add("j2k-mono12-signed-as-unsigned", opj(p, *fmt, "-n", "3"), J2K, 48, 40, 1, 16, 12, False, "MONOCHROME2",
        note="signed codestream, Pixel Representation 0")
    m8 = mono(33, 27, 8, False, seed=14)
    p = os.path.join(TMP, "m8.rawl"); fmt = rawl(p, m8, 8, False)
    add("j2k-mono8-in16", opj(p, *fmt, "-n", "2"), J2K, 33, 27, 1, 16, 8, False, "MONOCHROME2",
        note="8-bit codestream, Bits Allocated 16")
    rgb = colour(30, 38, seed=15)
    p = os.path.join(TMP, "rgb.ppm"); ppm(p, rgb)
    add("j2k-rgb-rct", opj(p, "-n", "3", "-mct", "1"), J2K, 30, 38, 3, 8, 8, False, "YBR_RCT", source=rgb,
        note="opj_compress lossless with RCT")
    add("j2k-rgb-ict", opj(p, "-n", "3", "-I", "-r", "10"), J2K_LOSSY, 30, 38, 3, 8, 8, False, "YBR_ICT",
        note="opj_compress -I -r 10 with ICT")
    add("j2k-rgb-tiles", opj(p, "-n", "2", "-mct", "0", "-t", "16,16", "-p", "RPCL", "-SOP", "-EPH"), J2K,
        30, 38, 3, 8, 8, False, "RGB", source=rgb, note="4 tiles, RPCL, SOP/EPH, no MCT")
    f, _ = tool_frame(["gdcmconv", "-K", "-i", "IN", "-o", "OUT"], m12s, 12, True, "MONOCHROME2")
    add("j2k-gdcm-mono12-signed", f, J2K, 48, 40, 1, 16, 12, True, "MONOCHROME2", source=m12s, note="gdcmconv --j2k")
    # HTJ2K with OpenJPH.
    m16 = mono(48, 40, 16, False, seed=16)
    p = os.path.join(TMP, "m16.pgm"); pgm(p, m16, 65535)
    f = ojph(p, "-reversible", "true", "-num_decomps", "3")
    add("htj2k-mono16", f, HTJ2K_LOSSLESS, 48, 40, 1, 16, 16, False, "MONOCHROME2", source=m16,
        note="ojph_compress -reversible true (RPCL)")
    htj = f
    add("htj2k-rpcl-mono16", f, HTJ2K_RPCL, 48, 40, 1, 16, 16, False, "MONOCHROME2", source=m16,
        note="same codestream under the RPCL syntax")
    m12 = mono(37, 29, 12, False, seed=18)
    p = os.path.join(TMP, "m12.pgm"); pgm(p, m12, 4095)
    add("htj2k-mono12-odd", ojph(p, "-reversible", "true", "-num_decomps", "2", "-block_size", "{16,16}"),
        HTJ2K_LOSSLESS, 37, 29, 1, 16, 12, False, "MONOCHROME2", source=m12, note="ojph_compress 12-bit, 16x16 blocks")
    p = os.path.join(TMP, "rgb2.ppm"); ppm(p, rgb)
    add("htj2k-rgb-lossy", ojph(p, "-qstep", "0.02", "-num_decomps", "3"), HTJ2K, 30, 38, 3, 8, 8, False,
        "YBR_ICT", note="ojph_compress irreversible with colour transform")
    add_error("j2k-truncated", j2k16[: len(j2k16) * 6 // 10], J2K, 48, 40, 1, 16, 16, True, "MONOCHROME2",
              "truncated to 60% (strict mode)")
    add_error("htj2k-truncated", htj[: len(htj) // 2], HTJ2K_LOSSLESS, 48, 40, 1, 16, 16, False, "MONOCHROME2",
              "truncated to 50% (strict mode)")
    add_error("j2k-garbage", b"\xff\x4f\xff\x51" + bytes(60), J2K, 48, 40, 1, 16, 16, True, "MONOCHROME2", "empty SIZ")
    add_error("j2k-wrong-size", j2k16, J2K, 40, 48, 1, 16, 16, True, "MONOCHROME2", "codestream 40x48, data set 48x40")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    jpeg_cases(); extended_cases(); jpegls_cases(); j2k_cases()
    header = "# name\tfile\ttransfer syntax\trows\tcolumns\tsamples\tbits allocated\tbits stored\tsigned\tphotometric\tcheck\tnote"
    open(os.path.join(OUT, "manifest.tsv"), "w").write(header + "\n" + "\n".join(manifest) + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"{len(manifest)} cases, {total} bytes in {OUT}")
PYTHON

OUT="$PWD/Codecs" WORK="$WORK" "${PYTHON:-python3}" "$WORK/makeres.py"
