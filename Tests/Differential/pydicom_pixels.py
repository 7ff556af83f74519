#!/usr/bin/env python3
"""Differential test: Concord's decoded pixels against pydicom's pixel_array(raw=True).

Usage: pydicom_pixels.py CONCORD_BINARY [FILE ...]

Without FILE arguments it runs over every .dcm file the installed pydicom package ships
(pydicom/data/**) and every Fixtures/**/*.dcm of this repository. pydicom is the oracle with
pylibjpeg, pylibjpeg-libjpeg, pylibjpeg-openjpeg, pylibjpeg-rle and python-gdcm installed
(see scripts/requirements-test.txt).

For each file with pixel data:
- pydicom decodes it: `concord decode FILE --all --raw` must give the same array as
  `pixel_array(FILE, raw=True)` -- same shape, same dtype (kind and size; Concord is always
  little-endian) and the same values under the rule for the transfer syntax (below). Up to
  three frames (first, middle, last) are also checked one by one with `--frame N` against
  `pixel_array(FILE, index=N, raw=True)`.
- pydicom refuses it: Concord must refuse it as well: exit status 1 (not a crash), one line
  on stderr that names the file.
A file whose transfer syntax has no Concord decoder yet counts as a failure, not a skip.

pydicom reads pixel data from a path without parsing the whole data set, and that route
cannot read Deflated Explicit VR Little Endian. When pixel_array(path) fails, the oracle is
retried on the parsed data set (pixel_array(dcmread(path))) and the line says so.

When pydicom refuses a file but Concord decodes it, DCMTK's dcmdjpeg is a second oracle: if
it decompresses the file, Concord must match that (same rule); if it refuses too, Concord
must refuse. (JPEG-lossy.dcm has SOS parameters a sequential JPEG must not have: libjpeg 9
stops, IJG libjpeg in DCMTK decodes it with a warning.)

Files without any pixel data element are listed, and Concord must refuse them too.

Value rule per transfer syntax:
- identical: native (Implicit/Explicit VR Little Endian, Deflated, Explicit VR Big Endian),
  RLE Lossless, JPEG Lossless (processes 14 and 14 SV1), JPEG-LS Lossless and Near-Lossless
  (a JPEG-LS decoder is exact for a given codestream, whatever NEAR is), JPEG 2000 Lossless,
  HTJ2K Lossless and Lossless RPCL;
- within +/-1: JPEG Baseline, JPEG Extended, JPEG 2000 (lossy or not), JPEG 2000 Part 2
  multi-component, HTJ2K -- their inverse transforms (IDCT, 9/7 wavelet, colour transform)
  round differently from one conformant decoder to the next. A frame with a few values off
  by 2 still agrees when its PSNR against pydicom is at least 70 dB (peak: pydicom's value
  range): 12-bit IDCTs amplify rounding, and IJG libjpeg (DCMTK) and libjpeg 9 (pylibjpeg)
  differ from each other by that much.

Prints one line per file, then `agreed/total`, `pixels: N passed, M failed` and
`refusals: ...`; exits 1 when anything disagrees.
"""
import contextlib
import glob
import importlib.util
import json
import math
import os
import subprocess
import tempfile
import shutil
import sys
import warnings

import numpy as np
import pydicom
from pydicom.pixels import pixel_array

warnings.simplefilter("ignore")

PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")
TOLERANT = {
    "1.2.840.10008.1.2.4.50": "JPEG Baseline",
    "1.2.840.10008.1.2.4.51": "JPEG Extended",
    "1.2.840.10008.1.2.4.91": "JPEG 2000",
    "1.2.840.10008.1.2.4.92": "JPEG 2000 Part 2 Lossless",
    "1.2.840.10008.1.2.4.93": "JPEG 2000 Part 2",
    "1.2.840.10008.1.2.4.203": "HTJ2K",
}
TIMEOUT = 300
# Import names of the decoding plugins the oracle must have; without them pydicom refuses
# compressed files and the comparison would prove nothing.
PLUGINS = {"pylibjpeg": "pylibjpeg", "libjpeg": "pylibjpeg-libjpeg", "openjpeg": "pylibjpeg-openjpeg",
           "rle": "pylibjpeg-rle", "gdcm": "python-gdcm"}


@contextlib.contextmanager
def quiet_stderr():
    """Silence what C libraries under pydicom print on fd 2 (OpenJPEG's messages)."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def default_files():
    base = os.path.join(os.path.dirname(pydicom.__file__), "data")
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ours = os.path.join(repo, "Fixtures")
    return (sorted(glob.glob(os.path.join(base, "**", "*.dcm"), recursive=True))
            + sorted(glob.glob(os.path.join(ours, "**", "*.dcm"), recursive=True)))


def label(path):
    return os.path.relpath(path, os.path.dirname(os.path.dirname(path)))


def header(path):
    """(has pixel data, transfer syntax UID or None) from a lenient read."""
    try:
        ds = pydicom.dcmread(path, force=True, stop_before_pixels=False)
    except Exception:
        return None, None
    meta = getattr(ds, "file_meta", None)
    tsyntax = str(meta.get("TransferSyntaxUID", "")) if meta is not None else ""
    return any(k in ds for k in PIXEL_KEYWORDS), tsyntax or None


def oracle(path, index=None):
    """pydicom's array, a note on how it was obtained, and the reason it refuses otherwise."""
    with quiet_stderr():
        try:
            return pixel_array(path, index=index, raw=True), "", None
        except Exception as exc:
            first = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
        try:
            ds = pydicom.dcmread(path)
            arr = pixel_array(ds, index=index, raw=True)
            return arr, f" (pydicom path mode failed: {first[:80]}; data set mode used)", None
        except Exception:
            return None, "", first


def run(binary, args):
    """(exit status, stdout bytes, stderr text); status -N means killed by signal N."""
    try:
        p = subprocess.run([binary, *args], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", f"timed out after {TIMEOUT} s"
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def describe_exit(status, err):
    if status is None:
        return err
    if status < 0:
        return f"crashed (signal {-status})"
    return f"exit {status}: {err.strip()[:200]}"


def concord_array(binary, path, extra, shape, dtype):
    status, out, err = run(binary, ["decode", path, "--raw", *extra])
    if status != 0:
        return None, describe_exit(status, err)
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(out) != expected:
        return None, f"{' '.join(extra)}: wrote {len(out)} bytes, expected {expected}"
    return np.frombuffer(out, dtype=dtype).reshape(shape), None


def compare(expected, actual, tolerant):
    """None when equal under the rule, otherwise what differs."""
    if expected.shape != actual.shape:
        return f"shape {actual.shape} != pydicom {expected.shape}"
    e = expected.astype(np.float64) if expected.dtype.kind == "f" else expected.astype(np.int64)
    a = actual.astype(np.float64) if actual.dtype.kind == "f" else actual.astype(np.int64)
    if expected.dtype.kind == "f":
        same = (e == a) | (np.isnan(e) & np.isnan(a))
        if same.all():
            return None
        return f"{int((~same).sum())} of {e.size} values differ"
    diff = np.abs(e - a)
    limit = 1 if tolerant else 0
    bad = int((diff > limit).sum())
    if bad == 0:
        return None
    if tolerant and int(diff.max()) <= 2 and psnr(e, a) >= 70.0:
        return None
    return f"{bad} of {e.size} values differ by more than {limit} (max {int(diff.max())}, PSNR {psnr(e, a):.1f} dB)"


def psnr(expected, actual):
    """Peak signal-to-noise ratio of `actual` against `expected`, peak = expected's range."""
    mse = float(np.mean((expected - actual) ** 2))
    peak = float(max(expected.max() - expected.min(), 1))
    return math.inf if mse == 0 else 10 * math.log10(peak * peak / mse)


def check_decodable(binary, path, arr, tsyntax, frame_oracle=None):
    """None on agreement, else the reason. `frame_oracle(index, frames)` gives (expected frame,
    reason it is missing); by default pydicom's pixel_array(path, index=index)."""
    status, out, err = run(binary, ["decode", path, "--json"])
    if status != 0:
        return describe_exit(status, err)
    try:
        info = json.loads(out)
        dtype = np.dtype(info["dtype"])
        shape = tuple(info["shape"])
        frames = int(info["frames"])
    except Exception as exc:
        return f"--json output unreadable: {exc}"
    if (dtype.kind, dtype.itemsize) != (arr.dtype.kind, arr.dtype.itemsize):
        return f"dtype {dtype.str} != pydicom {arr.dtype.str}"
    tolerant = tsyntax in TOLERANT
    actual, problem = concord_array(binary, path, ["--all"], shape, dtype)
    if problem:
        return problem
    problem = compare(arr, actual, tolerant)
    if problem:
        return f"--all: {problem}"
    frame_shape = shape[1:] if frames > 1 else shape
    for index in sorted({0, frames // 2, frames - 1}):
        if frame_oracle is None:
            expected, _, reason = oracle(path, index=index)
        else:
            expected, reason = frame_oracle(index, frames)
        if expected is None:
            return f"the oracle cannot decode frame {index} alone: {reason}"
        actual, problem = concord_array(binary, path, ["--frame", str(index)], frame_shape, dtype)
        if problem:
            return f"--frame {index}: {problem}"
        problem = compare(expected, actual, tolerant)
        if problem:
            return f"--frame {index}: {problem}"
    return None


def dcmtk_oracle(path):
    """For a file pydicom cannot decode: DCMTK's dcmdjpeg decompresses it to Explicit VR
    Little Endian, and pydicom reads that. Returns (array, description) or (None, reason)."""
    if shutil.which("dcmdjpeg") is None:
        return None, "dcmdjpeg not installed"
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "native.dcm")
        proc = subprocess.run(["dcmdjpeg", path, out], capture_output=True, timeout=120)
        if proc.returncode != 0:
            return None, "dcmdjpeg refuses it too"
        try:
            return pixel_array(out, raw=True), "DCMTK's dcmdjpeg (second oracle)"
        except Exception as exc:
            return None, f"pydicom cannot read dcmdjpeg's output: {exc}"


def check_refused(binary, path):
    """Concord must exit 1 with one stderr line naming the file."""
    status, _, err = run(binary, ["decode", path, "--all", "--raw"])
    if status == 0:
        return "Concord decoded it"
    if status != 1:
        return describe_exit(status, err)
    lines = err.strip().splitlines()
    if len(lines) != 1 or path not in lines[0]:
        return f"stderr is not one line naming the file: {err.strip()[:200]!r}"
    return None


def main():
    if len(sys.argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    binary = sys.argv[1]
    missing = [package for module, package in PLUGINS.items() if importlib.util.find_spec(module) is None]
    if missing:
        print(f"missing pydicom decoding plugins: {', '.join(missing)}; "
              "run pip install -r scripts/requirements-test.txt", file=sys.stderr)
        return 2
    files = sys.argv[2:] or default_files()
    print("rule: identical, except within +/-1 for " + ", ".join(sorted(set(TOLERANT.values()))))

    agreed = total = 0
    pixels_passed = pixels_failed = refused_passed = refused_failed = 0
    no_pixels = 0
    for path in files:
        has_pixels, tsyntax = header(path)
        name = label(path)
        if has_pixels is False or has_pixels is None:
            # No pixel data (or not DICOM at all): nothing to decode, and Concord must say so.
            problem = check_refused(binary, path)
            total += 1
            no_pixels += 1
            if problem is None:
                agreed += 1
                print(f"ok    {name}: no pixel data, refused by both")
            else:
                print(f"FAIL  {name}: no pixel data, but {problem}")
            continue
        arr, note, reason = oracle(path)
        total += 1
        ts = tsyntax or "no transfer syntax"
        if arr is None:
            problem = check_refused(binary, path)
            if problem == "Concord decoded it":
                arr, second = dcmtk_oracle(path)
                if arr is not None:
                    # pydicom's layout: a leading frame axis only when there are several frames.
                    problem = check_decodable(binary, path, arr, tsyntax,
                                              frame_oracle=lambda i, n, whole=arr: (whole[i] if n > 1 else whole, None))
                    if problem is None:
                        agreed += 1
                        pixels_passed += 1
                        print(f"ok    {name} [{ts}] {arr.shape} {arr.dtype.str}: pydicom refuses ({reason[:60]}); "
                              f"Concord agrees with {second}")
                        continue
            if problem is None:
                agreed += 1
                refused_passed += 1
                print(f"ok    {name} [{ts}]: refused by both (pydicom: {reason[:100]})")
            else:
                refused_failed += 1
                print(f"FAIL  {name} [{ts}]: pydicom refuses ({reason[:100]}) but {problem}")
            continue
        problem = check_decodable(binary, path, arr, tsyntax)
        rule = "+/-1" if tsyntax in TOLERANT else "exact"
        if problem is None:
            agreed += 1
            pixels_passed += 1
            print(f"ok    {name} [{ts}] {arr.shape} {arr.dtype.str} {rule}{note}")
        else:
            pixels_failed += 1
            print(f"FAIL  {name} [{ts}] {arr.shape} {arr.dtype.str}: {problem}{note}")

    print(f"agreed/total: {agreed}/{total}")
    print(f"pixels: {pixels_passed} passed, {pixels_failed} failed")
    print(f"refusals: {refused_passed} passed, {refused_failed} failed; files without pixel data: {no_pixels}")
    return 0 if agreed == total else 1


if __name__ == "__main__":
    sys.exit(main())
