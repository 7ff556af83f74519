"""pydicom side of the ReadHeaders benchmark (see Benchmarks/README.md).

    python pydicom_read.py [--full] --repeat N (--list FILE | PATH...)

Reads every file with ``dcmread(path, stop_before_pixels=True)`` (the whole file with
--full), touches the same values as the Concord and DCMTK readers (Patient's Name family
name, Study Instance UID, Rows, Slice Thickness as a DS number, the count of top-level data
set elements) and prints one JSON line. One untimed warm-up pass runs first; the timed part
is `repeat` passes over all files, single-threaded.
"""

import argparse
import json
import sys
import time

import pydicom


def read_one(path, full, totals):
    ds = pydicom.dcmread(path, stop_before_pixels=not full)
    totals["files"] += 1
    totals["elements"] += len(ds)
    name = ds.get("PatientName")
    if name is not None:
        totals["name_chars"] += len(name.family_name)
    uid = ds.get("StudyInstanceUID")
    if uid is not None:
        totals["uid_chars"] += len(uid)
    rows = ds.get("Rows")
    if rows is not None:
        totals["rows"] += int(rows)
    thickness = ds.get("SliceThickness")
    if thickness is not None and thickness != "":
        totals["ds_sum"] += float(thickness)


def new_totals():
    return {"files": 0, "elements": 0, "name_chars": 0, "uid_chars": 0, "rows": 0, "ds_sum": 0.0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--list")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    files = list(args.paths)
    if args.list:
        with open(args.list) as f:
            files += [line.rstrip("\n") for line in f if line.strip()]
    if not files or args.repeat < 1:
        parser.error("no files")

    warm = new_totals()
    for path in files:
        read_one(path, args.full, warm)

    timed = new_totals()
    cpu_start = time.process_time()
    start = time.perf_counter()
    for _ in range(args.repeat):
        for path in files:
            read_one(path, args.full, timed)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    reads = len(files) * args.repeat
    out = {
        "reader": "pydicom",
        "version": pydicom.__version__,
        "mode": "full" if args.full else "header",
        "files": len(files),
        "repeat": args.repeat,
        "threads": 1,
        "elapsed_s": round(elapsed, 6),
        "cpu_s": round(cpu, 6),
        "files_per_s": round(reads / elapsed, 1),
        "us_per_file": round(elapsed / reads * 1e6, 3),
        "elements": warm["elements"],
        "name_chars": warm["name_chars"],
        "uid_chars": warm["uid_chars"],
        "rows": warm["rows"],
        "ds_sum": round(warm["ds_sum"], 4),
    }
    print(json.dumps(out, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
