import Ontology

/// A shape drawn on one frame of an image, with the concept it marks.
///
/// ```swift
/// let nodule = Region(frame: FrameReference(sopInstanceUID: "1.2.3.4"),
///                     shape: .ellipse(center: PixelPoint(column: 120, row: 88), columnRadius: 6, rowRadius: 5),
///                     concept: ConceptCode(scheme: "SCT", code: "27925004"))
/// ```
public struct Region: Hashable, Sendable, Codable, Identifiable {
    public var id: AnnotationID
    /// The frame the shape is drawn on; its coordinates are in that frame's pixel space.
    public var frame: FrameReference
    public var shape: RegionShape
    /// What the region marks, such as a lesion or an anatomical structure; nil for an
    /// unlabelled region (a measurement, say) that a finding gives meaning to.
    public var concept: ConceptCode?
    /// Free text the annotator wrote beside the coded label.
    public var note: String?

    public init(id: AnnotationID = AnnotationID(), frame: FrameReference, shape: RegionShape,
                concept: ConceptCode? = nil, note: String? = nil) {
        self.id = id
        self.frame = frame
        self.shape = shape
        self.concept = concept
        self.note = note
    }
}
