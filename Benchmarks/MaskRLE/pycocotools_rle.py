#!/usr/bin/env python3
"""pycocotools side of the MaskRLE benchmark: encodes every frame of masks.u8 to COCO RLE and
decodes it back, timing each half over REPEAT passes (the best pass counts), and prints one
JSON line.

    pycocotools_rle.py DATA_DIR REPEAT

COCO RLE walks pixels column by column, so each row-major frame is handed over transposed in
Fortran order: pycocotools then sees the same pixel sequence, and makes the same runs, as
Concord's row-major RunLengthBitPlane. All frames go to pycocotools in one call each way (its
fastest use); its encoding includes the compressed-string form COCO stores.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
from pycocotools import mask as coco

data = Path(sys.argv[1])
repeat = int(sys.argv[2])
truth = json.loads((data / "truth.json").read_text())
n, rows, cols = truth["frames"], truth["rows"], truth["columns"]
frames = np.fromfile(data / "masks.u8", dtype=np.uint8).reshape(n, rows, cols)
# (cols, rows, n) in Fortran order: column-major over (cols, rows) is row-major over (rows, cols).
batch = np.asfortranarray(frames.transpose(2, 1, 0))

best_encode = best_decode = float("inf")
for _ in range(repeat):
    start = time.perf_counter()
    rles = coco.encode(batch)
    best_encode = min(best_encode, time.perf_counter() - start)
    start = time.perf_counter()
    decoded = coco.decode(rles)
    best_decode = min(best_decode, time.perf_counter() - start)

set_pixels = int(decoded.sum(dtype=np.int64))
assert np.array_equal(decoded, batch), "pycocotools did not round-trip"
print(json.dumps({"tool": "pycocotools", "frames": n, "set_pixels": set_pixels,
                  "stored_bytes": sum(len(r["counts"]) for r in rles),
                  "encode_ms_per_frame": best_encode * 1000 / n, "decode_ms_per_frame": best_decode * 1000 / n}))
