#!/usr/bin/env python3
"""Prints the DecodePixels table from the JSON lines run.sh collected.

    report.py RESULTS.jsonl DATA_DIR NPROC

Per (syntax, tool) the best pass of all runs counts (ms per frame, wall clock); peak RSS is
the largest of the runs. Exit status 1 when any decoder's checksum differs from the
generator's (a wrong decode), 0 otherwise — missed goals are reported, not failed.
"""
import json
import os
import sys

results = [json.loads(line) for line in open(sys.argv[1])]
data = sys.argv[2]
nproc = int(sys.argv[3])
truth = json.load(open(os.path.join(data, "truth.json")))

NAMES = {"rle": "RLE Lossless", "jpll": "JPEG Lossless SV1", "jls": "JPEG-LS lossless",
         "j2k": "JPEG 2000 lossless", "htj2k": "HTJ2K lossless"}
ORDER = ["rle", "jpll", "jls", "j2k", "htj2k"]
syntaxes = [s for s in ORDER if any(r["name"] == s for r in results)]
par = f"pydicom-{nproc}"


def rows(s, label):
    return [r for r in results if r["name"] == s and r["label"] == label]


def best(s, label):
    rs = rows(s, label)
    return min(r["best_ms_per_frame"] for r in rs) if rs else None


def cpu_per_frame(s, label):
    """CPU ms per frame, the best run (single-threaded tools: what a quiet machine would show)."""
    rs = rows(s, label)
    return min(r["cpu_s"] / (r["passes"] * r["frames"]) * 1000 for r in rs) if rs else None


def busy(s, label):
    """Share of one CPU the best pass's process had (cpu / wall over the timed passes)."""
    rs = rows(s, label)
    if not rs:
        return None
    r = min(rs, key=lambda r: r["best_ms_per_frame"])
    return r["cpu_s"] / r["wall_s"] if r["wall_s"] > 0 else None


def rss_mib(s, label):
    rs = rows(s, label)
    if not rs:
        return None
    if label == par:
        # GNU time sees the parent only; add each worker's own peak (shared pages counted twice).
        return max(r["parent_rss_kb"] + sum(r["worker_rss_kb"]) for r in rs) / 1024
    return max(r["max_rss_kb"] for r in rs) / 1024


def fmt(v, spec="{:.2f}"):
    return "—" if v is None else spec.format(v)


# --- correctness ------------------------------------------------------------------------------
bad = [r for r in results if r["checksum"] != truth["checksum"]]
for r in bad:
    print(f"MISMATCH {r['name']} {r['label']}: checksum {r['checksum']} != {truth['checksum']}")

sizes = {s: os.path.getsize(os.path.join(data, f"{s}.dcm")) for s in syntaxes}
native = truth["native_bytes"]
print()
print(f"Decoding all {truth['frames']} frames of a {truth['rows']}x{truth['columns']} 16-bit CT "
      f"(Bits Stored {truth['bits_stored']}), open + decode + hold the volume; ms per frame, wall clock, "
      f"best of {len(rows(syntaxes[0], 'concord-1'))} processes x {rows(syntaxes[0], 'concord-1')[0]['passes']} passes")
print("every decoder's checksum " + ("matches the generator's" if not bad else "DOES NOT match (see MISMATCH above)"))
print()
head = (f"{'syntax':<20}{'ratio':>6}{'Concord 1c':>11}{'Concord ' + str(nproc) + 'c':>11}{'direct':>8}"
        f"{'direct OPJ':>11}{'DCMTK':>8}{'pydicom 1p':>11}{'pydicom ' + str(nproc) + 'p':>11}")
print(head)
print("-" * len(head))
for s in syntaxes:
    ratio = f"{native / sizes[s]:.1f}:1"
    print(f"{NAMES[s]:<20}{ratio:>6}"
          f"{fmt(best(s, 'concord-1')):>11}{fmt(best(s, 'concord-all')):>11}{fmt(best(s, 'direct')):>8}"
          f"{fmt(best(s, 'direct-openjpeg')):>11}{fmt(best(s, 'dcmtk')):>8}{fmt(best(s, 'pydicom-1')):>11}{fmt(best(s, par)):>11}")
plugins = {s: sorted({r["plugin"] for r in rows(s, "pydicom-1") + rows(s, par)}) for s in syntaxes}
print("direct = the library Concord uses, called on each frame's bytes (library only, one core): CharLS for "
      "JPEG-LS, OpenJPEG for JPEG 2000, OpenJPH for HTJ2K; direct OPJ = OpenJPEG on the HTJ2K frames; "
      "DCMTK 3.6.7 has no JPEG 2000 / HTJ2K decoder")
print("pydicom plugin (fastest available): " + ", ".join(f"{NAMES[s]} {'/'.join(plugins[s])}" for s in syntaxes))

# --- ratios against the goals -----------------------------------------------------------------
print()
print("Ratios (wall clock)")
missed, stricter_missed = [], []


def line(text, value, goal_text, ok, stricter=False):
    """One ratio against its goal; `stricter` marks a check harder than the issue's goal, which is
    reported (and listed when missed) but not counted as a missed goal."""
    status = "—" if value is None else ("met" if ok else "NOT MET")
    print(f"  {text:<66}{fmt(value):>7}   {goal_text:<17}{status}")
    if value is not None and not ok:
        (stricter_missed if stricter else missed).append(text)


for s in syntaxes:
    c1, call, d, dc = best(s, "concord-1"), best(s, "concord-all"), best(s, "direct"), best(s, "dcmtk")
    p1, pp = best(s, "pydicom-1"), best(s, par)
    if s in ("rle", "jpll"):
        v = dc / c1 if dc and c1 else None
        line(f"{NAMES[s]}: DCMTK / Concord 1-core (x faster)", v, "goal >= 2", v is not None and v >= 2)
    elif dc and c1:
        print(f"  {NAMES[s] + ': DCMTK / Concord 1-core (x faster)':<66}{dc / c1:>7.2f}   (no goal)")
    if s in ("jls", "j2k", "htj2k"):
        library = {"jls": "CharLS", "j2k": "OpenJPEG", "htj2k": "OpenJPH"}[s]
        v = c1 / d if d and c1 else None
        line(f"{NAMES[s]}: Concord 1-core / {library} direct (x time)", v,
             "goal <= 1.10", v is not None and v <= 1.10)
        do = best(s, "direct-openjpeg")
        if do and c1:
            print(f"  {NAMES[s] + ': OpenJPEG direct / Concord 1-core (x faster)':<66}{do / c1:>7.2f}   (no goal)")
        # Stricter than the issue asks: pydicom given both cores too, as a process pool.
        v = pp / call if pp and call else None
        line(f"{NAMES[s]}: pydicom {nproc}-proc / Concord {nproc}-core (x faster)", v, "stricter >= 1.8",
             v is not None and v >= 1.8, stricter=True)
    else:
        if pp and call:
            print(f"  {NAMES[s] + f': pydicom {nproc}-proc / Concord {nproc}-core (x faster)':<66}{pp / call:>7.2f}   (no goal)")
    if s in ("jls", "j2k", "htj2k"):
        # The "at least 1.8x faster than pydicom using both cores": Concord on both cores
        # (as "on one core" in the same sentence is Concord on one) against pydicom as it runs,
        # one process; the pool above is the stricter check.
        v = p1 / call if p1 and call else None
        line(f"{NAMES[s]}: pydicom 1-proc / Concord {nproc}-core (x faster)", v, "goal >= 1.8",
             v is not None and v >= 1.8)
    elif p1 and call:
        print(f"  {NAMES[s] + f': pydicom 1-proc / Concord {nproc}-core (x faster)':<66}{p1 / call:>7.2f}   (no goal)")
    if c1 and call:
        print(f"  {NAMES[s] + f': Concord 1-core / {nproc}-core (parallel speed-up)':<66}{c1 / call:>7.2f}")

# --- CPU time, which a busy machine disturbs less -------------------------------------------------
print()
print("CPU ms per frame (user + system of the timed passes, all threads / processes), and ratios by CPU")
print(f"  {'syntax':<20}{'Concord 1c':>11}{'direct':>8}{'direct OPJ':>11}{'DCMTK':>8}{'pydicom 1p':>11}"
      f"{'DCMTK/C':>9}{'C/direct':>9}{'Concord ' + str(nproc) + 'c':>12}{'pydicom ' + str(nproc) + 'p':>12}")
for s in syntaxes:
    c, d, dc, p, ca, pp = (cpu_per_frame(s, k) for k in ("concord-1", "direct", "dcmtk", "pydicom-1", "concord-all", par))
    print(f"  {NAMES[s]:<20}{fmt(c):>11}{fmt(d):>8}{fmt(cpu_per_frame(s, 'direct-openjpeg')):>11}{fmt(dc):>8}{fmt(p):>11}"
          f"{fmt(dc / c if dc and c else None):>9}{fmt(c / d if d and c else None):>9}{fmt(ca):>12}{fmt(pp):>12}")
print(f"  (the {nproc}-core columns are total CPU per frame: on an idle machine the wall time would be about "
      f"this / {nproc} if the work spreads evenly; they show what parallel decoding costs, not its speed)")

# --- memory ---------------------------------------------------------------------------------------
print()
print(f"Peak RSS, MiB (GNU time; pydicom {nproc}-proc = parent + each worker's peak, the shared output counted per process)")
print(f"  {'syntax':<20}{'Concord 1c':>11}{'Concord ' + str(nproc) + 'c':>11}{'direct':>8}{'DCMTK':>8}"
      f"{'pydicom 1p':>11}{'pydicom ' + str(nproc) + 'p':>11}")
for s in syntaxes:
    print(f"  {NAMES[s]:<20}" + "".join(
        f"{fmt(rss_mib(s, k), '{:.0f}'):>{w}}" for k, w in
        (("concord-1", 11), ("concord-all", 11), ("direct", 8), ("dcmtk", 8), ("pydicom-1", 11), (par, 11))))
print(f"  (the decoded volume alone is {native / 2**20:.0f} MiB)")

# --- a busy machine -------------------------------------------------------------------------------
low = []
for s in syntaxes:
    for k in ("concord-1", "direct", "direct-openjpeg", "dcmtk", "pydicom-1"):
        b = busy(s, k)
        if b is not None and b < 0.9:
            low.append(f"{NAMES[s]}/{k} {100 * b:.0f}%")
if low:
    print()
    print("note: these single-threaded best runs had less than 90% of a CPU — the machine was busy, "
          "their wall times are high; the CPU table is the better guide: " + ", ".join(low))
with open("/proc/loadavg") as f:
    print(f"load average at the end: {' '.join(f.read().split()[:3])} on {nproc} CPUs")
if missed or stricter_missed:
    print()
if missed:
    print("goals missed: " + "; ".join(missed))
if stricter_missed:
    print("stricter checks missed (not goals): " + "; ".join(stricter_missed))
sys.exit(1 if bad else 0)
