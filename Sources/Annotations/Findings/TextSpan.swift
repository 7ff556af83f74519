import Ontology

/// A stretch of a clinical document that mentions a concept.
///
/// Offsets count Unicode scalars from the start of the document (what Python's `str` indexes)
/// and are half-open: the span covers scalars `start ..< end`.
///
/// ```swift
/// // "Small right pneumothorax."  →  "pneumothorax" is scalars 12 ..< 24
/// let span = TextSpan(documentID: "report-17", start: 12, end: 24,
///                     concept: ConceptCode(scheme: "SCT", code: "36118008"))
/// span.text(in: "Small right pneumothorax.")   // "pneumothorax"
/// ```
public struct TextSpan: Hashable, Sendable, Codable, Identifiable {
    public var id: AnnotationID
    /// The document the offsets refer to, as the store identifies it.
    public var documentID: String
    /// Offset of the first scalar of the span.
    public var start: Int
    /// Offset just past the last scalar of the span.
    public var end: Int
    /// What the text mentions.
    public var concept: ConceptCode

    public init(id: AnnotationID = AnnotationID(), documentID: String, start: Int, end: Int, concept: ConceptCode) {
        self.id = id
        self.documentID = documentID
        self.start = start
        self.end = end
        self.concept = concept
    }

    /// Number of scalars covered.
    public var length: Int { end - start }

    /// The covered text of `document`, or nil when the offsets do not fit it.
    public func text(in document: String) -> String? {
        let scalars = document.unicodeScalars
        guard start >= 0, start <= end, end <= scalars.count else { return nil }
        let from = scalars.index(scalars.startIndex, offsetBy: start)
        let to = scalars.index(from, offsetBy: end - start)
        return String(scalars[from..<to])
    }
}
