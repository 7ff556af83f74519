#!/usr/bin/env python3
"""Writes the tiny PNG and NIfTI-1 files the Annotations tests read, with their expected values.

PNGs are encoded here with zlib and struct only (every colour type, bit depth and row filter),
so the Swift decoder is checked against an independent encoder. NIfTI files are written with
struct (to control byte order and scaling exactly) and one with nibabel itself; the expected
voxel values of every NIfTI file are what nibabel's get_fdata() reads, so the Swift reader is
checked against nibabel.

Usage: .venv/bin/python scripts/make-annotation-fixtures.py [OUTPUT_DIR]   (needs numpy and nibabel)
Output: OUTPUT_DIR (default Tests/AnnotationsTests/Resources)/{png,nifti}/ and expected.json.
`make test-annotation-fixtures` writes them to a temporary folder and compares with the committed
ones, so a nibabel that read the files differently would fail the build.
"""
import gzip
import json
import struct
import sys
import zlib
from pathlib import Path

import nibabel as nib
import numpy as np

OUT = Path(__file__).resolve().parent.parent / "Tests" / "AnnotationsTests" / "Resources"

# ---------------------------------------------------------------------------------------------
# PNG


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pack_row(samples, depth):
    """Packs one row of samples, most significant bits first (PNG 7.2)."""
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    out, acc, bits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        bits += depth
        if bits == 8:
            out.append(acc)
            acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_rows(rows, bpp, filters):
    """Applies PNG row filters (section 9.2); `filters[y]` is the filter type of row y."""
    out, prev = bytearray(), bytes(len(rows[0]))
    for y, row in enumerate(rows):
        ftype = filters[y % len(filters)]
        out.append(ftype)
        for x, raw in enumerate(row):
            a = row[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
            out.append((raw - pred) & 0xFF)
        prev = row
    return bytes(out)


CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(width, height, depth, colour, pixels, filters=(0,), palette=None, trns=None, interlace=0):
    """`pixels[y][x]` is a tuple of samples (one for grey or palette index)."""
    ch = CHANNELS[colour]
    bpp = max(1, depth * ch // 8)
    # Each pass is a reduced image of its own, packed and filtered separately (PNG 8.2);
    # passes with no pixels are left out.
    grids = ADAM7 if interlace else [(0, 0, 1, 1)]
    raw = b""
    for x0, y0, dx, dy in grids:
        xs, ys = range(x0, width, dx), range(y0, height, dy)
        if not xs or not ys:
            continue
        rows = [pack_row([s for x in xs for s in pixels[y][x]], depth) for y in ys]
        raw += filter_rows(rows, bpp, list(filters))
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    body = chunk(b"IHDR", ihdr)
    if palette is not None:
        body += chunk(b"PLTE", b"".join(bytes(rgb) for rgb in palette))
    if trns is not None:
        body += chunk(b"tRNS", bytes(trns))
    body += chunk(b"tEXt", b"Comment\x00Concord test image")  # an ancillary chunk to skip
    data = zlib.compress(raw, 9)
    # Split the image data over two IDAT chunks, as encoders may.
    body += chunk(b"IDAT", data[: len(data) // 2]) + chunk(b"IDAT", data[len(data) // 2:])
    body += chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def mask_value(colour, depth, px, palette=None, trns=None):
    """The documented rule: brightest colour channel scaled to 0…255, times alpha."""
    top = (1 << depth) - 1
    if colour == 3:
        r, g, b = palette[px[0]]
        alpha = trns[px[0]] if trns is not None and px[0] < len(trns) else 255
        level = max(r, g, b) / 255 * alpha / 255
    elif colour == 0:
        level = px[0] / top
    elif colour == 4:
        level = px[0] / top * px[1] / top
    elif colour == 2:
        level = max(px) / top
    else:
        level = max(px[:3]) / top * px[3] / top
    return int(np.floor(level * 255 + 0.5))


def sample(x, y, c, depth):
    """A deterministic pattern that uses the whole sample range, including 0 and the maximum."""
    top = (1 << depth) - 1
    v = (x * 7 + y * 13 + c * 5) % 11
    if v == 0:
        return 0
    if v == 1:
        return top
    return (x * 2654435761 + y * 40503 + c * 97) % (top + 1)


def write_pngs(expected):
    folder = OUT / "png"
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for depth in (1, 2, 4, 8, 16):
        cases.append((f"grey{depth}", 13, 5, depth, 0, (0, 1, 2, 3, 4)))
    for depth in (8, 16):
        cases.append((f"greyalpha{depth}", 7, 6, depth, 4, (0, 1, 2, 3, 4)))
        cases.append((f"rgb{depth}", 9, 5, depth, 2, (0, 1, 2, 3, 4)))
        cases.append((f"rgba{depth}", 6, 7, depth, 6, (0, 1, 2, 3, 4)))
    for ftype in range(5):
        cases.append((f"filter{ftype}-rgb8", 11, 4, 8, 2, (ftype,)))
    # Adam7: every pass present, and small images where some passes are empty.
    cases.append(("adam7-grey8", 13, 11, 8, 0, (0, 1, 2, 3, 4)))
    cases.append(("adam7-grey1", 11, 9, 1, 0, (0, 1, 2, 3, 4)))
    cases.append(("adam7-rgba16", 9, 10, 16, 6, (4, 3)))
    cases.append(("adam7-1x1", 1, 1, 8, 0, (0,)))
    cases.append(("adam7-3x2", 3, 2, 8, 2, (1,)))
    for name, width, height, depth, colour, filters in cases:
        ch = CHANNELS[colour]
        pixels = [[tuple(sample(x, y, c, depth) for c in range(ch)) for x in range(width)] for y in range(height)]
        interlace = 1 if name.startswith("adam7") else 0
        (folder / f"{name}.png").write_bytes(png(width, height, depth, colour, pixels, filters, interlace=interlace))
        expected[f"png/{name}.png"] = {
            "width": width, "height": height,
            "maskValues": [mask_value(colour, depth, px) for row in pixels for px in row],
        }

    palette = [(0, 0, 0), (255, 0, 0), (0, 128, 0), (40, 40, 200), (255, 255, 255)]
    trns = [255, 255, 128, 0]  # entry 4 has no tRNS value, so it is opaque
    pixels = [[((x + 2 * y) % 5,) for x in range(10)] for y in range(3)]
    (folder / "palette4.png").write_bytes(png(10, 3, 4, 3, pixels, (0, 1, 2, 3, 4), palette, trns))
    expected["png/palette4.png"] = {
        "width": 10, "height": 3,
        "maskValues": [mask_value(3, 4, px, palette, trns) for row in pixels for px in row],
    }

    # A mask as mask tools save it: 8-bit grey, 0 outside and 255 inside, odd width.
    inside = [[(255 if (x - 4) ** 2 + (y - 3) ** 2 <= 6 else 0,) for x in range(9)] for y in range(7)]
    (folder / "mask-disc.png").write_bytes(png(9, 7, 8, 0, inside, (4,)))
    expected["png/mask-disc.png"] = {"width": 9, "height": 7, "maskValues": [px[0] for row in inside for px in row]}

    grey = [[(x * 30,) for x in range(4)] for _ in range(4)]
    good = png(4, 4, 8, 0, grey)
    (folder / "truncated.png").write_bytes(good[: len(good) - 30])
    # Interlace method 2 does not exist; a critical chunk "ABCD" is unknown (uppercase first letter).
    header = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 2)
    (folder / "bad-interlace-method.png").write_bytes(good[:8] + chunk(b"IHDR", header) + good[33:])
    (folder / "unknown-critical-chunk.png").write_bytes(good[:33] + chunk(b"ABCD", b"??") + good[33:])
    damaged = bytearray(good)
    damaged[20] ^= 0x01  # a bit of IHDR's width: its CRC no longer matches
    (folder / "bad-crc.png").write_bytes(bytes(damaged))


# ---------------------------------------------------------------------------------------------
# NIfTI-1


def nifti(data, code, endian="<", slope=0.0, inter=0.0, vox_offset=352):
    """A single-file NIfTI-1 image of `data` (an array indexed [i, j, k]), laid out by hand."""
    dtype = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 256: "i1", 512: "u2"}[code]
    dims = [data.ndim] + list(data.shape) + [1] * (7 - data.ndim)
    header = bytearray(348)
    struct.pack_into(endian + "i", header, 0, 348)
    struct.pack_into(endian + "8h", header, 40, *dims)
    struct.pack_into(endian + "hh", header, 70, code, np.dtype(dtype).itemsize * 8)
    struct.pack_into(endian + "8f", header, 76, 1, 1, 1, 1, 1, 0, 0, 0)  # pixdim
    struct.pack_into(endian + "fff", header, 108, vox_offset, slope, inter)
    struct.pack_into(endian + "h", header, 254, 0)  # qform_code
    header[344:348] = b"n+1\x00"
    voxels = np.asarray(data, dtype=endian + dtype).tobytes(order="F")  # i varies fastest
    return bytes(header) + bytes(vox_offset - 348) + voxels


def write_niftis(expected):
    folder = OUT / "nifti"
    folder.mkdir(parents=True, exist_ok=True)
    shape = (7, 5, 3)
    i, j, k = np.indices(shape)
    labels = ((i + 2 * j + 3 * k) % 4).astype(np.uint8)
    files = {
        "labels-u8.nii": nifti(labels, 2),
        "signed-i8.nii": nifti((i - 3 * j + k).astype(np.int8), 256),
        "scaled-i16-be.nii": nifti((i * 100 - j * 300 + k).astype(np.int16), 4, ">", slope=0.5, inter=-2.0),
        "u16-le.nii": nifti((i * 9000 + j * 1000 + k).astype(np.uint16), 512),
        "i32-be.nii": nifti((i * 100000 - j * 7 - k).astype(np.int32), 8, ">", vox_offset=368),
        "fractions-f32.nii": nifti(((i + j + k) / 14).astype(np.float32), 16),
        "f64-be.nii": nifti((i * 0.25 - j * 1.5 + k * 1e-3).astype(np.float64), 64, ">", slope=2.0, inter=1.0),
        "slice-2d.nii": nifti(labels[:, :, 0], 2),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    # The same label volume compressed, and one written by nibabel itself.
    (folder / "labels-u8.nii.gz").write_bytes(gzip.compress(files["labels-u8.nii"], mtime=0))
    image = nib.Nifti1Image(labels, np.diag([0.8, 0.8, 2.5, 1]))
    image.set_data_dtype(np.uint8)
    nib.save(image, folder / "nibabel-written.nii")

    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        loaded = nib.load(path)
        values = np.asarray(loaded.get_fdata(), dtype=np.float64)
        if values.ndim == 2:
            values = values[:, :, np.newaxis]
        expected[f"nifti/{path.name}"] = {
            "size": list(values.shape),
            # Frame by frame, row by row, column fastest: values[i, j, k] at column i, row j, frame k.
            "values": [float(v) for v in values.transpose(2, 1, 0).ravel()],
        }

    # Files the reader must refuse.
    (folder / "bad" ).mkdir(exist_ok=True)
    (folder / "bad" / "truncated.nii").write_bytes(files["labels-u8.nii"][:-10])
    (folder / "bad" / "rgb24.nii").write_bytes(nifti(labels, 2)[:70] + struct.pack("<hh", 128, 24) + nifti(labels, 2)[74:])
    four_d = bytearray(files["labels-u8.nii"])
    struct.pack_into("<8h", four_d, 40, 4, 7, 5, 3, 2, 1, 1, 1)
    (folder / "bad" / "time-series.nii").write_bytes(bytes(four_d))
    (folder / "bad" / "truncated.nii.gz").write_bytes(gzip.compress(files["labels-u8.nii"], mtime=0)[:-20])


def main():
    global OUT
    if len(sys.argv) > 1:
        OUT = Path(sys.argv[1])
    expected = {}
    write_pngs(expected)
    write_niftis(expected)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
