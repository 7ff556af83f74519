#!/usr/bin/env python3
"""Generates the DecodePixels benchmark data (see Benchmarks/README.md).

    make_dataset.py OUTDIR [--frames N] [--size S] [--bits-stored B]

Writes into OUTDIR:

- native.dcm     a synthetic multi-frame CT, Explicit VR Little Endian, S x S x N, Bits Allocated 16,
                 Bits Stored B (default 12), unsigned, Rescale Intercept -1024: a body outline with
                 fat and muscle layers, two lungs with vessels, a heart, a spine, ribs, a table
                 and air outside, all moving slowly from slice to slice, with CT-like noise
                 (white plus a little correlated) — compresses losslessly about 2:1, like real CT;
- frames/NNN.pgm every frame as a 16-bit PGM, the input of opj_compress and ojph_compress;
- truth.json     the checksum every decoder must report: sum over frames f of (f + 1) x (the sum of
                 frame f's stored values), plus the frame count and size.

`wrap` mode wraps one codestream per frame (from opj_compress or ojph_compress) into a DICOM file
with the header of native.dcm and the given transfer syntax:

    make_dataset.py --wrap OUTDIR/native.dcm TRANSFER_SYNTAX_UID OUT.dcm frame000.j2k frame001.j2k ...
"""
import argparse
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import ExplicitVRLittleEndian, generate_uid


def ellipse(x, y, cx, cy, rx, ry):
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0


def smooth_noise(rng, shape, passes=2):
    """White noise blurred by a small box filter a few times (cheap correlated noise)."""
    n = rng.standard_normal(shape).astype(np.float32)
    for _ in range(passes):
        n = (n + np.roll(n, 1, 0) + np.roll(n, -1, 0) + np.roll(n, 1, 1) + np.roll(n, -1, 1)) / 5.0
    return n / n.std()


def make_slice(z, frames, size, rng):
    """One axial slice in Hounsfield units (float32)."""
    t = z / max(frames - 1, 1)          # 0 at the first slice, 1 at the last
    s = size / 512.0
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    hu = np.full((size, size), -1000.0, np.float32)        # air

    # Table under the patient.
    hu[(y > 430 * s) & (y < 445 * s) & (x > 60 * s) & (x < 452 * s)] = 300.0
    # Body: skin/fat ring, muscle, a slowly changing outline.
    bx, by = 256 * s, 250 * s
    brx, bry = (200 + 12 * np.sin(2.1 * t)) * s, (150 + 8 * np.cos(1.7 * t)) * s
    body = ellipse(x, y, bx, by, brx, bry)
    hu[body] = -100.0                                           # fat
    muscle = ellipse(x, y, bx, by, brx - 14 * s, bry - 12 * s)
    hu[muscle] = 45.0                                           # muscle / soft tissue
    # Lungs, shrinking towards the abdomen.
    lung = 1.0 - 0.6 * t
    for side in (-1, 1):
        lx = bx + side * 85 * s
        m = ellipse(x, y, lx, by - 10 * s, 62 * s * lung + 8 * s, 95 * s * lung + 8 * s)
        hu[m] = -850.0
        # Vessels: small bright dots scattered in the lung, moving with z.
        vr = np.random.default_rng(1000 + side).uniform(-1, 1, (40, 2)).astype(np.float32)
        for vx, vy in vr:
            cx = lx + vx * 50 * s * lung + 6 * s * np.sin(6 * t + vx * 3)
            cy = by - 10 * s + vy * 80 * s * lung + 6 * s * np.cos(5 * t + vy * 3)
            hu[ellipse(x, y, cx, cy, 3 * s, 3 * s) & m] = 40.0
    # Heart (contrast-filled), present in the upper half of the stack.
    if t < 0.6:
        hu[ellipse(x, y, bx + 25 * s, by + 20 * s, (55 - 40 * t) * s, (45 - 30 * t) * s)] = 180.0
    # Aorta, liver in the lower half.
    hu[ellipse(x, y, bx - 15 * s, by + 60 * s, 13 * s, 13 * s)] = 250.0
    if t > 0.4:
        liver = ellipse(x, y, bx - 70 * s, by + 10 * s, (110 * (t - 0.3)) * s + 20 * s, 80 * s)
        hu[liver & muscle] = 60.0
    # Spine: cortical ring and cancellous centre; ribs around the body.
    sx, sy = bx, by + 115 * s
    hu[ellipse(x, y, sx, sy, 24 * s, 22 * s)] = 900.0
    hu[ellipse(x, y, sx, sy, 18 * s, 16 * s)] = 280.0
    hu[ellipse(x, y, sx, sy + 30 * s, 8 * s, 14 * s)] = 700.0
    for k in range(10):
        a = np.pi * (0.15 + 0.7 * k / 9) + 0.05 * np.sin(4 * t)
        rx_, ry_ = bx + (brx - 22 * s) * np.cos(a + np.pi), by + (bry - 20 * s) * np.sin(a + np.pi)
        hu[ellipse(x, y, rx_, ry_, 7 * s, 5 * s) & body] = 800.0

    # Smooth the edges a little (partial volume), then noise: ~12 HU white + ~6 HU correlated.
    hu = (hu + np.roll(hu, 1, 0) + np.roll(hu, 1, 1) + np.roll(hu, -1, 0) + np.roll(hu, -1, 1)) / 5.0
    inside = body | (hu > -950)
    noise = 12.0 * rng.standard_normal((size, size)).astype(np.float32) + 6.0 * smooth_noise(rng, (size, size))
    hu = hu + np.where(inside, noise, 0.3 * noise)
    # Circular field of view: outside it the scanner writes the padding value (stored 0).
    fov = ((x - size / 2) ** 2 + (y - size / 2) ** 2) <= (size / 2 - 1) ** 2
    hu[~fov] = -1024.0
    return hu


def header(frames, size, bits_stored):
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"      # CT Image Storage
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.FrameOfReferenceUID = generate_uid()
    ds.Modality = "CT"
    ds.PatientName = "Bench^Decode"
    ds.PatientID = "DECODE-BENCH"
    ds.StudyDate = "20240101"
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = frames
    ds.Rows = size
    ds.Columns = size
    ds.BitsAllocated = 16
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = -1024
    ds.RescaleSlope = 1
    ds.RescaleType = "HU"
    ds.WindowCenter = 40
    ds.WindowWidth = 400
    ds.PixelSpacing = [0.7, 0.7]
    ds.SliceThickness = 1.25
    ds.KVP = 120
    return ds


def save(ds, path, transfer_syntax, pixel_bytes):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = transfer_syntax
    meta.ImplementationClassUID = "1.2.826.0.1.3680043.10.1501.1"
    ds.file_meta = meta
    ds.PixelData = pixel_bytes
    if transfer_syntax == ExplicitVRLittleEndian:
        ds["PixelData"].VR = "OW"
    else:
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
    ds.save_as(path, enforce_file_format=True)


def generate(out, frames, size, bits_stored):
    os.makedirs(os.path.join(out, "frames"), exist_ok=True)
    rng = np.random.default_rng(20240101)
    top = (1 << bits_stored) - 1
    volume = np.empty((frames, size, size), np.uint16)
    for z in range(frames):
        hu = make_slice(z, frames, size, rng)
        volume[z] = np.clip(np.rint(hu + 1024.0), 0, top).astype(np.uint16)
        with open(os.path.join(out, "frames", f"{z:03d}.pgm"), "wb") as f:
            f.write(f"P5\n{size} {size}\n{top}\n".encode())
            f.write(volume[z].astype(">u2").tobytes())
    ds = header(frames, size, bits_stored)
    save(ds, os.path.join(out, "native.dcm"), ExplicitVRLittleEndian, volume.astype("<u2").tobytes())
    sums = volume.reshape(frames, -1).sum(axis=1, dtype=np.uint64)
    checksum = int(sum((i + 1) * int(s) for i, s in enumerate(sums)))
    truth = {"frames": frames, "rows": size, "columns": size, "bits_stored": bits_stored,
             "checksum": checksum, "native_bytes": int(volume.nbytes)}
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f)
    print(f"native.dcm: {frames} frames of {size}x{size}, Bits Stored {bits_stored}, "
          f"values {volume.min()}..{volume.max()}, checksum {checksum}", file=sys.stderr)


def wrap(native, transfer_syntax, out, codestreams):
    ds = pydicom.dcmread(native)
    frames = []
    for p in codestreams:
        with open(p, "rb") as f:
            data = f.read()
        frames.append(data)
    if len(frames) != int(ds.NumberOfFrames):
        sys.exit(f"wrap: {len(frames)} codestreams for {ds.NumberOfFrames} frames")
    del ds.PixelData
    save(ds, out, transfer_syntax, encapsulate(frames, has_bot=True))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--wrap":
        if len(sys.argv) < 6:
            sys.exit(__doc__)
        wrap(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
        return
    p = argparse.ArgumentParser(description="DecodePixels benchmark data")
    p.add_argument("out")
    p.add_argument("--frames", type=int, default=100)
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--bits-stored", type=int, default=12, choices=range(9, 17))
    a = p.parse_args()
    generate(a.out, a.frames, a.size, a.bits_stored)


if __name__ == "__main__":
    main()
