import DICOM
import Foundation

/// A small CT-like DICOM instance built with the project's own writer, described by the
/// attributes the store files it under. Change `seed` to change the pixel bytes (and so the
/// file's bytes) without changing its UIDs.
struct SyntheticInstance {
    var patientID = "PAT-1"
    var patientName = "Doe^Jane"
    var birthDate = "19700101"
    var studyUID = "2.25.1001"
    var seriesUID = "2.25.1001.1"
    var sopUID = "2.25.1001.1.1"
    var modality = "CT"
    var studyDate = "20240115"
    var accession: String? = "ACC-1"
    var seriesNumber = 1
    var instanceNumber = 1
    var rows = 4
    var columns = 4
    var pixelSpacing: [Double]? = [0.5, 0.75]
    var position: [Double]? = [-100, -120.5, 42]
    var orientation: [Double]? = [1, 0, 0, 0, 1, 0]
    /// Positions of the frames of an enhanced multi-frame object (per-frame functional groups);
    /// nil for a single-frame image.
    var framePositions: [[Double]]?
    var seed: UInt8 = 0

    func bytes() throws -> [UInt8] {
        var elements: [DataElement] = [
            Self.text(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.2"),
            Self.text(.sopInstanceUID, .UI, sopUID),
            Self.text(.studyDate, .DA, studyDate),
            Self.text(.studyTime, .TM, "101500"),
            Self.text(.modality, .CS, modality),
            Self.text(.studyDescription, .LO, "CT chest"),
            Self.text(.patientName, .PN, patientName),
            Self.text(.patientID, .LO, patientID),
            Self.text(.patientBirthDate, .DA, birthDate),
            Self.text(.patientSex, .CS, "F"),
            Self.text(.studyInstanceUID, .UI, studyUID),
            Self.text(.seriesInstanceUID, .UI, seriesUID),
            Self.text(.seriesNumber, .IS, String(seriesNumber)),
            Self.text(.instanceNumber, .IS, String(instanceNumber)),
            Self.unsignedShort(.samplesPerPixel, 1),
            Self.text(.photometricInterpretation, .CS, "MONOCHROME2"),
            Self.unsignedShort(.rows, rows),
            Self.unsignedShort(.columns, columns),
            Self.unsignedShort(.bitsAllocated, 8),
            Self.unsignedShort(.bitsStored, 8),
            Self.unsignedShort(.highBit, 7),
            Self.unsignedShort(.pixelRepresentation, 0),
        ]
        if let accession { elements.append(Self.text(.accessionNumber, .SH, accession)) }
        if let pixelSpacing { elements.append(Self.text(.pixelSpacing, .DS, Self.decimals(pixelSpacing))) }
        let frameCount = framePositions?.count ?? 1
        if let framePositions {
            elements.append(Self.text(.numberOfFrames, .IS, String(framePositions.count)))
            let perFrame = framePositions.map { position in
                DataSet(elements: [Self.sequence(.planePositionSequence, [
                    DataSet(elements: [Self.text(.imagePositionPatient, .DS, Self.decimals(position))]),
                ])])
            }
            var shared: [DataElement] = []
            if let orientation {
                shared.append(Self.sequence(.planeOrientationSequence, [
                    DataSet(elements: [Self.text(.imageOrientationPatient, .DS, Self.decimals(orientation))]),
                ]))
            }
            elements.append(Self.sequence(.sharedFunctionalGroupsSequence, [DataSet(elements: shared)]))
            elements.append(Self.sequence(.perFrameFunctionalGroupsSequence, perFrame))
        } else {
            if let position { elements.append(Self.text(.imagePositionPatient, .DS, Self.decimals(position))) }
            if let orientation { elements.append(Self.text(.imageOrientationPatient, .DS, Self.decimals(orientation))) }
        }
        let pixelCount = rows * columns * frameCount
        let pixels = (0..<pixelCount + pixelCount % 2).map { UInt8(truncatingIfNeeded: $0 &+ Int(seed)) }
        elements.append(DataElement(tag: .pixelData, vr: .OB, value: .bytes(ByteSlice(copying: pixels))))
        let file = DICOMFile(fileMetaInformation: DataSet(), dataSet: DataSet(elements: elements),
                             transferSyntax: .explicitVRLittleEndian)
        return try DICOMWriter().write(file)
    }

    /// Writes the file to `directory/name` and returns its path.
    @discardableResult
    func write(to directory: URL, name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes()).write(to: url)
        return url.path
    }

    /// A text value padded to even length as PS3.5 6.2 asks (UI with NUL, others with space).
    private static func text(_ tag: Tag, _ vr: VR, _ value: String) -> DataElement {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr == .UI ? 0 : 0x20) }
        return DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(copying: bytes)))
    }

    private static func unsignedShort(_ tag: Tag, _ value: Int) -> DataElement {
        DataElement(tag: tag, vr: .US, value: .bytes(ByteSlice(copying: [UInt8(value & 0xFF), UInt8(value >> 8)])))
    }

    private static func sequence(_ tag: Tag, _ items: [DataSet]) -> DataElement {
        DataElement(tag: tag, vr: .SQ, value: .sequence(items))
    }

    private static func decimals(_ values: [Double]) -> String {
        values.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }.joined(separator: "\\")
    }
}

/// A fresh temporary folder, removed when the test ends.
func temporaryDirectory(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("concord-store-tests")
        .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
