/// A segmentation of a series: its segments and, for each segment, one plane per frame it
/// covers — like a DICOM SEG instance.
///
/// Frames the mask does not list are empty for every segment. All planes have the mask's
/// ``rows`` and ``columns``, which must match the frames they belong to
/// (``AnnotationValidator`` checks this against the image geometry).
///
/// ```swift
/// let plane = try RunLengthBitPlane(rows: 512, columns: 512, pixels: bitmap)
/// let mask = Mask(seriesInstanceUID: "1.2.3", rows: 512, columns: 512, segments: [liver],
///                 frames: [MaskFrame(segmentNumber: 1, frame: FrameReference(sopInstanceUID: "1.2.3.7"),
///                                    pixels: .binary(plane))])
/// ```
public struct Mask: Hashable, Sendable, Codable, Identifiable {
    public var id: AnnotationID
    /// Series Instance UID (0020,000E) of the images segmented.
    public var seriesInstanceUID: String
    /// Height of every plane, in pixels.
    public var rows: Int
    /// Width of every plane, in pixels.
    public var columns: Int
    public var segments: [Segment]
    public var frames: [MaskFrame]

    public init(id: AnnotationID = AnnotationID(), seriesInstanceUID: String, rows: Int, columns: Int,
                segments: [Segment], frames: [MaskFrame]) {
        self.id = id
        self.seriesInstanceUID = seriesInstanceUID
        self.rows = rows
        self.columns = columns
        self.segments = segments
        self.frames = frames
    }
}
