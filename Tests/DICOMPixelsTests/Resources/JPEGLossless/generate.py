#!/usr/bin/env python3
"""Regenerates the JPEG Lossless test codestreams and manifest.json in this folder.

Two sources, so the Swift decoder is never checked only against code written alongside it:
  * DCMTK's `dcmcjpeg` (process 14 with each predictor, SV1, point transform, signed, RGB);
  * a small T.81 Annex H encoder below, for what dcmcjpeg cannot write: precision 2 and 12,
    restart intervals, one scan per component with tables redefined between scans, long
    Huffman codes, SSSS = 16, COM segments and fill bytes.
Every stream is accepted only if pydicom's gdcm plugin (its first choice for these syntaxes) and
DCMTK's `dcmdjpeg` both decode it to the source image (shifted by the point transform, with
bits above Bits Stored normalised); pydicom's pylibjpeg (libjpeg) plugin is tried too and
any disagreement is listed under "disagreeing" (it returns 65535s for point transforms).
The manifest records pydicom's `pixel_array(..., raw=True)` output as an FNV-1a-64
checksum, the sum and the first samples.

Needs: numpy, pydicom 3, python-gdcm, pylibjpeg + pylibjpeg-libjpeg, dcmtk.
Run:   python3 generate.py        (from any directory)
"""
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate, generate_frames
from pydicom.pixels import pixel_array
from pydicom.uid import ExplicitVRLittleEndian

HERE = os.path.dirname(os.path.abspath(__file__))
P14, SV1 = "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"
WORK = tempfile.mkdtemp(prefix="jpegll-")


# ---------------------------------------------------------------- images

def image16(rng, h=43, w=61):
    """Ramp + noise, a 0/32768 checkerboard band (SSSS 16) and a full-range noise patch."""
    y, x = np.mgrid[0:h, 0:w]
    img = (x * 700 + y * 900 + rng.integers(-300, 300, (h, w))) % 65536
    img[10:13, :] = ((x[10:13, :] + y[10:13, :]) % 2) * 32768
    img[20:23, 5:50] = rng.integers(0, 65536, (3, 45))
    return img.astype(np.uint16)


def image_signed12(rng, h=40, w=50):
    y, x = np.mgrid[0:h, 0:w]
    img = (x * 60 + y * 40 - 2048 + rng.integers(-40, 40, (h, w)))
    img[5:8, :] = rng.integers(-2048, 2048, (3, w))
    return np.clip(img, -2048, 2047).astype(np.int16)


def image_rgb8(rng, h=32, w=45):
    y, x = np.mgrid[0:h, 0:w]
    r = (x * 5 + rng.integers(0, 8, (h, w))) % 256
    g = (y * 7 + rng.integers(0, 8, (h, w))) % 256
    b = ((x + y) * 3 + rng.integers(0, 40, (h, w))) % 256
    return np.stack([r, g, b], axis=-1).astype(np.uint8)


def image_bits(rng, bits, h, w, dtype):
    y, x = np.mgrid[0:h, 0:w]
    top = 1 << bits
    img = (x * (top // 16 + 1) // 4 + y * 3 + rng.integers(0, max(2, top // 32), (h, w))) % top
    img[h // 2, :] = rng.integers(0, top, w)
    return img.astype(dtype)


# ---------------------------------------------------------------- DICOM files

def dicom(path, arr, bits_stored, signed, ts=ExplicitVRLittleEndian, frame=None):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ts
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.8.498.1"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.PatientName, ds.PatientID = "OT", "Test^Lossless", "LL1"
    ds.Rows, ds.Columns = arr.shape[:2]
    spp = 1 if arr.ndim == 2 else arr.shape[2]
    ds.SamplesPerPixel = spp
    ds.PhotometricInterpretation = "MONOCHROME2" if spp == 1 else "RGB"
    if spp > 1:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = arr.dtype.itemsize * 8
    ds.BitsStored, ds.HighBit = bits_stored, bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    if frame is None:
        ds.PixelData = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
    else:
        ds.PixelData = encapsulate([frame])
        ds["PixelData"].VR = "OB"
    ds.save_as(path, enforce_file_format=True)


def frame_of(path):
    ds = pydicom.dcmread(path)
    return next(generate_frames(ds.PixelData, number_of_frames=1))


# ---------------------------------------------------------------- the small encoder

BALANCED = [2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]          # lengths of SSSS 0..16
LONG = list(range(1, 15)) + [16, 16, 16]                                # codes up to 16 bits


def huffman(lengths):
    """Canonical codes (T.81 C.2) for SSSS 0..16 with the given lengths; returns (DHT body, codes)."""
    order = sorted(range(17), key=lambda s: (lengths[s], s))
    counts = [0] * 16
    for s in order:
        counts[lengths[s] - 1] += 1
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            codes[order[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return bytes(counts) + bytes(order), codes


class Bits:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, value, n):
        for i in range(n - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)        # byte stuffing
                self.acc, self.n = 0, 0

    def flush(self):
        while self.n:
            self.put(1, 1)                    # pad with 1-bits (T.81 F.1.2.3)


def predict(sel, ra, rb, rc):
    return [None, ra, rb, rc, ra + rb - rc, ra + ((rb - rc) >> 1), rb + ((ra - rc) >> 1), (ra + rb) >> 1][sel]


def marker(code, body=b""):
    return bytes([0xFF, code]) + (len(body) + 2).to_bytes(2, "big") + body if body is not None else bytes([0xFF, code])


def encode(planes, precision, scans, restart_rows=0, comment=False, fill=False, dht_first=True):
    """planes: list of 2-D arrays (unsigned, < 2**precision). scans: list of dicts with
    comps (indices), predictor, pt, table (lengths per comp)."""
    h, w = planes[0].shape
    out = bytearray(b"\xff\xd8")
    if comment:
        out += marker(0xFE, b"Concord lossless test")
    sof = bytes([precision]) + h.to_bytes(2, "big") + w.to_bytes(2, "big") + bytes([len(planes)])
    for i in range(len(planes)):
        sof += bytes([i + 1, 0x11, 0])
    out += marker(0xC3, sof)
    if restart_rows:
        out += marker(0xDD, (restart_rows * w).to_bytes(2, "big"))
    for scan in scans:
        comps, sel, pt = scan["comps"], scan["predictor"], scan["pt"]
        tables = scan["tables"]
        codes = []
        dht = b""
        for k, lengths in enumerate(tables):
            body, c = huffman(lengths)
            dht += bytes([k]) + body
            codes.append(c)
        out += marker(0xC4, dht)
        sos = bytes([len(comps)])
        for k, c in enumerate(comps):
            sos += bytes([c + 1, (k % len(tables)) << 4])
        sos += bytes([sel, 0, pt])
        out += marker(0xDA, sos)
        shifted = [planes[c].astype(np.int64) >> pt for c in comps]
        initial = 1 << (precision - pt - 1)
        bits = Bits()
        rst = 0
        for y in range(h):
            first = y == 0
            if restart_rows and y and y % restart_rows == 0:
                bits.flush()
                out += bits.out
                bits = Bits()
                out += (b"\xff" if fill else b"") + bytes([0xFF, 0xD0 + rst])
                rst = (rst + 1) % 8
                first = True
            for x in range(w):
                for k, p in enumerate(shifted):
                    if first:
                        px = initial if x == 0 else int(p[y, x - 1])
                    elif x == 0:
                        px = int(p[y - 1, 0])
                    else:
                        px = predict(sel, int(p[y, x - 1]), int(p[y - 1, x]), int(p[y - 1, x - 1]))
                    d = (int(p[y, x]) - px) % 65536
                    if d > 32768:
                        d -= 65536
                    code, length = codes[k % len(codes)][16 if d == 32768 else abs(d).bit_length()]
                    bits.put(code, length)
                    if d != 32768 and d != 0:
                        s = abs(d).bit_length()
                        bits.put(d if d > 0 else d + (1 << s) - 1, s)
        bits.flush()
        out += bits.out
    if fill:
        out += b"\xff\xff"
    out += b"\xff\xd9"
    return bytes(out)


# ---------------------------------------------------------------- checking

def expected(source, pt, bits_allocated, bits_stored, signed):
    a = (source.astype(np.int64) >> pt) << pt
    shift = 64 - bits_stored
    a = (a << shift)
    a = (a.astype(np.int64) >> shift) if signed else ((a.astype(np.uint64)) >> np.uint64(shift)).astype(np.int64)
    dtype = {8: np.int8, 16: np.int16, 32: np.int32}[bits_allocated] if signed else \
        {8: np.uint8, 16: np.uint16, 32: np.uint32}[bits_allocated]
    return a.astype(dtype)


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def check(name, stream, ts, source, bits_stored, signed, want, plugins):
    """Decodes `stream` with each pydicom plugin and dcmdjpeg; all but pylibjpeg must equal
    `want`. Returns the first plugin's bytes and array, and who disagreed."""
    path = os.path.join(WORK, name + ".dcm")
    dicom(path, source, bits_stored, signed, ts=ts, frame=stream)
    results = {}
    for plugin in plugins:
        results[plugin] = pixel_array(path, raw=True, decoding_plugin=plugin)
    native = os.path.join(WORK, name + ".native.dcm")
    subprocess.run(["dcmdjpeg", path, native], check=True)
    results["dcmdjpeg"] = pixel_array(native, raw=True)
    disagree = []
    for who, arr in results.items():
        if not np.array_equal(arr, want):
            bad = np.argwhere(arr != want)[:3]
            # libjpeg (pylibjpeg) mishandles point transforms; pydicom tries gdcm first.
            if who == "pylibjpeg" and len(plugins) > 1:
                disagree.append(who)
                print(f"  note: {name}: {who} disagrees with the source at {bad.tolist()}")
                continue
            raise SystemExit(f"{name}: {who} disagrees with the source at {bad.tolist()}")
    arr = results[plugins[0]]
    return arr.astype(arr.dtype.newbyteorder("<")).tobytes(), arr, disagree


def dcmtk(name, source, bits_stored, signed, args):
    src = os.path.join(WORK, name + ".src.dcm")
    dst = os.path.join(WORK, name + ".jpg.dcm")
    dicom(src, source, bits_stored, signed)
    subprocess.run(["dcmcjpeg", *args, src, dst], check=True)
    return frame_of(dst)


def main():
    rng = np.random.default_rng(20240611)
    cases = []

    def add(name, stream, ts, source, bits_stored, signed, pt, note, plugins=("gdcm", "pylibjpeg"), **extra):
        ba = source.dtype.itemsize * 8
        want = expected(source, pt, ba, bits_stored, signed)
        raw, arr, disagree = check(name, stream, ts, source, bits_stored, signed, want, plugins)
        with open(os.path.join(HERE, name + ".jpg"), "wb") as f:
            f.write(stream)
        spp = 1 if source.ndim == 2 else source.shape[2]
        cases.append(dict(name=name, file=name + ".jpg", transferSyntax=ts, rows=source.shape[0],
                          columns=source.shape[1], samplesPerPixel=spp, bitsAllocated=ba,
                          bitsStored=bits_stored, signed=signed, pointTransform=pt,
                          fnv1a64=f"{fnv1a64(raw):016x}", sum=int(arr.astype(np.int64).sum()),
                          first=[int(v) for v in arr.reshape(-1)[:8]], note=note,
                          verifiedBy=[p for p in plugins if p not in disagree] + ["dcmdjpeg"],
                          disagreeing=disagree, **extra))
        print(f"{name}: {len(stream)} bytes ok")

    img = image16(rng)
    for sv in range(1, 8):
        add(f"dcmtk_p14_sv{sv}_u16", dcmtk(f"sv{sv}", img, 16, False, ["+el", "+sv", str(sv)]), P14,
            img, 16, False, 0, f"dcmcjpeg +el +sv {sv}: 16-bit, predictor {sv}", predictor=sv)
    add("dcmtk_p14_sv5_pt3_u16", dcmtk("sv5pt3", img, 16, False, ["+el", "+sv", "5", "+pt", "3"]), P14,
        img, 16, False, 3, "dcmcjpeg +el +sv 5 +pt 3", predictor=5)
    s12 = image_signed12(rng)
    add("dcmtk_sv1_s12", dcmtk("s12", s12, 12, True, ["+e1"]), SV1, s12, 12, True, 0,
        "dcmcjpeg +e1: signed, 12 bits stored, coded with precision 16", predictor=1)
    add("dcmtk_sv1_pt2_s12", dcmtk("s12pt", s12, 12, True, ["+e1", "+pt", "2"]), SV1, s12, 12, True, 2,
        "dcmcjpeg +e1 +pt 2: signed 12-bit, point transform 2", predictor=1)
    rgb = image_rgb8(rng)
    add("dcmtk_sv1_rgb8", dcmtk("rgb", rgb, 8, False, ["+e1"]), SV1, rgb, 8, False, 0,
        "dcmcjpeg +e1: RGB, 8-bit, one interleaved scan", predictor=1)
    u8 = image_bits(rng, 8, 29, 33, np.uint8)
    add("dcmtk_p14_sv7_u8", dcmtk("u8", u8, 8, False, ["+el", "+sv", "7"]), P14, u8, 8, False, 0,
        "dcmcjpeg +el +sv 7: 8-bit", predictor=7)

    b2 = image_bits(rng, 2, 23, 37, np.uint8)
    add("enc_p2_sv4", encode([b2], 2, [dict(comps=[0], predictor=4, pt=0, tables=[BALANCED])]), P14,
        b2, 2, False, 0, "own encoder: precision 2, predictor 4", predictor=4,
        plugins=("pylibjpeg",))  # gdcm aborts the process when Bits Stored < Bits Allocated here
    b12 = image_bits(rng, 12, 31, 40, np.uint16)
    add("enc_p12_sv7_pt1", encode([b12], 12, [dict(comps=[0], predictor=7, pt=1, tables=[BALANCED])]), P14,
        b12, 12, False, 1, "own encoder: precision 12, predictor 7, point transform 1", predictor=7)
    add("enc_p16_sv6_restart", encode([img], 16, [dict(comps=[0], predictor=6, pt=0, tables=[BALANCED])],
                                      restart_rows=4, fill=True), P14,
        img, 16, False, 0, "own encoder: 16-bit, predictor 6, restart every 4 rows, fill bytes before RST",
        predictor=6, restartInterval=4 * img.shape[1])
    add("enc_p16_long_codes", encode([img], 16, [dict(comps=[0], predictor=1, pt=0, tables=[LONG])],
                                     comment=True), SV1,
        img, 16, False, 0, "own encoder: Huffman codes of 1–16 bits (slow path), SSSS 16, COM segment",
        predictor=1)
    rgb2 = image_rgb8(rng, 27, 35)
    planes = [rgb2[..., c] for c in range(3)]
    add("enc_rgb8_three_scans",
        encode(planes, 8, [dict(comps=[0], predictor=1, pt=0, tables=[BALANCED]),
                           dict(comps=[1], predictor=5, pt=0, tables=[LONG]),
                           dict(comps=[2], predictor=7, pt=0, tables=[BALANCED])]), P14,
        rgb2, 8, False, 0, "own encoder: RGB as three scans (predictors 1, 5, 7), DHT before each scan",
        predictor=0)
    add("enc_rgb8_interleaved_restart",
        encode(planes, 8, [dict(comps=[0, 1, 2], predictor=2, pt=0, tables=[BALANCED, LONG])],
               restart_rows=3), P14,
        rgb2, 8, False, 0, "own encoder: RGB interleaved, predictor 2, two tables, restart every 3 rows",
        predictor=2, restartInterval=3 * rgb2.shape[1])

    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
