/// One series of a study: images from one acquisition or one derived set.
public struct Series: Hashable, Sendable, Codable {
    /// Series Instance UID (0020,000E).
    public var seriesInstanceUID: String
    /// Study Instance UID of the study it belongs to.
    public var studyInstanceUID: String
    /// Modality (0008,0060), for example `CT`, `MR`, `SEG`.
    public var modality: String?
    /// Series Number (0020,0011).
    public var seriesNumber: Int?
    /// Series Description (0008,103E).
    public var seriesDescription: String?
    /// Body Part Examined (0018,0015).
    public var bodyPartExamined: String?
    /// How many instances are stored for it.
    public var instanceCount: Int

    public init(seriesInstanceUID: String, studyInstanceUID: String, modality: String? = nil,
                seriesNumber: Int? = nil, seriesDescription: String? = nil,
                bodyPartExamined: String? = nil, instanceCount: Int = 0) {
        self.seriesInstanceUID = seriesInstanceUID
        self.studyInstanceUID = studyInstanceUID
        self.modality = modality
        self.seriesNumber = seriesNumber
        self.seriesDescription = seriesDescription
        self.bodyPartExamined = bodyPartExamined
        self.instanceCount = instanceCount
    }
}
