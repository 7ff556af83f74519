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

    /// The segment with this number, or nil.
    public func segment(_ number: Int) -> Segment? {
        segments.first { $0.number == number }
    }
}

/// One segment's plane on one image frame.
public struct MaskFrame: Hashable, Sendable, Codable {
    /// The ``Segment/number`` the plane belongs to.
    public var segmentNumber: Int
    /// The image frame the plane lies on.
    public var frame: FrameReference
    public var pixels: MaskPixels

    public init(segmentNumber: Int, frame: FrameReference, pixels: MaskPixels) {
        self.segmentNumber = segmentNumber
        self.frame = frame
        self.pixels = pixels
    }
}

/// The pixels of a mask plane: binary (run-length encoded) or fractional.
///
/// In JSON: `{"binary": {"rows": …, "columns": …, "runs": […]}}` or
/// `{"fractional": {"rows": …, "columns": …, "values": "…base64…"}}`.
public enum MaskPixels: Hashable, Sendable {
    case binary(RunLengthBitPlane)
    case fractional(FractionalPlane)

    public var rows: Int {
        switch self {
        case .binary(let plane): plane.rows
        case .fractional(let plane): plane.rows
        }
    }

    public var columns: Int {
        switch self {
        case .binary(let plane): plane.columns
        case .fractional(let plane): plane.columns
        }
    }
}

extension MaskPixels: Codable {
    private enum CodingKeys: String, CodingKey { case binary, fractional }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let plane = try container.decodeIfPresent(RunLengthBitPlane.self, forKey: .binary) {
            self = .binary(plane)
        } else if let plane = try container.decodeIfPresent(FractionalPlane.self, forKey: .fractional) {
            self = .fractional(plane)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "mask pixels need a \"binary\" or \"fractional\" plane"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .binary(let plane): try container.encode(plane, forKey: .binary)
        case .fractional(let plane): try container.encode(plane, forKey: .fractional)
        }
    }
}
