/// Which studies to list. Every criterion that is set must hold; nil means "any".
///
/// ```swift
/// var query = StudyQuery()
/// query.modality = "CT"
/// query.dates = "2024-01-01"..."2024-03-31"
/// let studies = try store.studies(matching: query)
/// ```
public struct StudyQuery: Hashable, Sendable {
    /// A patient's DICOM Patient ID or Concord pseudonym.
    public var patient: String?
    /// Study dates as `YYYY-MM-DD`, inclusive at both ends.
    public var dates: ClosedRange<String>?
    /// A Modality that at least one series of the study has.
    public var modality: String?
    /// The exact Accession Number.
    public var accessionNumber: String?

    public init(patient: String? = nil, dates: ClosedRange<String>? = nil, modality: String? = nil,
                accessionNumber: String? = nil) {
        self.patient = patient
        self.dates = dates
        self.modality = modality
        self.accessionNumber = accessionNumber
    }
}
