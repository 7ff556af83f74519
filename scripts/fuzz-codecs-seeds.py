#!/usr/bin/env python3
"""Writes the seed corpus of scripts/fuzz-codecs.sh: encoded frames behind the selector bytes
of Fuzz/PixelFuzz/main.swift that make each decode as itself.

The frames come from the codec test resources (described by their manifest.tsv) and from the
first frame of DICOM files with an encapsulated codec syntax; frames larger than the fuzzer's
64 x 64 are left out. Standard library only, so that it runs before any .venv exists.

    fuzz-codecs-seeds.py --codec jpeg-ls --out SEEDS manifest.tsv file.dcm ...
"""
import argparse
import os
import struct
import sys

# Selector codec numbers and each codec's transfer syntaxes, in main.swift's order. The
# JPEG 2000 Part 1 syntaxes seed the HTJ2K decoder's OpenJPEG path.
CODECS = {
    "rle": (0, ["1.2.840.10008.1.2.5"]),
    "jpeg-lossless": (1, ["1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"]),
    "jpeg-ls": (2, ["1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"]),
    "htj2k": (3, ["1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"]),
}
J2K_PART1 = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"}
MAX_SIZE = 64


def codec_of(uid):
    """(codec name, selector number, transfer syntax index) for a UID, or None."""
    if uid in J2K_PART1:
        return "htj2k", 3, 0
    for name, (number, uids) in CODECS.items():
        if uid in uids:
            return name, number, uids.index(uid)
    return None


def selector(uid, rows, columns, samples, bits_allocated, bits_stored, signed, planar, photometric):
    """The 4 selector bytes, or None when the frame does not fit the fuzzer's descriptions."""
    found = codec_of(uid)
    if found is None or not (1 <= rows <= MAX_SIZE and 1 <= columns <= MAX_SIZE):
        return None
    if samples not in (1, 3) or bits_allocated not in (8, 16) or not 1 <= bits_stored <= bits_allocated:
        return None
    _, number, index = found
    alternate = photometric == "MONOCHROME1" or photometric.startswith("YBR_FULL")
    codec_byte = number | index << 2 | (0x40 if alternate else 0)
    layout = ((1 if samples == 3 else 0) | (2 if bits_allocated == 16 else 0) | (4 if signed else 0)
              | (8 if planar else 0) | (bits_allocated - bits_stored) << 4)
    return bytes([codec_byte, rows - 1, columns - 1, layout])


def manifest_seeds(path):
    """(name, codec, seed) for each codestream the manifest describes."""
    directory = os.path.dirname(path)
    with open(path, encoding="utf-8") as manifest:
        for line in manifest:
            if line.startswith("#") or not line.strip():
                continue
            name, file, uid, rows, columns, samples, allocated, stored, signed, photometric = line.split("\t")[:10]
            head = selector(uid, int(rows), int(columns), int(samples), int(allocated), int(stored),
                            signed == "1", False, photometric)
            if head is not None:
                with open(os.path.join(directory, file), "rb") as codestream:
                    yield name, codec_of(uid)[0], head + codestream.read()


LONG_VRS = {b"OB", b"OW", b"OF", b"OD", b"OL", b"OV", b"SQ", b"UT", b"UN", b"UC", b"UR", b"SV", b"UV"}
SEQUENCE_END = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"


def top_level_elements(data):
    """{(group, element): value} of an explicit VR little endian file, and the encapsulated
    Pixel Data fragments under (0x7FE0, 0x0010). Sequences of undefined length are skipped."""
    position, elements = 132, {}
    while position + 8 <= len(data):
        group, element = struct.unpack_from("<HH", data, position)
        vr = data[position + 4:position + 6]
        if vr in LONG_VRS:
            (length,) = struct.unpack_from("<I", data, position + 8)
            position += 12
        else:
            (length,) = struct.unpack_from("<H", data, position + 6)
            position += 8
        if (group, element) == (0x7FE0, 0x0010) and length == 0xFFFFFFFF:
            elements[(group, element)] = fragments(data, position)
            break
        if length == 0xFFFFFFFF:
            end = data.find(SEQUENCE_END, position)
            if end < 0:
                break
            position = end + len(SEQUENCE_END)
            continue
        elements[(group, element)] = data[position:position + length]
        position += length
    return elements


def fragments(data, position):
    """The items of encapsulated pixel data, Basic Offset Table first."""
    items = []
    while position + 8 <= len(data):
        group, element, length = struct.unpack_from("<HHI", data, position)
        position += 8
        if (group, element) != (0xFFFE, 0xE000):
            break
        items.append(data[position:position + length])
        position += length
    return items


def fixture_seed(path):
    """(codec, seed) for the first frame of a DICOM file, or None."""
    with open(path, "rb") as file:
        data = file.read()
    if data[128:132] != b"DICM":
        return None
    elements = top_level_elements(data)
    uid = elements.get((0x0002, 0x0010), b"").rstrip(b"\0 ").decode("ascii", "replace")
    items = elements.get((0x7FE0, 0x0010))
    if codec_of(uid) is None or not isinstance(items, list) or len(items) < 2:
        return None

    def us(element):
        value = elements.get((0x0028, element), b"\0\0")
        return struct.unpack_from("<H", value)[0]

    frames = int(elements.get((0x0028, 0x0008), b"1").strip(b"\0 ") or b"1")
    offsets = [struct.unpack_from("<I", items[0], i)[0] for i in range(0, len(items[0]) - 3, 4)]
    if frames == 1:
        frame = b"".join(items[1:])
    elif len(offsets) > 1:
        frame, position = b"", 0
        for item in items[1:]:
            if position >= offsets[1]:
                break
            frame += item
            position += len(item) + 8
    else:
        # No offset table: the frame's fragments run up to the next one that starts as it does
        # (SOI, SOC), the start of the next frame.
        frame = items[1]
        for item in items[2:]:
            if item[:2] == items[1][:2]:
                break
            frame += item
    photometric = elements.get((0x0028, 0x0004), b"").strip(b"\0 ").decode("ascii", "replace")
    head = selector(uid, us(0x0010), us(0x0011), us(0x0002), us(0x0100), us(0x0101),
                    us(0x0103) == 1, us(0x0006) == 1, photometric)
    return None if head is None else (codec_of(uid)[0], head + frame)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codec", default="all", choices=["all", *CODECS])
    parser.add_argument("--out", required=True)
    parser.add_argument("manifest")
    parser.add_argument("dicom", nargs="*")
    arguments = parser.parse_args()

    seeds = list(manifest_seeds(arguments.manifest))
    for path in arguments.dicom:
        found = fixture_seed(path)
        if found is not None:
            seeds.append((os.path.splitext(os.path.basename(path))[0], *found))
    written = 0
    for name, codec, seed in seeds:
        if arguments.codec in ("all", codec):
            with open(os.path.join(arguments.out, name), "wb") as out:
                out.write(seed)
            written += 1
    print(f"{written} seeds in {arguments.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
