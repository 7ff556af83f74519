#!/usr/bin/env python3
"""Writes the MaskRLE benchmark's masks: COUNT binary 512 × 512 frames, one byte per pixel
(0 or 1), row-major, back to back in OUT/masks.u8, and their set-pixel total in OUT/truth.json.

    make_masks.py OUT [COUNT]

The frames mix what segmentations look like: a few filled ellipses and rotated blobs (most
frames), empty frames, full frames, and a few noisy frames (one run per pixel, the worst case).
"""
import json
import sys
from pathlib import Path

import numpy as np

SIZE = 512


def frame(rng, index):
    kind = index % 20
    if kind == 0:
        return np.zeros((SIZE, SIZE), np.uint8)
    if kind == 1:
        return np.ones((SIZE, SIZE), np.uint8)
    if kind == 2:
        return (rng.random((SIZE, SIZE)) < 0.5).astype(np.uint8)
    rows, cols = np.indices((SIZE, SIZE))
    mask = np.zeros((SIZE, SIZE), bool)
    for _ in range(rng.integers(1, 5)):
        cy, cx = rng.integers(60, SIZE - 60, 2)
        ry, rx = rng.integers(8, 120, 2)
        angle = rng.random() * np.pi
        y, x = rows - cy, cols - cx
        u = x * np.cos(angle) + y * np.sin(angle)
        v = -x * np.sin(angle) + y * np.cos(angle)
        wobble = 1 + 0.15 * np.sin(6 * np.arctan2(v, u))
        mask |= (u / rx) ** 2 + (v / ry) ** 2 <= wobble
    return mask.astype(np.uint8)


def main():
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261126)
    frames = np.stack([frame(rng, i) for i in range(count)])
    frames.tofile(out / "masks.u8")
    (out / "truth.json").write_text(json.dumps({"frames": count, "rows": SIZE, "columns": SIZE,
                                                "set_pixels": int(frames.sum())}))


if __name__ == "__main__":
    main()
