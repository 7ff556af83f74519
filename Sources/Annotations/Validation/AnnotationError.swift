import Ontology

/// Why an annotation was refused. Each case names the offending value so the user can fix it.
public enum AnnotationError: Error, Hashable, Sendable, CustomStringConvertible {
    // MARK: Image geometry
    /// A data set does not describe an image's size as DICOM requires.
    case invalidImageGeometry(String)
    /// The frame index is not a frame of the image.
    case frameOutOfRange(frameIndex: Int, numberOfFrames: Int)

    // MARK: Region shapes
    /// A coordinate or size is NaN or infinite.
    case nonFiniteGeometry(shape: String, value: String)
    /// A polyline with fewer than 2 points, or a polygon with fewer than 3.
    case tooFewPoints(shape: String, count: Int, minimum: Int)
    /// A point lies outside the frame's `columns × rows` extent.
    case pointOutOfBounds(PixelPoint, columns: Int, rows: Int)
    /// A polyline whose points all coincide.
    case zeroLength(shape: String)
    /// A polygon whose points are all on one line, enclosing nothing.
    case zeroArea(shape: String)
    /// A rectangle or ellipse with a size or radius that is not positive.
    case nonPositiveSize(shape: String, width: Double, height: Double)

    // MARK: Masks
    /// A plane's value count does not match its stated size.
    case maskValueCountMismatch(expected: Int, actual: Int)
    /// Stored run lengths do not form a valid plane.
    case invalidRunLengths(String)
    /// A mask or plane does not have the size of the image frame it lies on.
    case maskSizeMismatch(frame: FrameReference, maskColumns: Int, maskRows: Int, imageColumns: Int, imageRows: Int)
    /// A mask plane names a segment number the mask does not define.
    case unknownSegment(number: Int)
    /// Two segments share a number, or a number is below 1.
    case invalidSegmentNumber(Int)
    /// A mask has two planes for the same segment on the same frame.
    case duplicatePlane(segmentNumber: Int, frame: FrameReference)
    /// A mask plane refers to an image the caller did not supply geometry for.
    case unknownImage(sopInstanceUID: String)

    // MARK: Concepts and text
    /// A code is not in the ontology. `role` says what it was used for ("finding", "laterality", …).
    case unknownConcept(ConceptCode, role: String)
    /// A span's end is not after its start.
    case emptyOrReversedSpan(start: Int, end: Int)
    /// A span starts before 0.
    case negativeSpanStart(Int)
    /// A span ends after the last scalar of its document.
    case spanPastEndOfDocument(end: Int, documentLength: Int, documentID: String)
    /// A size in millimetres that is not a finite positive number.
    case invalidSize(Double)
    /// A link without the user who made it.
    case missingAuthor

    public var description: String {
        switch self {
        case .invalidImageGeometry(let reason):
            return "the image geometry is invalid: \(reason)"
        case .frameOutOfRange(let index, let count):
            return "frame index \(index) is past the end of the image, which has \(count) frame\(count == 1 ? "" : "s") (indices 0..<\(count))"
        case .nonFiniteGeometry(let shape, let value):
            return "the \(shape) has a coordinate or size that is not a finite number: \(value)"
        case .tooFewPoints(let shape, let count, let minimum):
            return "a \(shape) needs at least \(minimum) points but has \(count)"
        case .pointOutOfBounds(let point, let columns, let rows):
            return "point \(point) lies outside the \(columns) × \(rows) frame (columns 0...\(columns), rows 0...\(rows))"
        case .zeroLength(let shape):
            return "all points of the \(shape) coincide, so it has no length"
        case .zeroArea(let shape):
            return "the points of the \(shape) lie on one line, so it encloses no area"
        case .nonPositiveSize(let shape, let width, let height):
            return "the \(shape) is \(width) × \(height) pixels; both must be above 0"
        case .maskValueCountMismatch(let expected, let actual):
            return "the mask plane has \(actual) values but its size needs \(expected)"
        case .invalidRunLengths(let reason):
            return "invalid run lengths: \(reason)"
        case .maskSizeMismatch(let frame, let maskColumns, let maskRows, let imageColumns, let imageRows):
            return "the mask is \(maskColumns) × \(maskRows) pixels but \(frame) is \(imageColumns) × \(imageRows)"
        case .unknownSegment(let number):
            return "a mask plane refers to segment \(number), which the mask does not define"
        case .invalidSegmentNumber(let number):
            return "segment number \(number) is below 1 or used twice; segment numbers are unique and start at 1"
        case .duplicatePlane(let number, let frame):
            return "the mask has two planes for segment \(number) on \(frame); each segment has at most one plane per frame"
        case .unknownImage(let uid):
            return "no image geometry for SOP Instance UID \(uid); ingest the image before annotating it"
        case .unknownConcept(let code, let role):
            return "the \(role) concept \(code) is not in the ontology"
        case .emptyOrReversedSpan(let start, let end):
            return "the span \(start)..<\(end) is empty or reversed; its end must be after its start"
        case .negativeSpanStart(let start):
            return "the span starts at \(start); offsets start at 0"
        case .spanPastEndOfDocument(let end, let length, let documentID):
            return "the span ends at \(end), past the end of document \(documentID), which has \(length) Unicode scalars"
        case .invalidSize(let size):
            return "size \(size) mm is not a positive finite number"
        case .missingAuthor:
            return "the link names no author; every link records the user who made it"
        }
    }
}
