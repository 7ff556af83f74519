import Ontology

/// A coded observation about a study that groups the image evidence for it.
///
/// The finding says *what* (``concept``) with its attributes; the regions and masks it groups
/// say *where* on the images. Report text supports it through ``SpanFindingLink``s.
///
/// ```swift
/// let finding = Finding(studyInstanceUID: "1.2.3",
///                       concept: ConceptCode(scheme: "SCT", code: "36118008"),      // Pneumothorax
///                       laterality: ConceptCode(scheme: "SCT", code: "24028007"),   // Right
///                       regionIDs: [outline.id])
/// ```
public struct Finding: Hashable, Sendable, Codable, Identifiable {
    public var id: AnnotationID
    /// Study Instance UID (0020,000D) of the study the finding is about.
    public var studyInstanceUID: String
    /// What was found.
    public var concept: ConceptCode
    /// Which side: right, left, bilateral (a laterality concept); nil when not applicable.
    public var laterality: ConceptCode?
    /// Where in the body (an anatomy concept), such as "Right upper lobe of lung".
    public var location: ConceptCode?
    /// Size in millimetres: the largest diameter first, then any others measured
    /// (for example `[23, 15]`). Empty when not measured.
    public var sizeMM: [Double]
    /// Regions that show the finding.
    public var regionIDs: [AnnotationID]
    /// Masks that show the finding.
    public var maskIDs: [AnnotationID]
    /// Free text beside the coded meaning.
    public var note: String?

    public init(id: AnnotationID = AnnotationID(), studyInstanceUID: String, concept: ConceptCode,
                laterality: ConceptCode? = nil, location: ConceptCode? = nil, sizeMM: [Double] = [],
                regionIDs: [AnnotationID] = [], maskIDs: [AnnotationID] = [], note: String? = nil) {
        self.id = id
        self.studyInstanceUID = studyInstanceUID
        self.concept = concept
        self.laterality = laterality
        self.location = location
        self.sizeMM = sizeMM
        self.regionIDs = regionIDs
        self.maskIDs = maskIDs
        self.note = note
    }
}
