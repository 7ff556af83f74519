import Ontology

/// Checks annotations against the images, documents and concepts they refer to, before
/// anything is stored.
///
/// Every check is a pure function: it returns normally or throws the first
/// ``AnnotationError`` it finds, and never writes. Persisting is the store's job.
///
/// ```swift
/// let validator = AnnotationValidator(ontology: ontology)
/// try validator.validate(region, on: ImageGeometry(dataSet: file.dataSet))
/// try validator.validate(span, in: reportText)
/// ```
public struct AnnotationValidator: Sendable {
    /// The concepts labels may use.
    public let ontology: Ontology

    public init(ontology: Ontology) {
        self.ontology = ontology
    }

    /// A region: its frame exists in `image`, its shape is well formed and inside that frame,
    /// and its concept (if any) is known.
    public func validate(_ region: Region, on image: ImageGeometry) throws(AnnotationError) {
        let frame = try Self.frame(region.frame.frameIndex, of: image)
        try region.shape.validate(on: frame)
        if let concept = region.concept { try requireKnown(concept, role: "region") }
    }

    /// A mask: segment numbers are unique and at least 1, their category and type concepts are
    /// known, every plane belongs to a defined segment and to a frame of an image in `images`
    /// (keyed by SOP Instance UID), no segment has two planes on one frame, and every plane has
    /// the size of the mask and of its frame.
    public func validate(_ mask: Mask, images: [String: ImageGeometry]) throws(AnnotationError) {
        var numbers: Set<Int> = []
        for segment in mask.segments {
            guard segment.number >= 1, numbers.insert(segment.number).inserted else {
                throw .invalidSegmentNumber(segment.number)
            }
            try requireKnown(segment.category, role: "segment \(segment.number) category")
            try requireKnown(segment.type, role: "segment \(segment.number) type")
        }
        var planes: Set<PlaneKey> = []
        for plane in mask.frames {
            guard numbers.contains(plane.segmentNumber) else { throw .unknownSegment(number: plane.segmentNumber) }
            guard planes.insert(PlaneKey(segmentNumber: plane.segmentNumber, frame: plane.frame)).inserted else {
                throw .duplicatePlane(segmentNumber: plane.segmentNumber, frame: plane.frame)
            }
            guard let image = images[plane.frame.sopInstanceUID] else {
                throw .unknownImage(sopInstanceUID: plane.frame.sopInstanceUID)
            }
            let frame = try Self.frame(plane.frame.frameIndex, of: image)
            for (columns, rows) in [(mask.columns, mask.rows), (plane.pixels.columns, plane.pixels.rows)]
            where columns != frame.columns || rows != frame.rows {
                throw .maskSizeMismatch(frame: plane.frame, maskColumns: columns, maskRows: rows,
                                        imageColumns: frame.columns, imageRows: frame.rows)
            }
        }
    }

    /// A finding: its concept, laterality and location are known and its sizes are positive.
    ///
    /// That the regions and masks it groups exist is the store's to check, since only the store
    /// knows them.
    public func validate(_ finding: Finding) throws(AnnotationError) {
        try requireKnown(finding.concept, role: "finding")
        if let laterality = finding.laterality { try requireKnown(laterality, role: "laterality") }
        if let location = finding.location { try requireKnown(location, role: "location") }
        if let bad = finding.sizeMM.first(where: { !($0.isFinite && $0 > 0) }) { throw .invalidSize(bad) }
    }

    /// A text span: `start ..< end` is a non-empty range of Unicode scalar offsets inside
    /// `document` (the full text of the span's document), and its concept is known.
    public func validate(_ span: TextSpan, in document: String) throws(AnnotationError) {
        guard span.start >= 0 else { throw .negativeSpanStart(span.start) }
        guard span.end > span.start else { throw .emptyOrReversedSpan(start: span.start, end: span.end) }
        let length = document.unicodeScalars.count
        guard span.end <= length else {
            throw .spanPastEndOfDocument(end: span.end, documentLength: length, documentID: span.documentID)
        }
        try requireKnown(span.concept, role: "span")
    }

    /// A link names its author. That its span and finding exist is the store's to check.
    public func validate(_ link: SpanFindingLink) throws(AnnotationError) {
        guard !link.author.allSatisfy(\.isWhitespace) else { throw .missingAuthor }
    }

    private struct PlaneKey: Hashable {
        var segmentNumber: Int
        var frame: FrameReference
    }

    private static func frame(_ index: Int, of image: ImageGeometry) throws(AnnotationError) -> FrameGeometry {
        guard let frame = image.frame(index) else {
            throw .frameOutOfRange(frameIndex: index, numberOfFrames: image.numberOfFrames)
        }
        return frame
    }

    private func requireKnown(_ code: ConceptCode, role: String) throws(AnnotationError) {
        guard ontology.contains(code) else { throw .unknownConcept(code, role: role) }
    }
}
