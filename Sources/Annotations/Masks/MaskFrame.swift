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
