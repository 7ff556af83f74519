/// A position in the pixel space of one frame.
///
/// `column` runs left to right and `row` top to bottom, both 0-based and continuous: the
/// top-left corner of the image is (0, 0), the centre of the top-left pixel is (0.5, 0.5), and
/// the bottom-right corner of a 512 × 512 frame is (512, 512).
///
/// ```swift
/// let centreOfFirstPixel = PixelPoint(column: 0.5, row: 0.5)
/// ```
public struct PixelPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Horizontal position, in pixels from the left edge.
    public var column: Double
    /// Vertical position, in pixels from the top edge.
    public var row: Double

    public init(column: Double, row: Double) {
        self.column = column
        self.row = row
    }

    /// Whether both coordinates are finite numbers (not NaN or infinity).
    public var isFinite: Bool { column.isFinite && row.isFinite }

    public var description: String { "(column \(column), row \(row))" }
}
