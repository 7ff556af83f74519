extension RegionShape {
    /// Checks that the shape is well formed and lies on `frame`.
    ///
    /// - Throws: ``AnnotationError/nonFiniteGeometry(shape:value:)``,
    ///   ``AnnotationError/tooFewPoints(shape:count:minimum:)``, ``AnnotationError/zeroLength(shape:)``,
    ///   ``AnnotationError/zeroArea(shape:)``, ``AnnotationError/nonPositiveSize(shape:width:height:)`` or
    ///   ``AnnotationError/pointOutOfBounds(_:columns:rows:)``, in that order of checking.
    public func validate(on frame: FrameGeometry) throws(AnnotationError) {
        switch self {
        case .point(let point):
            try Self.requireFinite([point], shape: kind)
            try Self.requireInside([point], frame)
        case .polyline(let points):
            try Self.requireFinite(points, shape: kind)
            guard points.count >= 2 else { throw .tooFewPoints(shape: kind, count: points.count, minimum: 2) }
            guard points.contains(where: { $0 != points[0] }) else { throw .zeroLength(shape: kind) }
            try Self.requireInside(points, frame)
        case .polygon(let points):
            try Self.requireFinite(points, shape: kind)
            guard points.count >= 3 else { throw .tooFewPoints(shape: kind, count: points.count, minimum: 3) }
            guard Self.shoelaceArea(points) > 0 else { throw .zeroArea(shape: kind) }
            try Self.requireInside(points, frame)
        case .rectangle(let origin, let width, let height):
            try Self.requireFinite([origin], shape: kind)
            try Self.requireFinite(size: width, height, shape: kind)
            guard width > 0, height > 0 else { throw .nonPositiveSize(shape: kind, width: width, height: height) }
            try Self.requireInside([origin, PixelPoint(column: origin.column + width, row: origin.row + height)], frame)
        case .ellipse(let center, let columnRadius, let rowRadius):
            try Self.requireFinite([center], shape: kind)
            try Self.requireFinite(size: columnRadius, rowRadius, shape: kind)
            guard columnRadius > 0, rowRadius > 0 else {
                throw .nonPositiveSize(shape: kind, width: 2 * columnRadius, height: 2 * rowRadius)
            }
            try Self.requireInside([PixelPoint(column: center.column - columnRadius, row: center.row - rowRadius),
                                    PixelPoint(column: center.column + columnRadius, row: center.row + rowRadius)], frame)
        }
    }

    private static func requireFinite(_ points: [PixelPoint], shape: String) throws(AnnotationError) {
        if let bad = points.first(where: { !$0.isFinite }) {
            throw .nonFiniteGeometry(shape: shape, value: bad.description)
        }
    }

    private static func requireFinite(size first: Double, _ second: Double, shape: String) throws(AnnotationError) {
        if let bad = [first, second].first(where: { !$0.isFinite }) {
            throw .nonFiniteGeometry(shape: shape, value: "\(bad)")
        }
    }

    private static func requireInside(_ points: [PixelPoint], _ frame: FrameGeometry) throws(AnnotationError) {
        if let outside = points.first(where: { !frame.contains($0) }) {
            throw .pointOutOfBounds(outside, columns: frame.columns, rows: frame.rows)
        }
    }
}
