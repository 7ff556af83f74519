/// Physical sizes of a region shape, in millimetres.
///
/// Only the quantities that make sense for the shape are present: a polyline has a length,
/// closed shapes have an area and a perimeter, rectangles and ellipses also an extent along
/// each image axis. A point has none.
public struct ShapeMeasurements: Hashable, Sendable, Codable {
    /// Length of a polyline, in mm.
    public var lengthMM: Double?
    /// Enclosed area of a polygon, rectangle or ellipse, in mm².
    public var areaMM2: Double?
    /// Length of the outline of a polygon, rectangle or ellipse, in mm.
    public var perimeterMM: Double?
    /// Width (along a row) of a rectangle, or the horizontal diameter of an ellipse, in mm.
    public var horizontalAxisMM: Double?
    /// Height (down a column) of a rectangle, or the vertical diameter of an ellipse, in mm.
    public var verticalAxisMM: Double?

    public init(lengthMM: Double? = nil, areaMM2: Double? = nil, perimeterMM: Double? = nil,
                horizontalAxisMM: Double? = nil, verticalAxisMM: Double? = nil) {
        self.lengthMM = lengthMM
        self.areaMM2 = areaMM2
        self.perimeterMM = perimeterMM
        self.horizontalAxisMM = horizontalAxisMM
        self.verticalAxisMM = verticalAxisMM
    }
}
