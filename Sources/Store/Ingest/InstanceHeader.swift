import Foundation
import Annotations
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
    /// Size, spacing, position and orientation of every frame; nil for an object without an
    /// image (a structured report, say) or with an image size DICOM does not allow.
    public var geometry: ImageGeometry?

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

        let geometry = try? ImageGeometry(dataSet: header)
        self.geometry = geometry
        instance = Instance(sopInstanceUID: sopUID,
                            sopClassUID: header.string(.sopClassUID).flatMap(Self.nonEmpty),
                            seriesInstanceUID: seriesUID,
                            instanceNumber: header.integers(.instanceNumber).first,
                            rows: geometry?.frames.first?.rows,
                            columns: geometry?.frames.first?.columns,
                            numberOfFrames: geometry?.numberOfFrames ?? 1,
                            pixelSpacing: geometry?.frames.first?.pixelSpacing,
                            transferSyntaxUID: file.transferSyntax.uid,
                            blob: blob, byteCount: byteCount)
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
