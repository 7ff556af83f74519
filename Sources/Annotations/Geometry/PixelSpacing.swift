/// Physical distance between pixel centres, in millimetres, as DICOM's Pixel Spacing
/// (0028,0030) states it: first between adjacent rows, then between adjacent columns.
///
/// A step of one column moves `column` mm horizontally; a step of one row moves `row` mm
/// vertically. The two differ for anisotropic pixels, so lengths and areas must scale each
/// axis by its own spacing.
public struct PixelSpacing: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Millimetres between the centres of adjacent rows (vertical size of a pixel).
    public var row: Double
    /// Millimetres between the centres of adjacent columns (horizontal size of a pixel).
    public var column: Double

    public init(row: Double, column: Double) {
        self.row = row
        self.column = column
    }

    /// The spacing from Pixel Spacing's two values `[row, column]`; nil unless there are exactly
    /// two finite, positive values.
    public init?(dicomValues values: [Double]) {
        guard values.count == 2, values.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
        self.init(row: values[0], column: values[1])
    }

    /// Square millimetres covered by one pixel.
    public var pixelArea: Double { row * column }

    public var description: String { "\(row)\\\(column) mm" }
}
