#!/usr/bin/env python3
"""Differential test: `concord nlp` offsets against Python's own string indexing.

DESIGN.md fixes clinical-text offsets as Unicode scalar offsets, half-open: what Python's str
indexes. For a report with accents, micro signs, emoji and CRLF line ends, every entity's
text must equal report[start:end] in --json and in --brat output, and every measurement must
cover the text it was read from. Two runs must print the same bytes (the same text gives the
same output). Bad input must exit 1 with one line on stderr. `nlp assert` must answer every
line, with an "error" object for a missing target or a malformed line.

Usage: nlp_offsets.py CONCORD_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile

REPORT = (
    "CLINICAL HISTORY: Patiënt with cough 🙂, r/o PE.\r\n"
    "TECHNIQUE: CT chest with contrast, 0.5 µSv… no, 5 mSv.\r\n"
    "FINDINGS:\r\n"
    "1. A 3.2 x 2.1 cm mass in the right upper lobe — spiculé margins.\r\n"
    "2. No pneumothorax or pleural effusion. Ground-glass opacities (8-10 mm) in the LLL.\r\n"
    "IMPRESSION: Possible pneumonia. No PE. 🫁 Stable 12 mm nodule.\r\n"
)


def run(binary, *args, stdin=None):
    return subprocess.run([binary, "nlp", *args], input=stdin, capture_output=True)


def main():
    binary = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "report.txt")
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(REPORT)
        first = run(binary, path, "--json")
        second = run(binary, path, "--json")
        if first.returncode != 0:
            sys.exit(f"concord nlp failed: {first.stderr.decode()}")
        if first.stdout != second.stdout:
            failures.append("two runs over the same text printed different output")
        entities = json.loads(first.stdout)
        for entity in entities:
            if REPORT[entity["start"]:entity["end"]] != entity["text"]:
                failures.append(f"{entity['text']!r} at {entity['start']}..{entity['end']} "
                                f"is {REPORT[entity['start']:entity['end']]!r} in Python")
            for size in entity["measurements"]:
                written = REPORT[size["start"]:size["end"]]
                if not written.endswith(size["unit"]) or not written[0].isdigit():
                    failures.append(f"measurement {size} covers {written!r}")
        found = {(e["display"], tuple(e["assertion"])) for e in entities}
        for expected in [("Mass", ()), ("Pneumothorax", ("negated",)), ("Pleural effusion", ("negated",)),
                         ("Ground glass opacity", ()), ("Pulmonary embolism", ("negated",)),
                         ("Nodule", ())]:
            if expected not in found:
                failures.append(f"expected entity {expected} among {sorted(found)}")

        brat = run(binary, path, "--brat").stdout.decode().splitlines()
        spans = [line.split("\t") for line in brat if line.startswith("T")]
        if len(spans) != len(entities):
            failures.append(f"--brat has {len(spans)} text-bound annotations, --json {len(entities)} entities")
        for _, kind_start_end, text in spans:
            _, start, end = kind_start_end.split(" ")
            if REPORT[int(start):int(end)] != text:
                failures.append(f"brat span {kind_start_end} {text!r} is {REPORT[int(start):int(end)]!r} in Python")

        lines = "1\tPTX\tNo PTX.\n2\tembolus\tNo PTX.\nnot a request\n3\tmass\tFamily history: mass.\n"
        answers = [json.loads(line) for line in run(binary, "assert", stdin=lines.encode()).stdout.decode().splitlines()]
        expected = [
            {"id": "1", "negated": True, "possible": False, "historical": False, "hypothetical": False, "family": False},
            {"id": "2", "error": "'embolus' does not occur in the sentence"},
            {"id": "not a request", "error": "expected ID<TAB>TARGET<TAB>SENTENCE"},
            {"id": "3", "negated": False, "possible": False, "historical": False, "hypothetical": False, "family": True},
        ]
        if answers != expected:
            failures.append(f"nlp assert answered {answers}")

        bad = os.path.join(folder, "latin1.txt")
        with open(bad, "wb") as handle:
            handle.write("Patiënt".encode("latin-1"))
        for args in [(bad,), (os.path.join(folder, "missing.txt"),)]:
            result = run(binary, *args)
            lines = result.stderr.decode().strip().splitlines()
            if result.returncode != 1 or len(lines) != 1:
                failures.append(f"nlp {args}: exit {result.returncode}, stderr {lines}")
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"nlp offsets: {len(entities)} entities checked against Python str indexing, "
          f"{'FAILED' if failures else 'all equal'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
