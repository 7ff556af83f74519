#!/usr/bin/env python3
"""Generate the DICOM data dictionary, private dictionary, UID registry and Tag
keyword constants of the `DICOM` target from DCMTK's dictionary files, plus pydicom's
private dictionary for the private tags DCMTK does not know.

Sources (Debian packages `libdcmtk17` / `libdcmtk-dev`):
  dicom.dic    public tags:   (gggg,eeee) <TAB> VR <TAB> Keyword <TAB> VM <TAB> Version
  private.dic  private tags:  (gggg,"CREATOR",ee) ... with the same columns
  dcuid.h      UIDs:          #define UID_Name "1.2.840.10008..." with doc comments
and (PyPI package `pydicom`, pinned in scripts/requirements-test.txt):
  pydicom/_private_dict.py  `private_dictionaries`: creator -> {"0019xx10": (VR, VM, name, retired)}
                            (MIT licence; the table is generated from GDCM's private dictionary)

The private dictionary is private.dic plus every pydicom entry whose (creator, group,
element) private.dic does not describe; DCMTK wins on conflict. The pydicom table is read
by running `--pydicom-python` (a Python with pydicom installed, e.g. the .venv that
scripts/install-deps.sh makes) in a subprocess that prints it as JSON, so this script
itself needs only the standard library.

Writes, relative to the repository root:
  Sources/DICOM/Dictionary/DataDictionary+Entries.swift
  Sources/DICOM/Dictionary/PrivateDictionary+Entries.swift
  Sources/DICOM/Dictionary/UIDRegistry+Entries.swift
  Sources/DICOM/Dictionary/Tag+Keywords.swift

Usage:
  python3 scripts/generate-dictionary.py            # regenerate
  python3 scripts/generate-dictionary.py --check    # exit 1 if the committed files are stale
  python3 scripts/generate-dictionary.py --pydicom-python /path/to/venv/bin/python

Python 3 standard library only. The output is deterministic (no timestamps), so a
regeneration with the same DCMTK and pydicom versions produces byte-identical files.
"""

import argparse
import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO, "Sources", "DICOM", "Dictionary")
SCRIPT = "scripts/generate-dictionary.py"

DEFAULT_DICOM_DIC = "/usr/share/libdcmtk17/dicom.dic"
DEFAULT_PRIVATE_DIC = "/usr/share/libdcmtk17/private.dic"
DEFAULT_DCUID_H = "/usr/include/dcmtk/dcmdata/dcuid.h"
# The repository's venv (scripts/install-deps.sh), else a scratch one.
DEFAULT_PYDICOM_PYTHONS = [os.path.join(REPO, ".venv", "bin", "python"), "/tmp/venvtest/bin/python"]

REAL_VRS = {
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD",
    "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI",
    "UL", "UN", "UR", "US", "UT", "UV",
}

# DCMTK's internal pseudo-VRs (dcvr.h) mapped to the VR lists PS3.6 gives.
# The first VR is the default.
PSEUDO_VRS = {
    "ox": ["OB", "OW"],        # "OB or OW" (Overlay Data, Waveform Data, ...)
    "px": ["OB", "OW"],        # Pixel Data: OB or OW (PS3.5 8.2)
    "xs": ["US", "SS"],        # "US or SS", decided by Pixel Representation
    "lt": ["US", "OW"],        # LUT Data: "US or OW" (PS3.6 (0028,3006))
    "up": ["UL"],              # unsigned 32-bit offset into a DICOMDIR: encoded as UL
    "na": ["UN"],              # items and delimiters: no VR on the wire (PS3.5 7.5)
}

# PS3.6 gives a wider list than DCMTK's pseudo-VR for these tags.
VR_OVERRIDES = {
    0x00281200: ["US", "SS", "OW"],  # Gray Lookup Table Data (retired): "US or SS or OW"
}

# dicom.dic lists these retired attributes under a single fixed tag and keeps the
# PS3.6 repeating form only as a comment (with "XX00-XXFF" for the 1000/1010 groups,
# which its own comment corrects to (1000,xxx0)-(1000,xxx5) and (1010,xxxx)).
# The fixed tags stay as exact entries; these patterns add the rest of the family.
# 'X' is one hexadecimal digit that may take any value.
MASKED_RETIRED = {
    "RowsForNthOrderCoefficients": "(0028,04X0)",
    "ColumnsForNthOrderCoefficients": "(0028,04X1)",
    "CoefficientCoding": "(0028,04X2)",
    "CoefficientCodingPointers": "(0028,04X3)",
    "CodeLabel": "(0028,08X0)",
    "NumberOfTables": "(0028,08X2)",
    "CodeTableLocation": "(0028,08X3)",
    "BitsForCodeWord": "(0028,08X4)",
    "ImageDataLocation": "(0028,08X8)",
    "EscapeTriplet": "(1000,XXX0)",
    "RunLengthTriplet": "(1000,XXX1)",
    "HuffmanTableSize": "(1000,XXX2)",
    "HuffmanTableTriplet": "(1000,XXX3)",
    "ShiftTableSize": "(1000,XXX4)",
    "ShiftTableTriplet": "(1000,XXX5)",
    "ZonalMap": "(1010,XXXX)",
}

# Names that the keyword splitter cannot recover.
NAME_OVERRIDES = {
    "dBdt": "dB/dt",
    "B1rms": "B1rms",
    "FocalLengthIn35mmFilm": "Focal Length In 35mm Film",
    "DICOMUIDRegistryCodingScheme": "DICOM UID Registry",
    "PET20StepColorPaletteSOPInstance": "PET 20 Step Color Palette SOP Instance",
}

# Unit suffixes written in ASCII in keywords ("InuS" = in microseconds).
UNIT_SUFFIXES = [("InuAs", "in µAs"), ("InuA", "in µA"), ("InuS", "in µS"),
                 ("InmAs", "in mAs"), ("InmA", "in mA"), ("InmGy", "in mGy"), ("Inms", "in ms")]

# PS3.6 Table A-1 names and keywords of transfer syntaxes (and the application
# context name). dcuid.h has no keywords, words some names differently and, in
# DCMTK 3.6.7, lacks the newer syntaxes (HTJ2K, JPEG XL, Deflated Image Frame
# Compression, Fragmentable MPEG, Encapsulated Uncompressed, JPIP HTJ2K).
# uid: (name, keyword, kind, retired)
PS36_UIDS = {
    "1.2.840.10008.1.2": ("Implicit VR Little Endian: Default Transfer Syntax for DICOM", "ImplicitVRLittleEndian", "transferSyntax", False),
    "1.2.840.10008.1.2.1": ("Explicit VR Little Endian", "ExplicitVRLittleEndian", "transferSyntax", False),
    "1.2.840.10008.1.2.1.98": ("Encapsulated Uncompressed Explicit VR Little Endian", "EncapsulatedUncompressedExplicitVRLittleEndian", "transferSyntax", False),
    "1.2.840.10008.1.2.1.99": ("Deflated Explicit VR Little Endian", "DeflatedExplicitVRLittleEndian", "transferSyntax", False),
    "1.2.840.10008.1.2.2": ("Explicit VR Big Endian", "ExplicitVRBigEndian", "transferSyntax", True),
    "1.2.840.10008.1.2.4.50": ("JPEG Baseline (Process 1): Default Transfer Syntax for Lossy JPEG 8 Bit Image Compression", "JPEGBaseline8Bit", "transferSyntax", False),
    "1.2.840.10008.1.2.4.51": ("JPEG Extended (Process 2 & 4): Default Transfer Syntax for Lossy JPEG 12 Bit Image Compression (Process 4 only)", "JPEGExtended12Bit", "transferSyntax", False),
    "1.2.840.10008.1.2.4.52": ("JPEG Extended (Process 3 & 5)", "JPEGExtended35", "transferSyntax", True),
    "1.2.840.10008.1.2.4.53": ("JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)", "JPEGSpectralSelectionNonHierarchical68", "transferSyntax", True),
    "1.2.840.10008.1.2.4.54": ("JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9)", "JPEGSpectralSelectionNonHierarchical79", "transferSyntax", True),
    "1.2.840.10008.1.2.4.55": ("JPEG Full Progression, Non-Hierarchical (Process 10 & 12)", "JPEGFullProgressionNonHierarchical1012", "transferSyntax", True),
    "1.2.840.10008.1.2.4.56": ("JPEG Full Progression, Non-Hierarchical (Process 11 & 13)", "JPEGFullProgressionNonHierarchical1113", "transferSyntax", True),
    "1.2.840.10008.1.2.4.57": ("JPEG Lossless, Non-Hierarchical (Process 14)", "JPEGLossless", "transferSyntax", False),
    "1.2.840.10008.1.2.4.58": ("JPEG Lossless, Non-Hierarchical (Process 15)", "JPEGLosslessNonHierarchical15", "transferSyntax", True),
    "1.2.840.10008.1.2.4.59": ("JPEG Extended, Hierarchical (Process 16 & 18)", "JPEGExtendedHierarchical1618", "transferSyntax", True),
    "1.2.840.10008.1.2.4.60": ("JPEG Extended, Hierarchical (Process 17 & 19)", "JPEGExtendedHierarchical1719", "transferSyntax", True),
    "1.2.840.10008.1.2.4.61": ("JPEG Spectral Selection, Hierarchical (Process 20 & 22)", "JPEGSpectralSelectionHierarchical2022", "transferSyntax", True),
    "1.2.840.10008.1.2.4.62": ("JPEG Spectral Selection, Hierarchical (Process 21 & 23)", "JPEGSpectralSelectionHierarchical2123", "transferSyntax", True),
    "1.2.840.10008.1.2.4.63": ("JPEG Full Progression, Hierarchical (Process 24 & 26)", "JPEGFullProgressionHierarchical2426", "transferSyntax", True),
    "1.2.840.10008.1.2.4.64": ("JPEG Full Progression, Hierarchical (Process 25 & 27)", "JPEGFullProgressionHierarchical2527", "transferSyntax", True),
    "1.2.840.10008.1.2.4.65": ("JPEG Lossless, Hierarchical (Process 28)", "JPEGLosslessHierarchical28", "transferSyntax", True),
    "1.2.840.10008.1.2.4.66": ("JPEG Lossless, Hierarchical (Process 29)", "JPEGLosslessHierarchical29", "transferSyntax", True),
    "1.2.840.10008.1.2.4.70": ("JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1]): Default Transfer Syntax for Lossless JPEG Image Compression", "JPEGLosslessSV1", "transferSyntax", False),
    "1.2.840.10008.1.2.4.80": ("JPEG-LS Lossless Image Compression", "JPEGLSLossless", "transferSyntax", False),
    "1.2.840.10008.1.2.4.81": ("JPEG-LS Lossy (Near-Lossless) Image Compression", "JPEGLSNearLossless", "transferSyntax", False),
    "1.2.840.10008.1.2.4.90": ("JPEG 2000 Image Compression (Lossless Only)", "JPEG2000Lossless", "transferSyntax", False),
    "1.2.840.10008.1.2.4.91": ("JPEG 2000 Image Compression", "JPEG2000", "transferSyntax", False),
    "1.2.840.10008.1.2.4.92": ("JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", "JPEG2000MCLossless", "transferSyntax", False),
    "1.2.840.10008.1.2.4.93": ("JPEG 2000 Part 2 Multi-component Image Compression", "JPEG2000MC", "transferSyntax", False),
    "1.2.840.10008.1.2.4.94": ("JPIP Referenced", "JPIPReferenced", "transferSyntax", False),
    "1.2.840.10008.1.2.4.95": ("JPIP Referenced Deflate", "JPIPReferencedDeflate", "transferSyntax", False),
    "1.2.840.10008.1.2.4.100": ("MPEG2 Main Profile / Main Level", "MPEG2MPML", "transferSyntax", False),
    "1.2.840.10008.1.2.4.100.1": ("Fragmentable MPEG2 Main Profile / Main Level", "MPEG2MPMLF", "transferSyntax", False),
    "1.2.840.10008.1.2.4.101": ("MPEG2 Main Profile / High Level", "MPEG2MPHL", "transferSyntax", False),
    "1.2.840.10008.1.2.4.101.1": ("Fragmentable MPEG2 Main Profile / High Level", "MPEG2MPHLF", "transferSyntax", False),
    "1.2.840.10008.1.2.4.102": ("MPEG-4 AVC/H.264 High Profile / Level 4.1", "MPEG4HP41", "transferSyntax", False),
    "1.2.840.10008.1.2.4.102.1": ("Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1", "MPEG4HP41F", "transferSyntax", False),
    "1.2.840.10008.1.2.4.103": ("MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", "MPEG4HP41BD", "transferSyntax", False),
    "1.2.840.10008.1.2.4.103.1": ("Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", "MPEG4HP41BDF", "transferSyntax", False),
    "1.2.840.10008.1.2.4.104": ("MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", "MPEG4HP422D", "transferSyntax", False),
    "1.2.840.10008.1.2.4.104.1": ("Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", "MPEG4HP422DF", "transferSyntax", False),
    "1.2.840.10008.1.2.4.105": ("MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", "MPEG4HP423D", "transferSyntax", False),
    "1.2.840.10008.1.2.4.105.1": ("Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", "MPEG4HP423DF", "transferSyntax", False),
    "1.2.840.10008.1.2.4.106": ("MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", "MPEG4HP42STEREO", "transferSyntax", False),
    "1.2.840.10008.1.2.4.106.1": ("Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", "MPEG4HP42STEREOF", "transferSyntax", False),
    "1.2.840.10008.1.2.4.107": ("HEVC/H.265 Main Profile / Level 5.1", "HEVCMP51", "transferSyntax", False),
    "1.2.840.10008.1.2.4.108": ("HEVC/H.265 Main 10 Profile / Level 5.1", "HEVCM10P51", "transferSyntax", False),
    "1.2.840.10008.1.2.4.110": ("JPEG XL Lossless", "JPEGXLLossless", "transferSyntax", False),
    "1.2.840.10008.1.2.4.111": ("JPEG XL JPEG Recompression", "JPEGXLJPEGRecompression", "transferSyntax", False),
    "1.2.840.10008.1.2.4.112": ("JPEG XL", "JPEGXL", "transferSyntax", False),
    "1.2.840.10008.1.2.4.201": ("High-Throughput JPEG 2000 Image Compression (Lossless Only)", "HTJ2KLossless", "transferSyntax", False),
    "1.2.840.10008.1.2.4.202": ("High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", "HTJ2KLosslessRPCL", "transferSyntax", False),
    "1.2.840.10008.1.2.4.203": ("High-Throughput JPEG 2000 Image Compression", "HTJ2K", "transferSyntax", False),
    "1.2.840.10008.1.2.4.204": ("JPIP HTJ2K Referenced", "JPIPHTJ2KReferenced", "transferSyntax", False),
    "1.2.840.10008.1.2.4.205": ("JPIP HTJ2K Referenced Deflate", "JPIPHTJ2KReferencedDeflate", "transferSyntax", False),
    "1.2.840.10008.1.2.5": ("RLE Lossless", "RLELossless", "transferSyntax", False),
    "1.2.840.10008.1.2.6.1": ("RFC 2557 MIME encapsulation", "RFC2557MIMEEncapsulation", "transferSyntax", True),
    "1.2.840.10008.1.2.6.2": ("XML Encoding", "XMLEncoding", "transferSyntax", True),
    "1.2.840.10008.1.2.7.1": ("SMPTE ST 2110-20 Uncompressed Progressive Active Video", "SMPTEST211020UncompressedProgressiveActiveVideo", "transferSyntax", False),
    "1.2.840.10008.1.2.7.2": ("SMPTE ST 2110-20 Uncompressed Interlaced Active Video", "SMPTEST211020UncompressedInterlacedActiveVideo", "transferSyntax", False),
    "1.2.840.10008.1.2.7.3": ("SMPTE ST 2110-30 PCM Digital Audio", "SMPTEST211030PCMDigitalAudio", "transferSyntax", False),
    "1.2.840.10008.1.2.8.1": ("Deflated Image Frame Compression", "DeflatedImageFrameCompression", "transferSyntax", False),
    "1.2.840.10008.3.1.1.1": ("DICOM Application Context Name", "DICOMApplicationContext", "applicationContextName", False),
    "1.2.840.10008.1.1": ("Verification SOP Class", "Verification", "sopClass", False),
    # Not in PS3.6: GE's private syntax, common in old archives (dcuid.h comment).
    "1.2.840.113619.5.2": ("Implicit VR Little Endian with Big Endian Pixel Data (GE Private)", None, "transferSyntax", False),
}

SWIFT_RESERVED = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
    "init", "inout", "internal", "let", "open", "operator", "private", "precedencegroup",
    "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
    "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough",
    "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
    "as", "false", "is", "nil", "self", "super", "throws", "true", "try", "Any", "Self", "Type",
}


# ---------------------------------------------------------------------------
# Helpers

def fail(message):
    sys.stderr.write("generate-dictionary: " + message + "\n")
    sys.exit(2)


def read_text(path):
    try:
        with open(path, encoding="latin-1") as handle:
            return handle.read()
    except OSError as error:
        fail("cannot read %s: %s (install dcmtk / libdcmtk-dev)" % (path, error))


def dcmtk_version():
    """The Debian package version, e.g. 3.6.7-9~deb12u4."""
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libdcmtk17"],
                             capture_output=True, text=True, check=True).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


_WORD = re.compile(
    r"[A-Z]{2,}s(?![a-z])"      # plural acronym: IDs, UIDs
    r"|[A-Z]+\d+(?![a-z])"      # acronym with number: HL7, SPM2, X0
    r"|\d+[A-Z]?(?![a-z])"      # number, optionally with one letter: 3D, 2
    r"|[A-Z]+(?![a-z])"         # acronym: SOP, UID (stops before the next word's capital)
    r"|[A-Z][a-z]+"             # ordinary word
    r"|[a-z]+|\d+"
)


def humanise(identifier):
    """'PatientBirthDate' -> 'Patient Birth Date', 'SOPInstanceUID' -> 'SOP Instance UID'."""
    if identifier in NAME_OVERRIDES:
        return NAME_OVERRIDES[identifier]
    suffix = ""
    for unit, words_for_unit in UNIT_SUFFIXES:
        if identifier.endswith(unit):
            identifier, suffix = identifier[:-len(unit)], " " + words_for_unit
            break
    words = []
    for part in identifier.split("_"):
        words.extend(_WORD.findall(part))
    if not words:
        return identifier
    name = " ".join(words) + suffix
    # PS3.6 spellings the word splitter cannot know.
    name = re.sub(r"\bX Ray\b", "X-Ray", name)
    name = re.sub(r"\bTwo D\b", "2D", name)
    name = re.sub(r"\bThree D\b", "3D", name)
    return name


def lower_camel(keyword):
    """PatientName -> patientName, SOPInstanceUID -> sopInstanceUID, RTPlanLabel -> rtPlanLabel.

    The leading run of capitals is lowercased, except its last capital when a lowercase
    letter follows (that capital starts the next word)."""
    run = 0
    while run < len(keyword) and keyword[run].isupper():
        run += 1
    if run == 0:
        return keyword
    if run == len(keyword):
        return keyword.lower()
    following = keyword[run]
    if following.islower() and run > 1:
        # "IDsFoo" reads as the plural acronym "IDs", not "I" + "Ds"
        if following == "s" and (run + 1 == len(keyword) or not keyword[run + 1].islower()):
            return keyword[:run].lower() + keyword[run:]
        return keyword[:run - 1].lower() + keyword[run - 1:]
    if following.islower():
        return keyword[0].lower() + keyword[1:]
    return keyword[:run].lower() + keyword[run:]


def split_vm(vm):
    return vm.strip()


# ---------------------------------------------------------------------------
# Tag patterns

def parse_range(text, default_parity):
    """'6000-60FF' / '0009-o-FFFF' / '0010-u-00FF' / '0010' -> (low, high, mask, value).

    A tag part t matches when low <= t <= high and t & mask == value."""
    text = text.strip()
    if "X" in text.upper():
        digits = text.upper()
        mask = int("".join("0" if c == "X" else "F" for c in digits), 16)
        value = int(digits.replace("X", "0"), 16)
        low = value
        high = int(digits.replace("X", "F"), 16)
        return low, high, mask, value
    m = re.match(r"^([0-9A-Fa-f]{4})(?:-(?:([oue])-)?([0-9A-Fa-f]{4}))?$", text)
    if not m:
        fail("bad tag part %r" % text)
    low = int(m.group(1), 16)
    high = int(m.group(3), 16) if m.group(3) else low
    parity = m.group(2) or (default_parity if m.group(3) else "u")
    if parity == "e":
        return low, high, 0x0001, 0x0000
    if parity == "o":
        return low, high, 0x0001, 0x0001
    return low, high, 0x0000, 0x0000


def vr_list(vr_text, tag_value=None):
    if tag_value is not None and tag_value in VR_OVERRIDES:
        return VR_OVERRIDES[tag_value]
    if vr_text in REAL_VRS:
        return [vr_text]
    if vr_text in PSEUDO_VRS:
        return PSEUDO_VRS[vr_text]
    fail("unknown VR %r" % vr_text)


# ---------------------------------------------------------------------------
# dicom.dic

def parse_public(text):
    exact = {}          # tag value -> row; later lines override earlier ones ("Entries may override")
    repeating = {}      # (ranges) -> row
    commented = {}      # keyword -> (vr, vm, retired) for '#(....)' lines with X patterns
    for line in text.splitlines():
        if line.startswith("#("):
            fields = re.split(r"\t+", line[1:].strip())
            if len(fields) == 5 and "X" in fields[0]:
                keyword = fields[2].replace("RETIRED_", "", 1)
                commented[keyword] = (fields[1], fields[3], "retired" in fields[4].lower())
            continue
        if not line.startswith("("):
            continue
        fields = line.rstrip("\n").split("\t")
        fields = [f for f in fields if f != ""]
        if len(fields) != 5:
            fail("dicom.dic: unexpected line %r" % line)
        tag_text, vr, keyword, vm, version = fields
        if version in ("GENERIC", "ILLEGAL"):
            # GENERIC (gggg,0000) is handled in DataDictionary.swift as "GroupLength";
            # ILLEGAL covers the reserved groups 0001-0007, which carry no data.
            continue
        retired = "retired" in version.lower()
        if keyword.startswith("RETIRED_"):
            keyword = keyword[len("RETIRED_"):]
        m = re.match(r"^\(([^,]+),([^)]+)\)$", tag_text)
        if not m:
            fail("dicom.dic: bad tag %r" % tag_text)
        group_text, element_text = m.group(1), m.group(2)
        is_private_rule = version == "PRIVATE"
        if "-" not in group_text and "-" not in element_text:
            value = int(group_text, 16) << 16 | int(element_text, 16)
            exact[value] = (value, vr_list(vr, value), keyword, humanise(keyword), split_vm(vm), retired)
        else:
            # Group ranges are even-only unless marked (DCMTK's convention, and PS3.6:
            # odd groups are private). Element ranges such as (0020,31xx) cover every element.
            g = parse_range(group_text, "e")
            e = parse_range(element_text, "u")
            repeating[g + e] = (g, e, vr_list(vr), keyword, humanise(keyword), split_vm(vm),
                                retired, is_private_rule)
    for keyword, pattern in MASKED_RETIRED.items():
        if keyword not in commented:
            fail("dicom.dic: expected a commented repeating entry for %s" % keyword)
        vr, vm, retired = commented[keyword]
        m = re.match(r"^\(([^,]+),([^)]+)\)$", pattern)
        g = parse_range(m.group(1), "u")
        e = parse_range(m.group(2), "u")
        repeating[g + e] = (g, e, vr_list(vr), keyword, humanise(keyword), vm, retired, False)
    return exact, repeating


def match_count(g, e):
    def count(low, high, mask, value):
        return sum(1 for t in range(low, high + 1) if t & mask == value)
    return count(*g) * count(*e)


# ---------------------------------------------------------------------------
# private.dic

def parse_private(text):
    rows = {}
    for line in text.splitlines():
        if not line.startswith("("):
            continue
        fields = [f for f in line.split("\t") if f != ""]
        # The version column is informational ("PrivateTag") and missing on one DCMTK line.
        if len(fields) not in (4, 5):
            fail("private.dic: unexpected line %r" % line)
        tag_text, vr, keyword, vm = fields[:4]
        m = re.match(r'^\(([0-9A-Fa-f]{4}(?:-o-[0-9A-Fa-f]{4})?),"([^"]*)",([0-9A-Fa-f]{2}|[0-9A-Fa-f]{4})\)$', tag_text)
        if not m:
            fail("private.dic: bad tag %r" % tag_text)
        groups = m.group(1).split("-o-")
        group_low = int(groups[0], 16)
        group_high = int(groups[-1], 16)
        creator = m.group(2).strip(" ")
        # Two digits: offset within whichever block the creator reserved.
        # Four digits (>= 1000): that exact element only.
        element = int(m.group(3), 16)
        key = (group_low, group_high, creator, element)
        rows[key] = (group_low, group_high, creator, element, vr_list(vr), keyword,
                     humanise(keyword), split_vm(vm))
    return [rows[k] for k in sorted(rows, key=lambda k: (k[2], k[0], k[3]))]


# ---------------------------------------------------------------------------
# pydicom's private dictionary

# Run by --pydicom-python: prints the table, the version and where pydicom was found.
PYDICOM_DUMP = """
import json, sys
import pydicom
from pydicom._private_dict import private_dictionaries
json.dump({"version": pydicom.__version__, "table": private_dictionaries}, sys.stdout)
"""

# Letters in pydicom names that the ASCII keyword spells out.
KEYWORD_LETTERS = {"α": "Alpha", "β": "Beta", "γ": "Gamma", "θ": "Theta", "µ": "u", "μ": "u"}


def load_pydicom(python):
    """(version, table) from pydicom's private dictionary, read by `python`."""
    if not python:
        fail("no Python with pydicom: tried %s; run scripts/install-deps.sh or pass --pydicom-python"
             % ", ".join(DEFAULT_PYDICOM_PYTHONS))
    try:
        # -I: ignore PYTHONPATH, the user site and the working directory.
        result = subprocess.run([python, "-I", "-c", PYDICOM_DUMP], capture_output=True,
                                text=True, encoding="utf-8", cwd="/")
    except OSError as error:
        fail("cannot run %s: %s" % (python, error))
    if result.returncode != 0:
        fail("%s could not read pydicom's private dictionary:\n%s" % (python, result.stderr.strip()))
    try:
        data = json.loads(result.stdout)
    except ValueError as error:
        fail("%s printed no JSON: %s" % (python, error))
    return data["version"], data["table"]


def pydicom_vr_list(text):
    """'SH' -> ['SH']; 'US or SS' -> ['US', 'SS']; 'OB_OW' -> ['OB', 'OW']."""
    vrs = [v for v in re.split(r"\s+or\s+|_|/", text.strip()) if v]
    if not vrs or any(v not in REAL_VRS for v in vrs):
        fail("pydicom: unknown VR %r" % text)
    return vrs


def private_keyword(name):
    """A DCMTK-style keyword for a pydicom name: 'Zoom factor' -> 'ZoomFactor',
    'Window/Level List (Note 3)' -> 'WindowLevelListNote3'; '' or '?' -> 'Unknown'."""
    for letter, spelled in KEYWORD_LETTERS.items():
        name = name.replace(letter, " " + spelled + " ")
    words = re.findall(r"[A-Za-z0-9]+", name)
    return "".join(w[0].upper() + w[1:] for w in words) or "Unknown"


def parse_pydicom_key(key):
    """'0019xx10' / '60xxxx10' / '00191010' -> (group low, group high, element, kind) where
    element is 00ee for an offset within the creator's block (as private.dic's two digits)
    or the full element; kind is None when the row is usable, else why it is skipped."""
    key = key.upper()
    m = re.match(r"^([0-9A-F]{4}|[0-9A-F]{2}XX)(XX[0-9A-F]{2}|[0-9A-F]{4}|[0-9A-F]{2}XX)$", key)
    if not m:
        return None, None, None, "unreadable tag"
    group_text, element_text = m.groups()
    if group_text.endswith("XX"):
        # pydicom's third key form, (ggxx,xxee): any group ggXX (the odd ones are private).
        group_low, group_high = int(group_text[:2] + "01", 16), int(group_text[:2] + "FF", 16)
    else:
        group_low = group_high = int(group_text, 16)
        if group_low % 2 == 0:
            return None, None, None, "even (not private) group"
    if element_text.endswith("XX"):
        # (gggg,10xx): pydicom's lookup never builds such a key, so nothing can match it.
        return None, None, None, "element ending in xx (never matched by pydicom either)"
    if element_text.startswith("XX"):
        return group_low, group_high, int(element_text[2:], 16), None
    element = int(element_text, 16)
    if element < 0x1000:
        # (gggg,0001-00FF) are not private data elements; privateEntry() never looks them up,
        # and a four-digit element below 1000 would read as a block offset in privateTable.
        return None, None, None, "full element below 1000 (not a private data element)"
    return group_low, group_high, element, None


def merge_private(dcmtk_rows, pydicom_table):
    """private.dic's rows plus pydicom's rows that describe tags private.dic does not.

    A pydicom row conflicts with a private.dic row of the same creator whose group range
    overlaps it when both have the same element (offset or full), or when the pydicom row
    is a full element xxee and private.dic has the offset ee (privateEntry() tries full
    elements first, so the pydicom row would otherwise win). A pydicom offset ee next to
    private.dic full elements xxee is kept: privateEntry() still prefers private.dic for
    those exact elements, and pydicom's row answers for the other blocks."""
    by_key = {}
    for row in dcmtk_rows:
        by_key.setdefault((row[2], row[3]), []).append((row[0], row[1]))

    def dcmtk_has(creator, element, low, high):
        return any(l <= high and low <= h for l, h in by_key.get((creator, element), []))

    added, conflicts, conflicts_same_vr, skipped = [], 0, 0, {}
    partial = 0
    dcmtk_vrs = {(r[2], r[3], r[0]): r[4] for r in dcmtk_rows}
    for creator in sorted(pydicom_table):
        name_of_creator = creator.strip(" ")
        for key in sorted(pydicom_table[creator]):
            vr, vm, name, _retired = pydicom_table[creator][key]
            group_low, group_high, element, reason = parse_pydicom_key(key)
            if reason:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            clashes = dcmtk_has(name_of_creator, element, group_low, group_high)
            if element >= 0x1000:
                clashes = clashes or dcmtk_has(name_of_creator, element & 0xFF, group_low, group_high)
            if clashes:
                conflicts += 1
                vrs = pydicom_vr_list(vr)
                known = [dcmtk_vrs.get((name_of_creator, e, group_low)) for e in (element, element & 0xFF)]
                if vrs in known:
                    conflicts_same_vr += 1
                continue
            if element < 0x100 and any(dcmtk_has(name_of_creator, block << 8 | element, group_low, group_high)
                                       for block in range(0x10, 0x100)):
                partial += 1
            name = " ".join(name.split()) or "Unknown"
            vm = vm.strip()
            if not vm:
                fail("pydicom: %s %s has no VM" % (creator, key))
            added.append((group_low, group_high, name_of_creator, element, pydicom_vr_list(vr),
                          private_keyword(name), name, vm))
    rows = list(dcmtk_rows) + added
    rows.sort(key=lambda r: (r[2], r[0], r[3]))
    # privateEntry() takes the first row of a (creator, element) whose group range holds the
    # tag: no two rows may overlap there, or the answer would depend on the row order.
    seen = {}
    for row in rows:
        for low, high in seen.get((row[2], row[3]), []):
            if low <= row[1] and row[0] <= high:
                fail("private rows overlap: %r" % (row[:4],))
        seen.setdefault((row[2], row[3]), []).append((row[0], row[1]))
    stats = {"dcmtk": len(dcmtk_rows), "added": len(added), "conflicts": conflicts,
             "conflicts_same_vr": conflicts_same_vr, "skipped": skipped, "partial": partial,
             "pydicom_total": sum(len(v) for v in pydicom_table.values()),
             "creators_added": len({r[2] for r in added} - {r[2] for r in dcmtk_rows})}
    return rows, stats


# ---------------------------------------------------------------------------
# dcuid.h

def uid_kind(identifier, value):
    if identifier.endswith("TransferSyntax"):
        return "transferSyntax"
    if identifier.startswith("LDAP_"):
        return "ldapOID"
    if identifier.endswith("FrameOfReference"):
        return "frameOfReference"
    if identifier.endswith("SOPInstance") or "SubscriptionSOPInstance" in identifier:
        return "wellKnownSOPInstance"
    if identifier.endswith("CodingScheme"):
        return "codingScheme"
    if identifier.endswith("MappingResource"):
        return "mappingResource"
    if identifier.endswith("ApplicationContext"):
        return "applicationContextName"
    if identifier.endswith("ServiceClass"):
        return "serviceClass"
    if identifier.endswith("MetaSOPClass"):
        return "metaSOPClass"
    if identifier.endswith("Model") and not identifier.endswith("InformationModel"):
        return "applicationHostingModel"
    return "sopClass"


def clean_comment(comment):
    comment = " ".join(comment.split())
    changed = re.search(r"\(changed with DICOM \w+ to: ([^)]*)\)", comment)
    if changed:
        return changed.group(1).strip(), False
    retired = False
    for pattern in (r"\s*-\s*RETIRED$", r"\s*\(RETIRED\)"):
        if re.search(pattern, comment):
            comment = re.sub(pattern, "", comment)
            retired = True
    comment = re.sub(r"\s+UID$", "", comment)
    return comment.strip(), retired


def parse_uids(text):
    entries = {}
    pending = None        # doc comment text directly above a #define
    block = None          # accumulating /** ... */ lines
    for raw in text.splitlines():
        line = raw.strip()
        if block is not None:
            block.append(line.lstrip("*").strip())
            if line.endswith("*/"):
                joined = " ".join(block).replace("*/", "").strip()
                pending = joined
                block = None
            continue
        if line.startswith("/**"):
            body = line[3:]
            if body.endswith("*/"):
                pending = body[:-2].strip()
            else:
                block = [body.strip()]
            continue
        if line.startswith("///"):
            pending = line[3:].strip()
            continue
        m = re.match(r'^#define\s+UID_(\w+)\s+"([0-9.]+)"\s*$', line)
        if m:
            identifier, uid = m.group(1), m.group(2)
            comment = pending
            pending = None
            if uid.endswith(".") or identifier.startswith("DRAFT_"):
                continue      # a prefix, not a UID; drafts were never standard
            if not uid.startswith("1.2.840.10008.") and uid not in PS36_UIDS:
                continue      # DCMTK-private UIDs
            retired = identifier.startswith("RETIRED_")
            name_id = identifier[len("RETIRED_"):] if retired else identifier
            kind = uid_kind(name_id, uid)
            name = None
            # A short first sentence names the UID; a long one describes it instead.
            if comment:
                first = comment.split(". ")[0].rstrip(".")
                if len(first) <= 120:
                    name, comment_retired = clean_comment(first)
                    retired = retired or comment_retired
            if not name:
                if name_id.startswith("LDAP_"):
                    name = name_id[len("LDAP_"):]      # PS3.6 names LDAP OIDs by attribute
                else:
                    stem = name_id[:-len("TransferSyntax")] if kind == "transferSyntax" else name_id
                    name = humanise(stem)
            entries[uid] = [uid, name, None, kind, retired]
            continue
        if line and not line.startswith("//"):
            pending = None
    for uid, (name, keyword, kind, retired) in PS36_UIDS.items():
        entries[uid] = [uid, name, keyword, kind, retired]
    return [entries[u] for u in sorted(entries, key=lambda u: [int(p) for p in u.split(".")])]


# ---------------------------------------------------------------------------
# Existing Tag members (never redeclare them)

def existing_tag_members():
    names, tags = set(), set()
    source_root = os.path.join(REPO, "Sources", "DICOM")
    for directory, _, files in os.walk(source_root):
        for file in files:
            if not file.endswith(".swift") or file == "Tag+Keywords.swift":
                continue
            path = os.path.join(directory, file)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            if not re.search(r"\b(extension|struct)\s+Tag\b", text):
                continue
            for m in re.finditer(r"static\s+(?:let|var|func)\s+`?(\w+)`?", text):
                names.add(m.group(1))
            for m in re.finditer(r"static\s+let\s+\w+\s*=\s*Tag\(0x([0-9A-Fa-f]+),\s*0x([0-9A-Fa-f]+)\)", text):
                tags.add(int(m.group(1), 16) << 16 | int(m.group(2), 16))
    return names, tags


# ---------------------------------------------------------------------------
# Swift output

def header(source, version, ps36):
    lines = [
        "// GENERATED FILE - do not edit by hand.",
        "// Generated by %s from %s" % (SCRIPT, source),
        "// (DCMTK %s%s)." % (version, ", " + ps36 if ps36 else ""),
        "// Regenerate: python3 %s" % SCRIPT,
        "",
    ]
    return "\n".join(lines)


def vrs_field(vrs):
    return "/".join(vrs)


def table_literal(name, doc_lines, rows):
    """A raw multi-line string literal, one tab-separated row per line.

    A big string literal costs the compiler nothing, whereas a few thousand tuples in
    an array literal form one expression that takes gigabytes to type-check."""
    for row in rows:
        for field in row:
            if field == "" or "\t" in field or "\n" in field or '"""' in field or "\\#" in field:
                fail("cannot put %r in a table row" % (field,))
    out = ["    /// " + line for line in doc_lines]
    out.append("    static let %s = #\"\"\"" % name)
    out.extend("    " + "\t".join(row) for row in rows)
    out.append("    \"\"\"#")
    return out


def emit_public(exact, repeating, version, ps36, source):
    out = [header(source, version, ps36)]
    out.append("extension DataDictionary {")
    rows = []
    for value in sorted(exact):
        _, vrs, keyword, name, vm, retired = exact[value]
        rows.append(["%08X" % value, vrs_field(vrs), keyword, name, vm, "R" if retired else "-"])
    out.extend(table_literal("exactTable", [
        "Public tags with one fixed (group, element), in tag order: %d rows." % len(rows),
        "Columns: tag GGGGEEEE, VRs (default first, '/'-separated), keyword, name, VM,",
        "R = retired or '-'.",
    ], rows))
    out.append("")
    ordered = sorted(repeating.values(), key=lambda r: (match_count(r[0], r[1]), r[0][0], r[1][0], r[3]))
    rows = []
    for g, e, vrs, keyword, name, vm, retired, private_rule in ordered:
        rows.append(["%04X" % v for v in g + e] + [
            vrs_field(vrs), keyword, name, vm,
            ("R" if retired else "") + ("P" if private_rule else "") or "-"])
    out.extend(table_literal("repeatingTable", [
        "Repeating-group and masked tags, most specific first: %d rows." % len(rows),
        "Columns: group low, high, mask, value; element low, high, mask, value; VRs; keyword;",
        "name; VM; flags (R = retired, P = DCMTK's private creator / private group length rule).",
        "A tag matches when low <= group <= high and group & mask == value, and so for the element.",
    ], rows))
    out.append("}")
    return "\n".join(out) + "\n"


def emit_private(rows, stats, version, source, pydicom_version, private_text):
    # private.dic's own notice, e.g. "Copyright (C) 1994-2020, OFFIS e.V.".
    notice = re.search(r"Copyright \(C\) ([0-9]{4}(?:-[0-9]{4})?), ([^\n]*?)\s*$", private_text, re.M)
    owner = "Copyright (C) %s %s" % notice.groups() if notice else "Copyright OFFIS e.V."
    out = [
        "// GENERATED FILE - do not edit by hand.",
        "// Generated by %s from two sources:" % SCRIPT,
        "// - %s (DCMTK %s), %d rows." % (source, version, stats["dcmtk"]),
        "//   DCMTK: %s; BSD-style licence (DCMTK's COPYRIGHT file)." % owner,
        "// - pydicom/_private_dict.py (pydicom %s), %d rows for the (creator, group, element)"
        % (pydicom_version, stats["added"]),
        "//   private.dic does not describe; on a conflict private.dic wins. pydicom: Copyright (c)",
        "//   2008-2020 Darcy Mason and pydicom contributors; MIT licence. pydicom generates this table",
        "//   from GDCM's private dictionary: Copyright (c) 2006-2016 Mathieu Malaterre, Copyright (c)",
        "//   1993-2005 CREATIS; BSD 3-clause licence. Keywords of pydicom rows are its names",
        "//   without spaces and punctuation.",
        "// Regenerate: python3 %s" % SCRIPT,
        "",
    ]
    out.append("extension DataDictionary {")
    table = []
    for group_low, group_high, creator, element, vrs, keyword, name, vm in rows:
        table.append(["%04X" % group_low, "%04X" % group_high, creator, "%04X" % element,
                      vrs_field(vrs), keyword, name, vm])
    out.extend(table_literal("privateTable", [
        "Private tags by Private Creator: %d rows (%d from DCMTK, %d from pydicom)."
        % (len(table), stats["dcmtk"], stats["added"]),
        "Columns: group low, group high (odd groups only), creator, element (00ee = offset ee in",
        "the block the creator reserved; >= 1000 = that element only), VRs, keyword, name, VM.",
    ], table))
    out.append("}")
    return "\n".join(out) + "\n"


def emit_uids(entries, version, source):
    out = [header(source, version, None)]
    out.append("// Transfer syntax names and keywords follow DICOM PS3.6 Table A-1 (curated in the script);")
    out.append("// other names come from dcuid.h comments or its identifiers split into words.")
    out.append("")
    out.append("extension UIDRegistry {")
    table = []
    for uid, name, keyword, kind, retired in entries:
        table.append([uid, name, keyword or "-", kind, "R" if retired else "-"])
    out.extend(table_literal("table", [
        "DICOM UIDs in UID order: %d rows." % len(table),
        "Columns: UID, name, PS3.6 keyword or '-' when not known, UIDEntry.Kind raw value,",
        "R = retired or '-'.",
    ], table))
    out.append("}")
    return "\n".join(out) + "\n"


def emit_keywords(exact, version, ps36, source):
    names, tags = existing_tag_members()
    seen = set()
    lines = []
    skipped = []
    for value in sorted(exact):
        _, vrs, keyword, name, vm, retired = exact[value]
        identifier = lower_camel(keyword)
        if identifier in names or value in tags or identifier in seen:
            skipped.append(keyword)
            continue
        seen.add(identifier)
        spelled = "`%s`" % identifier if identifier in SWIFT_RESERVED else identifier
        note = " Retired." if retired else ""
        lines.append("    /// (%04X,%04X) %s, %s, VM %s.%s" % (
            value >> 16, value & 0xFFFF, name, " or ".join(vrs), vm, note))
        lines.append("    public static let %s = Tag(0x%04X, 0x%04X)" % (spelled, value >> 16, value & 0xFFFF))
    out = [header(source, version, ps36)]
    out.append("/// One constant per public, non-repeating keyword of the data dictionary, named in")
    out.append("/// lowerCamelCase (`PatientName` -> `patientName`, `SOPInstanceUID` -> `sopInstanceUID`).")
    out.append("/// Keywords whose name or tag is already declared elsewhere on `Tag` are left out:")
    line = "///"
    for word in (", ".join(skipped) + ".").split(" ") if skipped else ["none."]:
        if len(line) + 1 + len(word) > 100:
            out.append(line)
            line = "///"
        line += " " + word
    out.append(line)
    out.append("extension Tag {")
    out.extend(lines)
    out.append("}")
    return "\n".join(out) + "\n", len(seen), skipped


# ---------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dicom-dic", default=DEFAULT_DICOM_DIC)
    parser.add_argument("--private-dic", default=DEFAULT_PRIVATE_DIC)
    parser.add_argument("--dcuid-h", default=DEFAULT_DCUID_H)
    parser.add_argument("--pydicom-python", default=None,
                        help="a Python with pydicom installed (default: .venv/bin/python if it "
                             "exists, else /tmp/venvtest/bin/python)")
    parser.add_argument("--check", action="store_true", help="fail if the generated files are out of date")
    args = parser.parse_args()
    pydicom_python = args.pydicom_python or next(
        (p for p in DEFAULT_PYDICOM_PYTHONS if os.path.exists(p)), None)

    version = dcmtk_version()
    public_text = read_text(args.dicom_dic)
    ps36_match = re.search(r"Generated automatically from (DICOM PS ?3\.6-\w+)", public_text)
    ps36 = ps36_match.group(1) if ps36_match else None

    exact, repeating = parse_public(public_text)
    pydicom_version, pydicom_table = load_pydicom(pydicom_python)
    private_text = read_text(args.private_dic)
    private_rows, private_stats = merge_private(parse_private(private_text), pydicom_table)
    uid_entries = parse_uids(read_text(args.dcuid_h))

    keywords_text, keyword_count, skipped = emit_keywords(exact, version, ps36, args.dicom_dic)
    outputs = {
        "DataDictionary+Entries.swift": emit_public(exact, repeating, version, ps36, args.dicom_dic),
        "PrivateDictionary+Entries.swift": emit_private(private_rows, private_stats, version,
                                                        args.private_dic, pydicom_version, private_text),
        "UIDRegistry+Entries.swift": emit_uids(uid_entries, version, args.dcuid_h),
        "Tag+Keywords.swift": keywords_text,
    }

    stale = []
    for file, text in outputs.items():
        path = os.path.join(OUT_DIR, file)
        current = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                current = handle.read()
        if current == text:
            continue
        stale.append(file)
        if not args.check:
            os.makedirs(OUT_DIR, exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)

    print("DCMTK %s (%s): %d exact, %d repeating, %d private, %d UIDs (%d transfer syntaxes), "
          "%d Tag constants (skipped: %s)" % (
              version, ps36 or "unknown edition", len(exact), len(repeating), len(private_rows),
              len(uid_entries), sum(1 for e in uid_entries if e[3] == "transferSyntax"),
              keyword_count, ", ".join(skipped) or "none"))
    s = private_stats
    print("private: %d from DCMTK + %d added from pydicom %s (%s; %d new creators) = %d rows; "
          "of pydicom's %d entries, %d conflicts skipped (DCMTK wins; %d with the same VR), %s; "
          "%d added offsets sit beside DCMTK full elements of the same low byte (DCMTK's answer first)" % (
              s["dcmtk"], s["added"], pydicom_version, pydicom_python, s["creators_added"], len(private_rows),
              s["pydicom_total"], s["conflicts"], s["conflicts_same_vr"],
              ", ".join("%d skipped: %s" % (n, why) for why, n in sorted(s["skipped"].items())) or "none skipped",
              s["partial"]))
    if args.check:
        if stale:
            print("out of date: " + ", ".join(stale))
            return 1
        print("up to date")
    else:
        print("wrote: " + (", ".join(stale) if stale else "nothing (already up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
