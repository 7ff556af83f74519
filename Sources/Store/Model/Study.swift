/// One imaging study as stored: the study-level header facts and a count of what it holds.
public struct Study: Hashable, Sendable, Codable {
    /// Study Instance UID (0020,000D).
    public var studyInstanceUID: String
    /// The pseudonym of the patient (``Patient/pseudonym``).
    public var patientPseudonym: String
    /// Study Date (0008,0020) as `YYYY-MM-DD`, when the header has a valid one.
    public var studyDate: String?
    /// Study Time (0008,0030) as written in the header (`HHMMSS.FFFFFF`).
    public var studyTime: String?
    /// Accession Number (0008,0050): the order number the RIS and the report use.
    public var accessionNumber: String?
    /// Study Description (0008,1030).
    public var studyDescription: String?
    /// The distinct Modality (0008,0060) values of its series, sorted.
    public var modalities: [String]
    /// How many series and instances are stored for it.
    public var seriesCount: Int
    public var instanceCount: Int

    public init(studyInstanceUID: String, patientPseudonym: String, studyDate: String? = nil,
                studyTime: String? = nil, accessionNumber: String? = nil,
                studyDescription: String? = nil, modalities: [String] = [],
                seriesCount: Int = 0, instanceCount: Int = 0) {
        self.studyInstanceUID = studyInstanceUID
        self.patientPseudonym = patientPseudonym
        self.studyDate = studyDate
        self.studyTime = studyTime
        self.accessionNumber = accessionNumber
        self.studyDescription = studyDescription
        self.modalities = modalities
        self.seriesCount = seriesCount
        self.instanceCount = instanceCount
    }
}
