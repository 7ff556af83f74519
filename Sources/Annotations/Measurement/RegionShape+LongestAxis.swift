extension RegionShape {
    /// The longest straight distance across the shape, in millimetres: what a radiologist
    /// reports as a lesion's size ("8 mm nodule").
    ///
    /// For a polygon or polyline, the greatest distance between two of its vertices; for a
    /// rectangle or an ellipse, the longer of its two axes along the image rows and columns; a
    /// point has none.
    ///
    /// ```swift
    /// let line = RegionShape.polyline([PixelPoint(column: 0, row: 0), PixelPoint(column: 3, row: 4)])
    /// line.longestAxis(spacing: PixelSpacing(row: 2, column: 2))   // 10.0
    /// ```
    public func longestAxis(spacing: PixelSpacing) -> Double? {
        switch self {
        case .point:
            return nil
        case let .polyline(points), let .polygon(points):
            var longest: Double?
            for (index, a) in points.enumerated() {
                for b in points[(index + 1)...] {
                    let across = (a.column - b.column) * spacing.column
                    let down = (a.row - b.row) * spacing.row
                    longest = max(longest ?? 0, (across * across + down * down).squareRoot())
                }
            }
            return longest
        case let .rectangle(_, width, height):
            return max(width * spacing.column, height * spacing.row)
        case let .ellipse(_, columnRadius, rowRadius):
            return max(2 * columnRadius * spacing.column, 2 * rowRadius * spacing.row)
        }
    }
}
