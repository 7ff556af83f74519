import Foundation
import DICOM

/// The facts the store files an instance under, read from its header.
///
/// Everything here comes from elements before Pixel Data, so a header-only read
/// (``ReadOptions/stopBeforePixelData``) is enough to build it.
public struct InstanceHeader: Hashable, Sendable {
    public var patient: Patient
    public var study: Study
    public var series: Series
    /// The instance; its ``Instance/blob`` and ``Instance/byteCount`` are filled in by the caller
    /// that hashed the bytes.
    public var instance: Instance
    /// Geometry of each frame that has any, in frame order.
    public var frames: [FrameGeometry]

    /// Reads the header of `file`.
    ///
    /// - Throws: ``StoreError/missingAttribute(keyword:)`` when the Study, Series or SOP Instance
    ///   UID is absent, since without them an instance cannot be filed or recognised again.
    public init(file: DICOMFile, blob: ContentAddress, byteCount: Int) throws(StoreError) {
        let header = file.dataSet
        func required(_ tag: Tag, _ keyword: String) throws(StoreError) -> String {
            guard let value = header.string(tag), !value.isEmpty else { throw .missingAttribute(keyword: keyword) }
            return value
        }
        let studyUID = try required(.studyInstanceUID, "StudyInstanceUID")
        let seriesUID = try required(.seriesInstanceUID, "SeriesInstanceUID")
        let sopUID = try required(.sopInstanceUID, "SOPInstanceUID")

        // The pseudonym is assigned by the store when the patient is first seen.
        patient = Patient(pseudonym: "",
                          patientID: header.string(.patientID) ?? "",
                          issuerOfPatientID: header.string(.issuerOfPatientID) ?? "",
                          name: header.string(.patientName).flatMap(Self.nonEmpty),
                          birthDate: header.dates(.patientBirthDate).first.map(Self.isoDate),
                          sex: header.string(.patientSex).flatMap(Self.nonEmpty))
        study = Study(studyInstanceUID: studyUID, patientPseudonym: "",
                      studyDate: header.dates(.studyDate).first.map(Self.isoDate),
                      studyTime: header.string(.studyTime).flatMap(Self.nonEmpty),
                      accessionNumber: header.string(.accessionNumber).flatMap(Self.nonEmpty),
                      studyDescription: header.string(.studyDescription).flatMap(Self.nonEmpty))
        series = Series(seriesInstanceUID: seriesUID, studyInstanceUID: studyUID,
                        modality: header.string(.modality).flatMap(Self.nonEmpty),
                        seriesNumber: header.integers(.seriesNumber).first,
                        seriesDescription: header.string(.seriesDescription).flatMap(Self.nonEmpty),
                        bodyPartExamined: header.string(.bodyPartExamined).flatMap(Self.nonEmpty))

        let shared = header.sequence(.sharedFunctionalGroupsSequence)?.first
        let perFrame = header.sequence(.perFrameFunctionalGroupsSequence) ?? []
        let frameCount = max(header.integers(.numberOfFrames).first ?? 1, 1)
        let spacing = Self.pixelSpacing(header) ?? shared.flatMap { Self.functionalGroup($0, .pixelMeasuresSequence) }
            .flatMap(Self.pixelSpacing)
        instance = Instance(sopInstanceUID: sopUID,
                            sopClassUID: header.string(.sopClassUID).flatMap(Self.nonEmpty),
                            seriesInstanceUID: seriesUID,
                            instanceNumber: header.integers(.instanceNumber).first,
                            rows: header.integers(.rows).first,
                            columns: header.integers(.columns).first,
                            numberOfFrames: frameCount,
                            pixelSpacing: spacing,
                            transferSyntaxUID: file.transferSyntax.uid,
                            blob: blob, byteCount: byteCount)
        frames = Self.frameGeometry(header: header, shared: shared, perFrame: perFrame, frameCount: frameCount)
    }

    /// Position and orientation per frame: from the functional groups of an enhanced object
    /// (per-frame values win over shared ones), else from the top-level attributes of a
    /// single-frame image. Frames with neither are left out.
    private static func frameGeometry(header: DataSet, shared: DataSet?, perFrame: [DataSet],
                                      frameCount: Int) -> [FrameGeometry] {
        guard !perFrame.isEmpty || shared != nil else {
            let position = vector(header.doubles(.imagePositionPatient), count: 3)
            let orientation = vector(header.doubles(.imageOrientationPatient), count: 6)
            guard position != nil || orientation != nil else { return [] }
            return [FrameGeometry(frameNumber: 1, imagePosition: position, imageOrientation: orientation)]
        }
        func value(frame: DataSet?, sequence: Tag, tag: Tag, count: Int) -> [Double]? {
            if let frame, let item = functionalGroup(frame, sequence), let found = vector(item.doubles(tag), count: count) {
                return found
            }
            return shared.flatMap { functionalGroup($0, sequence) }.flatMap { vector($0.doubles(tag), count: count) }
        }
        return (0..<frameCount).compactMap { index in
            let frame = index < perFrame.count ? perFrame[index] : nil
            let position = value(frame: frame, sequence: .planePositionSequence, tag: .imagePositionPatient, count: 3)
            let orientation = value(frame: frame, sequence: .planeOrientationSequence, tag: .imageOrientationPatient, count: 6)
            guard position != nil || orientation != nil else { return nil }
            return FrameGeometry(frameNumber: index + 1, imagePosition: position, imageOrientation: orientation)
        }
    }

    private static func functionalGroup(_ group: DataSet, _ sequence: Tag) -> DataSet? {
        group.sequence(sequence)?.first
    }

    private static func pixelSpacing(_ dataSet: DataSet) -> PixelSpacing? {
        guard let values = vector(dataSet.doubles(.pixelSpacing), count: 2), values.allSatisfy({ $0 > 0 }) else { return nil }
        return PixelSpacing(betweenRows: values[0], betweenColumns: values[1])
    }

    private static func vector(_ values: [Double], count: Int) -> [Double]? {
        values.count == count && values.allSatisfy(\.isFinite) ? values : nil
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func isoDate(_ date: DICOMDate) -> String {
        date.isoString
    }
}

extension DICOMDate {
    /// `YYYY-MM-DD`, the form the store keeps dates in so that they sort and compare as text.
    var isoString: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
