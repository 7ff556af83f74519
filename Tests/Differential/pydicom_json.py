#!/usr/bin/env python3
"""Differential test: Concord's DICOM JSON against pydicom's Dataset.to_json_dict().

Runs over every .dcm file that the installed pydicom package ships (test and charset files).
For each file pydicom reads, `concord dump --json FILE` must produce the same tags, VRs and
values (numbers compared as numbers). Files pydicom rejects must be rejected by Concord with
exit status 1 and one line on stderr that names the file.

Two pydicom leniencies are handled explicitly rather than silently:
- a file without the 128-byte preamble and DICM is rejected by pydicom unless force=True.
  Concord reads such bare data sets when their first element is plausible. So for these
  files Concord may either reject (agreeing with pydicom's default) or read — and then it
  must equal what dcmread(force=True) gives;
- a file cut short inside a value is read by pydicom without complaint; Concord rejects it
  (as DCMTK does) and reproduces pydicom's output only under --partial, which is checked.

Usage: pydicom_json.py CONCORD_BINARY
"""
import glob
import json
import math
import os
import subprocess
import sys
import warnings

import pydicom
from pydicom.errors import InvalidDicomError

warnings.simplefilter("ignore")


def pydicom_files():
    base = os.path.join(os.path.dirname(pydicom.__file__), "data")
    return sorted(glob.glob(os.path.join(base, "**", "*.dcm"), recursive=True))


def oracle(path):
    """pydicom's JSON dict for `path` (None if it rejects the file), the reason it rejects
    it, and for a preamble-less file it rejects by default, its force=True reading."""
    try:
        return pydicom.dcmread(path).to_json_dict(), None, None
    except InvalidDicomError as exc:
        try:
            forced = pydicom.dcmread(path, force=True).to_json_dict()
        except Exception:
            forced = None
        return None, f"InvalidDicomError: {exc}", forced
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}", None


def same_number(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if a is None or b is None:
        return a is b
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return float(a) == float(b) or abs(float(a) - float(b)) <= 1e-12 * max(abs(float(a)), abs(float(b)))


def compare(expected, actual, path=""):
    """Differences between two DICOM JSON objects, as readable strings."""
    diffs = []
    for key in sorted(set(expected) | set(actual)):
        where = f"{path}/{key}"
        if key not in actual:
            diffs.append(f"{where}: missing in Concord (pydicom: {str(expected[key])[:120]})")
            continue
        if key not in expected:
            diffs.append(f"{where}: extra in Concord ({str(actual[key])[:120]})")
            continue
        e, a = expected[key], actual[key]
        if e.get("vr") != a.get("vr"):
            diffs.append(f"{where}: vr {a.get('vr')} != pydicom {e.get('vr')}")
            continue
        for field in ("InlineBinary", "BulkDataURI"):
            if e.get(field) != a.get(field):
                diffs.append(f"{where}: {field} differs (len {len(str(a.get(field)))} vs pydicom {len(str(e.get(field)))})")
        ev, av = e.get("Value"), a.get("Value")
        if ev is None or av is None:
            if ev != av:
                diffs.append(f"{where}: Value {str(av)[:120]} != pydicom {str(ev)[:120]}")
            continue
        if len(ev) != len(av):
            diffs.append(f"{where}: {len(av)} values != pydicom {len(ev)}: {str(av)[:120]} vs {str(ev)[:120]}")
            continue
        for i, (x, y) in enumerate(zip(ev, av)):
            if e["vr"] == "SQ":
                diffs += compare(x, y, f"{where}/{i}")
            elif isinstance(x, (int, float)) or isinstance(y, (int, float)):
                if not same_number(x, y):
                    diffs.append(f"{where}[{i}]: {y!r} != pydicom {x!r}")
            elif x != y:
                diffs.append(f"{where}[{i}]: {y!r} != pydicom {x!r}")
    return diffs


def run_concord(binary, path, *flags):
    proc = subprocess.run([binary, "dump", "--json", *flags, path], capture_output=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def main():
    binary = sys.argv[1]
    files = pydicom_files()
    agreed, failed = 0, []
    read_by_pydicom = 0
    for path in files:
        name = os.path.relpath(path, os.path.dirname(pydicom.__file__))
        expected, reason, forced = oracle(path)
        status, out, err = run_concord(binary, path)
        note = ""
        if expected is None and forced is not None and status == 0:
            expected, note = forced, " (no preamble: read as a bare data set, compared with force=True)"
        if expected is None:
            lines = err.strip().splitlines()
            if status == 1 and len(lines) == 1 and path in lines[0]:
                agreed += 1
                print(f"ok    {name}: both reject ({lines[0].split(': ', 1)[1]})")
            else:
                failed.append(f"{name}: pydicom rejects ({reason}) but Concord exit {status}, stderr {err.strip()[:200]!r}")
            continue
        read_by_pydicom += 1
        if status != 0 and "truncated" in err:
            note = f" (strict: {err.strip().split(': ', 1)[1]}; compared under --partial)"
            status, out, err = run_concord(binary, path, "--partial")
            if status == 2:
                status = 0
        if status != 0:
            failed.append(f"{name}: Concord exit {status}: {err.strip()[:300]}")
            continue
        try:
            actual = json.loads(out)
        except ValueError as exc:
            failed.append(f"{name}: Concord printed invalid JSON: {exc}")
            continue
        diffs = compare(expected, actual)
        if diffs:
            failed.append(f"{name}: {len(diffs)} differences\n      " + "\n      ".join(diffs[:12]))
        else:
            agreed += 1
            print(f"ok    {name}{note}")
    for f in failed:
        print(f"FAIL  {f}")
    total = len(files)
    print(f"\npydicom reads {read_by_pydicom} of {total} files; Concord agrees on {agreed}/{total}")
    print(f"differential: {agreed} passed, {len(failed)} failed")
    sys.exit(0 if not failed and total > 0 else 1)


if __name__ == "__main__":
    main()
