/// One frame of one DICOM instance: where a region is drawn or a mask plane belongs.
///
/// `frameIndex` is 0-based; DICOM's Referenced Frame Number is `frameIndex + 1`.
public struct FrameReference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The SOP Instance UID (0008,0018) of the image.
    public var sopInstanceUID: String
    /// The frame within the instance, from 0; always 0 for single-frame images.
    public var frameIndex: Int

    public init(sopInstanceUID: String, frameIndex: Int = 0) {
        self.sopInstanceUID = sopInstanceUID
        self.frameIndex = frameIndex
    }

    public var description: String { "\(sopInstanceUID) frame \(frameIndex)" }
}
