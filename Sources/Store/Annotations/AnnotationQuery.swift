import Annotations
import Ontology

/// Which current annotations to list. Every criterion that is set must hold; nil means "any".
///
/// ```swift
/// // Everything drawn on the third frame of one image:
/// let onFrame = try store.annotations(matching: AnnotationQuery(sopInstanceUID: uid, frameIndex: 2))
/// ```
public struct AnnotationQuery: Hashable, Sendable {
    public var kind: AnnotationKind?
    /// Study Instance UID the object belongs to (through its image, series, document or finding).
    public var studyInstanceUID: String?
    /// Series Instance UID of the images a region or mask is drawn on.
    public var seriesInstanceUID: String?
    /// SOP Instance UID of an image a region or mask is drawn on.
    public var sopInstanceUID: String?
    /// 0-based frame index a region or mask plane lies on (with ``sopInstanceUID``).
    public var frameIndex: Int?
    /// Author of the current version.
    public var author: String?
    /// A concept the object is labelled with (see ``Annotation/concepts``).
    public var concept: ConceptCode?

    public init(kind: AnnotationKind? = nil, studyInstanceUID: String? = nil, seriesInstanceUID: String? = nil,
                sopInstanceUID: String? = nil, frameIndex: Int? = nil, author: String? = nil,
                concept: ConceptCode? = nil) {
        self.kind = kind
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.frameIndex = frameIndex
        self.author = author
        self.concept = concept
    }
}
