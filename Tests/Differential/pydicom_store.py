#!/usr/bin/env python3
"""Differential test: what `concord ingest` files an instance under, against pydicom.

Ingests every .dcm file the installed pydicom package ships into a fresh data directory, one
file at a time in name order, and checks each outcome against pydicom's reading of the file:

- a file pydicom reads and that has Study, Series and SOP Instance UIDs is ingested, or is
  "already present" / a conflict exactly when an earlier file had the same SOP Instance UID
  (with the same / other bytes);
- a stored instance has pydicom's Rows, Columns, Number of Frames (1 when absent), Transfer
  Syntax UID, Pixel Spacing and study-level Study Date and Accession Number, and its blob is
  the file's bytes (SHA-256);
- a file pydicom rejects, or one without those UIDs, is rejected.

Two known differences from pydicom are allowed, and counted, not hidden: a file without the
preamble and DICM prefix, which pydicom reads only with force=True, may be stored (it must
then match the forced reading) or rejected; and a file cut short inside a value, which pydicom
reads without complaint, is rejected as truncated (Concord's reader does what DCMTK does).

Prints agreed/total and every disagreement; exits 1 on any.

Usage: pydicom_store.py CONCORD_BINARY
"""
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import pydicom
from pydicom.errors import InvalidDicomError

warnings.simplefilter("ignore")


def pydicom_files():
    base = os.path.join(os.path.dirname(pydicom.__file__), "data")
    return sorted(glob.glob(os.path.join(base, "**", "*.dcm"), recursive=True))


def oracle(path):
    """pydicom's header of `path` (None when pydicom rejects it or it lacks the UIDs), and
    whether pydicom needed force=True to read it."""
    try:
        return with_uids(pydicom.dcmread(path, stop_before_pixels=True)), False
    except InvalidDicomError:
        try:
            return with_uids(pydicom.dcmread(path, stop_before_pixels=True, force=True)), True
        except Exception:
            return None, False
    except Exception:
        return None, False


def with_uids(ds):
    uids = [str(ds.get(k, "") or "").strip() for k in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID")]
    if not all(uids):
        return None
    return ds


def number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def first_frame_spacing(ds):
    """Pixel Spacing of frame 1 as PS3.3 C.7.6.16.2 places it: the frame's own Pixel Measures
    functional group, then the shared one, then the top-level attribute."""
    groups = [ds.get("PerFrameFunctionalGroupsSequence"), ds.get("SharedFunctionalGroupsSequence")]
    for group in groups:
        if group:
            measures = group[0].get("PixelMeasuresSequence")
            if measures and "PixelSpacing" in measures[0]:
                return spacing_of(measures[0].PixelSpacing)
    return spacing_of(ds.get("PixelSpacing"))


def spacing_of(values):
    try:
        if values is not None and len(values) == 2 and all(float(v) > 0 for v in values):
            return {"row": float(values[0]), "column": float(values[1])}
    except (TypeError, ValueError):
        pass
    return None


def transfer_syntax(ds):
    """The stated Transfer Syntax UID, or for a bare data set the one pydicom read it with."""
    if "TransferSyntaxUID" in ds.file_meta:
        return str(ds.file_meta.TransferSyntaxUID)
    implicit, little = ds.original_encoding
    return "1.2.840.10008.1.2" if implicit else ("1.2.840.10008.1.2.1" if little else "1.2.840.10008.1.2.2")


def expected_instance(ds, path):
    rows, columns = number(ds.get("Rows")), number(ds.get("Columns"))
    frames = number(ds.get("NumberOfFrames")) if "NumberOfFrames" in ds else 1
    # An image whose size DICOM does not allow (no Rows, or a Number of Frames that is not a
    # positive integer) is stored without image geometry.
    has_image = bool(rows and columns and rows > 0 and columns > 0 and frames and frames > 0)
    spacing = first_frame_spacing(ds)
    return {
        "rows": rows if has_image else None,
        "columns": columns if has_image else None,
        "numberOfFrames": frames if has_image else 1,
        "transferSyntaxUID": transfer_syntax(ds),
        "pixelSpacing": spacing if has_image else None,
        "blob": hashlib.sha256(open(path, "rb").read()).hexdigest(),
    }


def run(concord, *arguments):
    return subprocess.run([concord, *arguments], capture_output=True, text=True)


def main():
    concord = sys.argv[1]
    data = tempfile.mkdtemp(prefix="concord-pydicom-store-")
    stored = {}       # SOP Instance UID -> sha256 of the first file stored under it
    problems = []
    lenient = truncated = 0
    files = pydicom_files()
    for path in files:
        ds, forced = oracle(path)
        result = run(concord, "ingest", "--data", data, "--json", "--quiet", path)
        try:
            summary = json.loads(result.stdout)
        except json.JSONDecodeError:
            problems.append(f"{path}: no JSON summary (status {result.returncode}): {result.stderr.strip()}")
            continue
        if ds is not None and summary["rejected"]:
            reason = summary["rejected"][0]["reason"]
            if forced:
                lenient += 1
                continue
            if reason.startswith("truncated at byte"):
                truncated += 1
                continue
        if forced and ds is not None:
            lenient += 1
        if ds is None:
            if not summary["rejected"]:
                problems.append(f"{path}: pydicom rejects it or it lacks UIDs, but concord stored it: {summary}")
            continue
        uid = str(ds.SOPInstanceUID).strip()
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
        if uid not in stored:
            if summary["ingested"] != 1:
                problems.append(f"{path}: pydicom reads it, concord did not ingest it: {summary}")
                continue
            stored[uid] = digest
        elif stored[uid] == digest:
            if summary["alreadyPresent"] != 1:
                problems.append(f"{path}: same UID and bytes as an earlier file, not 'already present': {summary}")
            continue
        else:
            if len(summary["conflicts"]) != 1:
                problems.append(f"{path}: same UID as an earlier file with other bytes, not a conflict: {summary}")
            continue
        show = run(concord, "study", "show", "--data", data, "--json", str(ds.StudyInstanceUID).strip())
        detail = json.loads(show.stdout)
        instances = {i["sopInstanceUID"]: i for s in detail["series"] for i in s["instances"]}
        got = instances.get(uid)
        want = expected_instance(ds, path)
        if got is None:
            problems.append(f"{path}: instance {uid} missing from `study show`")
            continue
        for key, value in want.items():
            if got.get(key) != value:
                problems.append(f"{path}: {key} is {got.get(key)!r}, pydicom says {value!r}")
        accession = str(ds.get("AccessionNumber", "") or "").strip() or None
        if detail["study"].get("accessionNumber") != accession and detail["study"]["instanceCount"] == 1:
            problems.append(f"{path}: accession {detail['study'].get('accessionNumber')!r}, pydicom {accession!r}")
    # The audit log names every instance stored, once, in the committed result of an Import
    # (each batch also has an intent, written before it, that names every file it tried), leaves
    # no change interrupted, and still verifies.
    query = run(concord, "audit", "query", "--data", data, "--json", "--action", "C", "--kind", "instance")
    imported = [o["id"] for e in json.loads(query.stdout or "[]")
                if e.get("eventID", {}).get("code") == "110107" and e.get("details", {}).get("phase") == "committed"
                for o in e["objects"] if o["kind"] == "instance"]
    if sorted(imported) != sorted(stored):
        problems.append(f"audit log: Import events name {len(imported)} instances, {len(stored)} were stored: {query.stderr.strip()}")
    interrupted = run(concord, "audit", "query", "--data", data, "--json", "--interrupted")
    if interrupted.returncode != 0 or json.loads(interrupted.stdout or "null") != []:
        problems.append(f"audit log: changes left interrupted after complete runs: {interrupted.stdout.strip()} {interrupted.stderr.strip()}")
    verify = run(concord, "audit", "verify", "--data", data)
    if verify.returncode != 0:
        problems.append(f"audit verify failed after ingest: {verify.stdout.strip()} {verify.stderr.strip()}")
    shutil.rmtree(data, ignore_errors=True)
    for problem in problems:
        print(problem)
    print(f"store vs pydicom: {len(files) - len(problems)}/{len(files)} files agreed "
          f"({lenient} read by pydicom only with force=True, {truncated} truncated files rejected)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
