/// The geometry of every frame of one image instance.
///
/// Single-frame images have one entry; enhanced multi-frame images have one per frame, each
/// with its own position (and possibly orientation and spacing) from the functional groups.
/// Build it from a data set with ``init(dataSet:)``.
public struct ImageGeometry: Hashable, Sendable, Codable {
    /// One entry per frame, in frame order (index 0 is DICOM frame number 1).
    public var frames: [FrameGeometry]

    public init(frames: [FrameGeometry]) {
        self.frames = frames
    }

    /// Number of Frames (0028,0008), or 1 for a single-frame image.
    public var numberOfFrames: Int { frames.count }

    /// The geometry of a frame, or nil when `index` is not a frame of the image.
    public func frame(_ index: Int) -> FrameGeometry? {
        frames.indices.contains(index) ? frames[index] : nil
    }
}
