/// The outline of a region in the pixel space of one frame (see ``PixelPoint``).
///
/// Rectangles and ellipses are axis-aligned, as the ROI tools of most viewers draw them; a
/// rotated rectangle is a ``polygon(_:)``.
///
/// In JSON a shape is an object whose `type` names the case:
///
/// ```json
/// {"type": "polygon", "points": [{"column": 10, "row": 10}, {"column": 20, "row": 10}, {"column": 15, "row": 18}]}
/// {"type": "rectangle", "origin": {"column": 4, "row": 6}, "width": 10, "height": 5}
/// {"type": "ellipse", "center": {"column": 50, "row": 40}, "columnRadius": 8, "rowRadius": 5}
/// ```
public enum RegionShape: Hashable, Sendable {
    /// A single marked position.
    case point(PixelPoint)
    /// An open path through at least two points, such as a length measurement.
    case polyline([PixelPoint])
    /// A closed outline through at least three points; the last point joins the first
    /// without being repeated.
    case polygon([PixelPoint])
    /// An axis-aligned rectangle: `origin` is its top-left corner, `width` counts columns and
    /// `height` rows.
    case rectangle(origin: PixelPoint, width: Double, height: Double)
    /// An axis-aligned ellipse with semi-axes `columnRadius` (horizontal) and `rowRadius`
    /// (vertical), in pixels.
    case ellipse(center: PixelPoint, columnRadius: Double, rowRadius: Double)

    /// The name of the case, as JSON's `type` spells it.
    public var kind: String {
        switch self {
        case .point: "point"
        case .polyline: "polyline"
        case .polygon: "polygon"
        case .rectangle: "rectangle"
        case .ellipse: "ellipse"
        }
    }
}

extension RegionShape: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, point, points, origin, width, height, center, columnRadius, rowRadius
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "point":
            self = .point(try container.decode(PixelPoint.self, forKey: .point))
        case "polyline":
            self = .polyline(try container.decode([PixelPoint].self, forKey: .points))
        case "polygon":
            self = .polygon(try container.decode([PixelPoint].self, forKey: .points))
        case "rectangle":
            self = .rectangle(origin: try container.decode(PixelPoint.self, forKey: .origin),
                              width: try container.decode(Double.self, forKey: .width),
                              height: try container.decode(Double.self, forKey: .height))
        case "ellipse":
            self = .ellipse(center: try container.decode(PixelPoint.self, forKey: .center),
                            columnRadius: try container.decode(Double.self, forKey: .columnRadius),
                            rowRadius: try container.decode(Double.self, forKey: .rowRadius))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown shape type \"\(type)\"; expected point, polyline, polygon, rectangle or ellipse")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .type)
        switch self {
        case .point(let point):
            try container.encode(point, forKey: .point)
        case .polyline(let points), .polygon(let points):
            try container.encode(points, forKey: .points)
        case .rectangle(let origin, let width, let height):
            try container.encode(origin, forKey: .origin)
            try container.encode(width, forKey: .width)
            try container.encode(height, forKey: .height)
        case .ellipse(let center, let columnRadius, let rowRadius):
            try container.encode(center, forKey: .center)
            try container.encode(columnRadius, forKey: .columnRadius)
            try container.encode(rowRadius, forKey: .rowRadius)
        }
    }
}
