"""Generates the Ingest benchmark data set (never committed; run.sh puts it in a temp dir).

    python make_dataset.py OUT_DIR [--count 2000] [--per-series 100] [--size 128] [--seed 1]

Writes OUT_DIR/NNNNN.dcm: `count` small single-frame CT images, Explicit VR Little Endian,
`size` x `size` 16-bit pixels, grouped `per-series` to a series and two series to a study,
each study its own patient and accession number — what a PACS export of a few studies looks
like. Pixel values vary per file, so every file has its own content hash.
"""

import argparse
import os
import random

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
UID_ROOT = "1.2.826.0.1.3680043.8.498."


def uid(rng):
    return UID_ROOT + str(rng.getrandbits(96))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--per-series", type=int, default=100)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    numbers = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)

    study = series = None
    for index in range(args.count):
        if index % args.per_series == 0:
            if index % (2 * args.per_series) == 0:
                study = {"uid": uid(rng), "patient": f"PAT{index // (2 * args.per_series):05d}",
                         "accession": f"ACC{rng.getrandbits(32):010d}",
                         "date": f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"}
            series = {"uid": uid(rng), "number": (index // args.per_series) % 2 + 1}
        ds = Dataset()
        ds.SOPClassUID = CT_IMAGE
        ds.SOPInstanceUID = uid(rng)
        ds.StudyDate = study["date"]
        ds.StudyTime = "101500"
        ds.AccessionNumber = study["accession"]
        ds.Modality = "CT"
        ds.StudyDescription = "CT CHEST"
        ds.PatientName = f"PATIENT^{study['patient']}"
        ds.PatientID = study["patient"]
        ds.PatientBirthDate = "19600101"
        ds.PatientSex = rng.choice("MF")
        ds.StudyInstanceUID = study["uid"]
        ds.SeriesInstanceUID = series["uid"]
        ds.SeriesNumber = series["number"]
        ds.InstanceNumber = index % args.per_series + 1
        ds.ImagePositionPatient = [-150.0, -150.0, float(index % args.per_series) * 1.25]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = args.size
        ds.Columns = args.size
        ds.PixelSpacing = [0.7, 0.7]
        ds.BitsAllocated = 16
        ds.BitsStored = 12
        ds.HighBit = 11
        ds.PixelRepresentation = 0
        pixels = numbers.integers(0, 4096, size=(args.size, args.size), dtype=np.uint16)
        ds.PixelData = pixels.tobytes()
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = ds.SOPClassUID
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta = meta
        pydicom.dcmwrite(os.path.join(args.out, f"{index:05d}.dcm"), ds, enforce_file_format=True)


if __name__ == "__main__":
    main()
