/// Where one frame of an instance lies in the patient: what turns a pixel position into mm.
///
/// For a single-frame image it comes from Image Position (Patient) (0020,0032) and Image
/// Orientation (Patient) (0020,0037); for an enhanced multi-frame object from the Plane Position
/// and Plane Orientation sequences of the per-frame (or shared) functional groups.
public struct FrameGeometry: Hashable, Sendable, Codable {
    /// 1-based frame number, as DICOM counts frames.
    public var frameNumber: Int
    /// x, y, z in mm of the centre of the first transmitted pixel.
    public var imagePosition: [Double]?
    /// Direction cosines of the first row, then of the first column (six values).
    public var imageOrientation: [Double]?

    public init(frameNumber: Int, imagePosition: [Double]?, imageOrientation: [Double]?) {
        self.frameNumber = frameNumber
        self.imagePosition = imagePosition
        self.imageOrientation = imageOrientation
    }
}
