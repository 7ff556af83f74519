#!/usr/bin/env python3
"""pydicom side of the DecodePixels benchmark (see Benchmarks/README.md).

    pydicom_decode.py [--procs N] [--passes P] [--plugin NAME|auto] FILE

One pass, one process (--procs 1): ``pydicom.pixels.pixel_array(FILE, raw=True,
decoding_plugin=PLUGIN)`` — every frame decoded into one (frames, rows, columns) array.

One pass, N processes (--procs N > 1): a ``multiprocessing`` pool of N workers, started and warmed
up before any timing; frames are dealt round-robin and each worker decodes its share with
``pydicom.pixels.iter_pixels(FILE, indices=..., raw=True, decoding_plugin=PLUGIN)`` straight
into one shared-memory array (``multiprocessing.shared_memory``), so no decoded frame is pickled.
The timed part is from handing out the work to the last frame written.

``--plugin auto`` (the default) tries every plugin pydicom has for the file's transfer syntax
on one frame, untimed, and keeps the fastest, so pydicom is measured at its best; the JSON
line names it.

One untimed warm-up pass, then P timed passes (default 3); prints one JSON line: best pass in
ms per frame, mean, CPU seconds of the timed passes (parent and workers), checksum (sum over
frames f of (f + 1) x (the sum of frame f's stored values)), and the peak RSS of each process
(ru_maxrss; the workers' RSS counts the shared output array too).
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import pydicom
from pydicom.pixels import get_decoder, iter_pixels, pixel_array

_shared = {}


def checksum(volume):
    sums = volume.reshape(volume.shape[0], -1).sum(axis=1, dtype=np.uint64)
    return int(sum((i + 1) * int(s) for i, s in enumerate(sums)))


def choose_plugin(path, requested):
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    uid = ds.file_meta.TransferSyntaxUID
    decoder = get_decoder(uid)
    plugins = list(decoder.available_plugins)
    if not plugins:
        sys.exit(f"pydicom_decode: no pydicom plugin decodes {uid.name} ({uid}); install the pylibjpeg plugins")
    if requested != "auto":
        if requested not in plugins:
            sys.exit(f"pydicom_decode: plugin {requested} cannot decode {uid}; available: {plugins}")
        return requested, uid, {requested: None}
    timings = {}
    for name in plugins:
        try:
            pixel_array(path, index=0, raw=True, decoding_plugin=name)      # warm (imports, caches)
            t0 = time.perf_counter()
            for k in range(3):
                pixel_array(path, index=k, raw=True, decoding_plugin=name)
            timings[name] = (time.perf_counter() - t0) / 3
        except Exception as e:                                              # a plugin that fails is skipped
            print(f"pydicom_decode: plugin {name} failed on {path}: {e}", file=sys.stderr)
    if not timings:
        sys.exit(f"pydicom_decode: no plugin could decode {path}")
    return min(timings, key=timings.get), uid, timings


# --- workers of the multi-process mode ------------------------------------------------------------

def _init_worker(shm_name, shape, path, plugin):
    from multiprocessing import shared_memory
    shm = shared_memory.SharedMemory(name=shm_name)
    _shared["shm"] = shm
    _shared["out"] = np.ndarray(shape, dtype=np.uint16, buffer=shm.buf)
    _shared["path"] = path
    _shared["plugin"] = plugin


def _decode_share(indices):
    c0 = time.process_time()
    out = _shared["out"]
    for i, frame in zip(indices, iter_pixels(_shared["path"], indices=indices, raw=True,
                                             decoding_plugin=_shared["plugin"])):
        out[i] = frame
    return time.process_time() - c0


def _rss_kb(_):
    time.sleep(0.3)        # so that every worker takes one of these calls
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--plugin", default="auto")
    a = ap.parse_args()

    plugin, uid, trial = choose_plugin(a.file, a.plugin)
    ds = pydicom.dcmread(a.file, stop_before_pixels=True)
    frames, rows, cols = int(getattr(ds, "NumberOfFrames", 1) or 1), int(ds.Rows), int(ds.Columns)
    times, cpus, sums = [], [], []
    worker_rss = []

    if a.procs <= 1:
        pixel_array(a.file, raw=True, decoding_plugin=plugin)                # warm-up
        for _ in range(a.passes):
            t0, c0 = time.perf_counter(), time.process_time()
            arr = pixel_array(a.file, raw=True, decoding_plugin=plugin)
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            sums.append(checksum(arr))
            del arr
    else:
        import multiprocessing as mp
        from multiprocessing import shared_memory
        shape = (frames, rows, cols)
        shm = shared_memory.SharedMemory(create=True, size=frames * rows * cols * 2)
        try:
            out = np.ndarray(shape, dtype=np.uint16, buffer=shm.buf)
            shares = [list(range(k, frames, a.procs)) for k in range(a.procs)]
            ctx = mp.get_context("fork")
            with ctx.Pool(a.procs, initializer=_init_worker, initargs=(shm.name, shape, a.file, plugin)) as pool:
                pool.map(_decode_share, shares, chunksize=1)                 # warm-up (imports, plugins)
                for _ in range(a.passes):
                    out[:] = 0
                    t0, c0 = time.perf_counter(), time.process_time()
                    worker_cpu = pool.map(_decode_share, shares, chunksize=1)
                    times.append(time.perf_counter() - t0)
                    cpus.append(time.process_time() - c0 + sum(worker_cpu))
                    sums.append(checksum(out))
                # One call per worker: each returns its own peak RSS.
                worker_rss = sorted(dict(pool.map(_rss_kb, range(a.procs), chunksize=1)).values())
            del out
        finally:
            shm.close()
            shm.unlink()

    if len(set(sums)) != 1:
        sys.exit(f"pydicom_decode: the passes disagree on the checksum: {sums}")
    print(json.dumps({
        "tool": "pydicom", "mode": "sequential" if a.procs <= 1 else "processes", "threads": a.procs,
        "syntax": str(uid), "frames": frames, "passes": a.passes,
        "best_ms_per_frame": min(times) * 1000 / frames,
        "mean_ms_per_frame": sum(times) / len(times) * 1000 / frames,
        "wall_s": sum(times), "cpu_s": sum(cpus), "checksum": sums[0],
        "plugin": plugin, "plugin_trial_ms": {k: (None if v is None else round(v * 1000, 2)) for k, v in trial.items()},
        "version": pydicom.__version__,
        "parent_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "worker_rss_kb": worker_rss,
    }))


if __name__ == "__main__":
    main()
