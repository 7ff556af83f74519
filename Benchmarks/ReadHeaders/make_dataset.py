"""Generates the ReadHeaders benchmark data set (never committed; run.sh puts it in a temp dir).

    python make_dataset.py OUT_DIR [--count 2000] [--seed 1] [--frames 100]

Writes
  OUT_DIR/headers/NNNNN.dcm   `count` realistic single-frame CT and MR images: about 120
                              top-level elements, several sequences (one nested), a private
                              block, values that vary per file, and 512x512 16-bit Pixel Data.
                              Three in four are Explicit VR Little Endian, one in four Implicit
                              VR Little Endian, as archives mix them.
  OUT_DIR/files.txt           their paths, one a line
  OUT_DIR/multiframe.dcm      the same kind of header with 100 frames of 512x512x16 (~50 MB)
  OUT_DIR/small.dcm           the same kind of header with a 64x64 image (~10 KB)
  OUT_DIR/ground_truth.json   the values every reader must report for headers/ (checksums)

The multi-frame and the small file differ only in Rows, Columns, Number of Frames and the
Pixel Data length, so their header-read times can be compared directly.
"""

import argparse
import json
import os
import random
import sys

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4"
UID_ROOT = "1.2.826.0.1.3680043.8.498."

FAMILY = ["SMITH", "MÜLLER", "GARCIA", "NGUYEN", "JOHANSSON", "ROSSI", "DUBOIS", "KOWALSKI", "TANAKA",
          "OKAFOR", "HANSEN", "SILVA", "O'BRIEN", "VAN DER BERG", "PATEL", "IVANOVA"]
GIVEN = ["JOHN", "MARIA", "ANNA", "PETER", "LUCIA", "AHMED", "YUKI", "OLGA", "JAMES", "SOFIA", "NOAH", "EMMA"]
CT_BODY = [("CHEST", "CT CHEST W CONTRAST", "T-D3000", "Chest"), ("ABDOMEN", "CT ABDOMEN PELVIS", "T-D4000", "Abdomen"),
           ("HEAD", "CT HEAD WO CONTRAST", "T-D1100", "Head"), ("PELVIS", "CT PELVIS", "T-D6000", "Pelvis")]
MR_BODY = [("BRAIN", "MR BRAIN W WO", "T-A0100", "Brain"), ("KNEE", "MR KNEE LEFT", "T-15710", "Knee joint"),
           ("SPINE", "MR LUMBAR SPINE", "T-11503", "Lumbar spine")]
KERNELS = ["STANDARD", "BONE", "LUNG", "SOFT", "B30f", "B70f"]
MANUFACTURERS = [("GE MEDICAL SYSTEMS", "Revolution CT"), ("SIEMENS", "SOMATOM Force"),
                 ("Philips", "IQon Spectral CT"), ("CANON_MEC", "Aquilion ONE")]


def uid(rng):
    return UID_ROOT + str(rng.randrange(10**18, 10**19)) + "." + str(rng.randrange(1, 10**6))


def ds_text(value, places=6):
    """A DS value of at most 16 characters."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text[:16] if text not in ("", "-0") else "0"


def code_item(value, scheme, meaning):
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = scheme
    item.CodeMeaning = meaning
    return item


class Study:
    def __init__(self, rng, index):
        self.modality = "MR" if index % 3 == 2 else "CT"
        self.patient_name = f"{rng.choice(FAMILY)}^{rng.choice(GIVEN)}^{rng.choice(['', 'A', 'B'])}"
        self.patient_id = f"PID{rng.randrange(10**7):07d}"
        self.birth = f"{rng.randrange(1930, 2010)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        self.sex = rng.choice("MF")
        self.age = f"{rng.randrange(18, 95):03d}Y"
        self.size = ds_text(rng.uniform(1.5, 2.0), 2)
        self.weight = ds_text(rng.uniform(50, 110), 1)
        self.date = f"2024{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        self.time = f"{rng.randrange(7, 19):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}.{rng.randrange(10**6):06d}"
        self.accession = f"A{rng.randrange(10**9):09d}"
        self.study_uid = uid(rng)
        self.series_uid = uid(rng)
        self.frame_uid = uid(rng)
        self.study_id = str(rng.randrange(1, 99999))
        self.series_number = str(rng.randrange(1, 20))
        self.body = rng.choice(MR_BODY if self.modality == "MR" else CT_BODY)
        self.manufacturer = rng.choice(MANUFACTURERS)
        self.kernel = rng.choice(KERNELS)
        self.thickness = rng.choice([0.625, 1.0, 1.25, 2.5, 3.0, 5.0])
        self.pixel_spacing = rng.uniform(0.3, 0.98)
        self.z0 = rng.uniform(-400, 100)
        self.instance = 0
        self.previous = []  # SOP Instance UIDs of earlier slices, for Referenced Image Sequence


def make_dataset(study, rng, rows, columns, frames=None):
    s = study
    s.instance += 1
    sop_class = MR_IMAGE if s.modality == "MR" else CT_IMAGE
    sop_uid = uid(rng)
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"] if s.modality == "CT" else ["ORIGINAL", "PRIMARY", "M", "ND"]
    ds.InstanceCreationDate = s.date
    ds.InstanceCreationTime = s.time
    ds.InstanceCreatorUID = UID_ROOT + "1"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = s.date
    ds.StudyTime = ds.SeriesTime = s.time
    ds.AcquisitionTime = ds.ContentTime = f"{s.time[:6]}.{rng.randrange(10**6):06d}"
    ds.AccessionNumber = s.accession
    ds.Modality = s.modality
    ds.Manufacturer = s.manufacturer[0]
    ds.InstitutionName = "Concord University Hospital"
    ds.InstitutionAddress = "1 Benchmark Road^^Springfield^^12345^US"
    ds.ReferringPhysicianName = f"{rng.choice(FAMILY)}^{rng.choice(GIVEN)}^^DR"
    ds.StationName = f"{s.modality}{rng.randrange(1, 9):02d}"
    ds.StudyDescription = s.body[1]
    ds.ProcedureCodeSequence = Sequence([code_item(f"RPID{rng.randrange(1000)}", "99LOCAL", s.body[1])])
    ds.SeriesDescription = f"{s.body[0]} {s.kernel} {s.thickness}mm"
    ds.InstitutionalDepartmentName = "Radiology"
    ds.PerformingPhysicianName = f"{rng.choice(FAMILY)}^{rng.choice(GIVEN)}"
    ds.OperatorsName = [f"{rng.choice(FAMILY)}^{rng.choice(GIVEN)}", f"{rng.choice(FAMILY)}^{rng.choice(GIVEN)}"]
    ds.ManufacturerModelName = s.manufacturer[1]
    study_ref = Dataset()
    study_ref.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    study_ref.ReferencedSOPInstanceUID = uid(rng)
    ds.ReferencedStudySequence = Sequence([study_ref])
    refs = []
    for ref_uid in s.previous[-3:]:
        item = Dataset()
        item.ReferencedSOPClassUID = sop_class
        item.ReferencedSOPInstanceUID = ref_uid
        refs.append(item)
    if not refs:
        item = Dataset()
        item.ReferencedSOPClassUID = sop_class
        item.ReferencedSOPInstanceUID = uid(rng)
        refs.append(item)
    ds.ReferencedImageSequence = Sequence(refs)
    ds.DerivationDescription = "Reconstructed from raw data"
    ds.PatientName = s.patient_name
    ds.PatientID = s.patient_id
    ds.IssuerOfPatientID = "CONCORD-HIS"
    ds.PatientBirthDate = s.birth
    ds.PatientSex = s.sex
    other = Dataset()
    other.PatientID = f"MRN{rng.randrange(10**8):08d}"
    other.IssuerOfPatientID = "REGIONAL"
    other.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([other])
    ds.PatientAge = s.age
    ds.PatientSize = s.size
    ds.PatientWeight = s.weight
    ds.PatientComments = "Synthetic patient for the Concord read benchmark"
    ds.ContrastBolusAgent = rng.choice(["", "OMNIPAQUE 350", "GADOVIST"])
    ds.BodyPartExamined = s.body[0]
    ds.SliceThickness = ds_text(s.thickness)
    ds.DeviceSerialNumber = str(rng.randrange(10**6, 10**7))
    ds.SoftwareVersions = ["VA40A", f"SP{rng.randrange(1, 5)}"]
    ds.ProtocolName = f"{s.body[1]} protocol {rng.randrange(1, 12)}"
    ds.PatientPosition = rng.choice(["HFS", "FFS", "HFP"])
    if s.modality == "CT":
        ds.ScanOptions = "HELICAL MODE"
        ds.KVP = ds_text(rng.choice([80, 100, 120, 140]))
        ds.DataCollectionDiameter = "500"
        ds.ReconstructionDiameter = ds_text(rng.uniform(250, 500), 3)
        ds.DistanceSourceToDetector = "1085.6"
        ds.DistanceSourceToPatient = "595"
        ds.GantryDetectorTilt = "0"
        ds.TableHeight = ds_text(rng.uniform(120, 200), 2)
        ds.RotationDirection = "CW"
        ds.ExposureTime = str(rng.randrange(300, 1500))
        ds.XRayTubeCurrent = str(rng.randrange(50, 600))
        ds.Exposure = str(rng.randrange(10, 400))
        ds.FilterType = "BODY FILTER"
        ds.GeneratorPower = str(rng.randrange(20, 100))
        ds.FocalSpots = ["0.7", "1.2"]
        ds.ConvolutionKernel = s.kernel
        ds.RevolutionTime = rng.choice([0.28, 0.35, 0.5, 1.0])
        ds.SingleCollimationWidth = 0.625
        ds.TotalCollimationWidth = 40.0
        ds.TableSpeed = rng.uniform(20, 160)
        ds.TableFeedPerRotation = rng.uniform(20, 80)
        ds.SpiralPitchFactor = rng.uniform(0.5, 1.5)
        ds.DataCollectionCenterPatient = [rng.uniform(-5, 5), rng.uniform(-200, -100), s.z0]
        ds.ReconstructionTargetCenterPatient = [rng.uniform(-5, 5), rng.uniform(-200, -100), s.z0]
        ds.CTDIvol = rng.uniform(2, 30)
        ds.CTDIPhantomTypeCodeSequence = Sequence([code_item("113691", "DCM", "IEC Body Dosimetry Phantom")])
    else:
        ds.ScanningSequence = ["SE", "IR"]
        ds.SequenceVariant = ["SK", "SP", "MP"]
        ds.ScanOptions = ["PFP", "FS"]
        ds.MRAcquisitionType = "2D"
        ds.SequenceName = "*tse2d1_15"
        ds.AngioFlag = "N"
        ds.RepetitionTime = ds_text(rng.uniform(400, 9000), 2)
        ds.EchoTime = ds_text(rng.uniform(8, 120), 3)
        ds.InversionTime = ds_text(rng.uniform(100, 2500), 1)
        ds.NumberOfAverages = "1"
        ds.ImagingFrequency = ds_text(rng.choice([63.87, 123.25]), 6)
        ds.ImagedNucleus = "1H"
        ds.EchoNumbers = "1"
        ds.MagneticFieldStrength = rng.choice(["1.5", "3"])
        ds.SpacingBetweenSlices = ds_text(s.thickness * 1.1, 3)
        ds.NumberOfPhaseEncodingSteps = str(rng.randrange(192, 512))
        ds.EchoTrainLength = str(rng.randrange(1, 32))
        ds.PercentSampling = "100"
        ds.PercentPhaseFieldOfView = ds_text(rng.uniform(70, 100), 4)
        ds.PixelBandwidth = ds_text(rng.uniform(100, 400), 3)
        ds.ReceiveCoilName = "Head_32"
        ds.TransmitCoilName = "Body"
        ds.AcquisitionMatrix = [0, 320, 256, 0]
        ds.InPlanePhaseEncodingDirection = "ROW"
        ds.FlipAngle = ds_text(rng.choice([90, 150, 180]))
        ds.VariableFlipAngleFlag = "N"
        ds.SAR = ds_text(rng.uniform(0.1, 3), 6)
        ds.dBdt = "0"
    ds.StudyInstanceUID = s.study_uid
    ds.SeriesInstanceUID = s.series_uid
    ds.StudyID = s.study_id
    ds.SeriesNumber = s.series_number
    ds.AcquisitionNumber = "1"
    ds.InstanceNumber = str(s.instance)
    z = s.z0 + s.instance * s.thickness
    ds.ImagePositionPatient = [ds_text(-250 + rng.uniform(-1, 1), 4), ds_text(-250 + rng.uniform(-1, 1), 4), ds_text(z, 4)]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.FrameOfReferenceUID = s.frame_uid
    ds.PositionReferenceIndicator = "SN"
    ds.SliceLocation = ds_text(z, 4)
    ds.ImageComments = f"slice {s.instance}"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    if frames is not None:
        ds.NumberOfFrames = str(frames)
    ds.Rows = rows
    ds.Columns = columns
    ds.PixelSpacing = [ds_text(s.pixel_spacing, 6), ds_text(s.pixel_spacing, 6)]
    ds.BitsAllocated = 16
    ds.BitsStored = 12 if s.modality == "MR" else 16
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 1 if s.modality == "CT" else 0
    ds.SmallestImagePixelValue = 0
    ds.LargestImagePixelValue = rng.randrange(1000, 4095)
    ds.PixelPaddingValue = 0
    ds.WindowCenter = ["40", "-600"] if s.modality == "CT" else str(rng.randrange(200, 800))
    ds.WindowWidth = ["400", "1500"] if s.modality == "CT" else str(rng.randrange(400, 1600))
    ds.WindowCenterWidthExplanation = ["WINDOW1", "WINDOW2"] if s.modality == "CT" else "AUTO"
    if s.modality == "CT":
        ds.RescaleIntercept = "-1024"
        ds.RescaleSlope = "1"
        ds.RescaleType = "HU"
    ds.LossyImageCompression = "00"
    request = Dataset()
    request.RequestedProcedureID = f"RP{rng.randrange(10**6)}"
    request.ScheduledProcedureStepDescription = s.body[1]
    request.ScheduledProtocolCodeSequence = Sequence([code_item(s.body[2], "SRT", s.body[3])])
    request.ScheduledProcedureStepID = f"SPS{rng.randrange(10**6)}"
    ds.RequestAttributesSequence = Sequence([request])
    ds.PerformedProcedureStepStartDate = s.date
    ds.PerformedProcedureStepStartTime = s.time[:6]
    ds.PerformedProcedureStepID = f"PPS{rng.randrange(10**6)}"
    ds.PerformedProcedureStepDescription = s.body[1]
    ds.AnatomicRegionSequence = Sequence([code_item(s.body[2], "SRT", s.body[3])])
    ds.IrradiationEventUID = uid(rng) if s.modality == "CT" else None
    if ds.IrradiationEventUID is None:
        del ds.IrradiationEventUID
    # A private block as scanners write them (GE's identification group).
    block = ds.private_block(0x0009, "GEMS_IDEN_01", create=True)
    block.add_new(0x01, "LO", "GE_GENESIS_FF")
    block.add_new(0x02, "SH", "CT01")
    block.add_new(0x04, "SH", "HiSpeed CT")
    block.add_new(0x27, "SL", rng.randrange(10**9))
    block.add_new(0xE3, "UI", uid(rng))
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    ds.file_meta.ImplementationClassUID = UID_ROOT + "99"
    ds.file_meta.ImplementationVersionName = "CONCORD_BENCH"
    s.previous.append(sop_uid)
    return ds


def write(ds, path, pixels, implicit):
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian
    ds.PixelData = pixels
    ds["PixelData"].VR = "OW"
    ds.save_as(path, enforce_file_format=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--frames", type=int, default=100)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    headers = os.path.join(args.out, "headers")
    os.makedirs(headers, exist_ok=True)
    slice_pixels = rng.randbytes(512 * 512 * 2)

    paths = []
    truth = {"files": 0, "elements": 0, "name_chars": 0, "uid_chars": 0, "rows": 0, "ds_sum": 0.0}
    study = None
    for i in range(args.count):
        if i % 100 == 0:
            study = Study(rng, i // 100)
        ds = make_dataset(study, rng, 512, 512)
        path = os.path.join(headers, f"{i:05d}.dcm")
        write(ds, path, slice_pixels, implicit=(i % 4 == 3))
        paths.append(path)
        truth["files"] += 1
        truth["elements"] += len(ds)
        truth["name_chars"] += len(ds.PatientName.family_name)
        truth["uid_chars"] += len(ds.StudyInstanceUID)
        truth["rows"] += ds.Rows
        truth["ds_sum"] += float(ds.SliceThickness)
    truth["elements"] -= truth["files"]  # Pixel Data is not part of a header read
    truth["ds_sum"] = round(truth["ds_sum"], 4)

    with open(os.path.join(args.out, "files.txt"), "w") as f:
        f.write("\n".join(paths) + "\n")
    with open(os.path.join(args.out, "ground_truth.json"), "w") as f:
        json.dump(truth, f)

    # The multi-frame and the small file share one header (same RNG state for both).
    state = rng.getstate()
    mf_study = Study(rng, 0)
    mf = make_dataset(mf_study, rng, 512, 512, frames=args.frames)
    write(mf, os.path.join(args.out, "multiframe.dcm"), slice_pixels * args.frames, implicit=False)
    rng.setstate(state)
    small_study = Study(rng, 0)
    small = make_dataset(small_study, rng, 64, 64, frames=1)
    write(small, os.path.join(args.out, "small.dcm"), slice_pixels[: 64 * 64 * 2], implicit=False)

    size = sum(os.path.getsize(p) for p in paths)
    print(f"wrote {len(paths)} files ({size / 2**20:.0f} MiB), multiframe.dcm "
          f"({os.path.getsize(os.path.join(args.out, 'multiframe.dcm')) / 2**20:.1f} MiB), small.dcm "
          f"({os.path.getsize(os.path.join(args.out, 'small.dcm')) / 2**10:.1f} KiB); "
          f"{truth['elements'] / len(paths):.0f} top-level header elements per file", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
