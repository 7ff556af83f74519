import Foundation

extension RegionShape {
    /// The shape's sizes in millimetres for pixels of the given spacing.
    ///
    /// Each axis is scaled by its own spacing before any length is taken, so anisotropic
    /// pixels measure correctly: a step of (Δcolumn, Δrow) pixels is
    /// √((Δcolumn·spacing.column)² + (Δrow·spacing.row)²) mm long, and an area of A pixels is
    /// A·spacing.row·spacing.column mm². Polygon areas use the shoelace formula, which assumes
    /// the outline does not cross itself. Ellipse perimeters are exact (Gauss–Kummer, through
    /// the arithmetic–geometric mean), not an approximation.
    ///
    /// ```swift
    /// let spacing = PixelSpacing(row: 0.5, column: 2)
    /// RegionShape.rectangle(origin: PixelPoint(column: 0, row: 0), width: 3, height: 4)
    ///     .measurements(spacing: spacing)   // 6 × 2 mm: area 12 mm², perimeter 16 mm
    /// ```
    public func measurements(spacing: PixelSpacing) -> ShapeMeasurements {
        switch self {
        case .point:
            return ShapeMeasurements()
        case .polyline(let points):
            return ShapeMeasurements(lengthMM: Self.pathLength(points, closed: false, spacing: spacing))
        case .polygon(let points):
            return ShapeMeasurements(areaMM2: Self.shoelaceArea(points) * spacing.pixelArea,
                                     perimeterMM: Self.pathLength(points, closed: true, spacing: spacing))
        case .rectangle(_, let width, let height):
            let horizontal = abs(width) * spacing.column
            let vertical = abs(height) * spacing.row
            return ShapeMeasurements(areaMM2: horizontal * vertical, perimeterMM: 2 * (horizontal + vertical),
                                     horizontalAxisMM: horizontal, verticalAxisMM: vertical)
        case .ellipse(_, let columnRadius, let rowRadius):
            let a = abs(columnRadius) * spacing.column
            let b = abs(rowRadius) * spacing.row
            return ShapeMeasurements(areaMM2: Double.pi * a * b, perimeterMM: Self.ellipsePerimeter(a, b),
                                     horizontalAxisMM: 2 * a, verticalAxisMM: 2 * b)
        }
    }

    static func pathLength(_ points: [PixelPoint], closed: Bool, spacing: PixelSpacing) -> Double {
        guard points.count > 1 else { return 0 }
        var total = 0.0
        for (from, to) in zip(points, points.dropFirst()) {
            total += hypot((to.column - from.column) * spacing.column, (to.row - from.row) * spacing.row)
        }
        if closed, let last = points.last, let first = points.first {
            total += hypot((first.column - last.column) * spacing.column, (first.row - last.row) * spacing.row)
        }
        return total
    }

    /// Area in square pixels of the polygon through `points` (closed implicitly).
    static func shoelaceArea(_ points: [PixelPoint]) -> Double {
        guard points.count > 2, let last = points.last else { return 0 }
        var twiceArea = 0.0
        var previous = last
        for point in points {
            twiceArea += previous.column * point.row - point.column * previous.row
            previous = point
        }
        return abs(twiceArea) / 2
    }

    /// Perimeter of an ellipse with semi-axes `a` and `b`:
    /// 2π/AGM(a, b) · (a² − Σₙ 2ⁿ⁻¹ cₙ²), with c₀² = a² − b² and cₙ₊₁ = (aₙ − bₙ)/2.
    static func ellipsePerimeter(_ a: Double, _ b: Double) -> Double {
        var (x, y) = (max(a, b), min(a, b))
        guard x > 0 else { return 0 }
        var sum = (x * x - y * y) / 2
        var weight = 1.0
        // Converges quadratically; 40 rounds is far beyond what Double can resolve.
        for _ in 0..<40 where x - y > x * 1e-16 {
            let c = (x - y) / 2
            (x, y) = ((x + y) / 2, (x * y).squareRoot())
            sum += weight * c * c
            weight *= 2
        }
        return 2 * Double.pi / x * (max(a, b) * max(a, b) - sum)
    }
}

extension FrameGeometry {
    /// The sizes of `shape` in millimetres, or nil when the frame's pixel spacing is unknown —
    /// Concord never assumes a spacing the image does not state.
    public func measurements(of shape: RegionShape) -> ShapeMeasurements? {
        pixelSpacing.map { shape.measurements(spacing: $0) }
    }
}
