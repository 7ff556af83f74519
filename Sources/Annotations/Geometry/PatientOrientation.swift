/// The orientation of a frame in the patient: the direction cosines of Image Orientation
/// (Patient) (0020,0037).
public struct PatientOrientation: Hashable, Sendable, Codable {
    /// Direction of increasing column (along a row, left to right on screen).
    public var rowDirection: PatientPoint
    /// Direction of increasing row (down a column, top to bottom on screen).
    public var columnDirection: PatientPoint

    public init(rowDirection: PatientPoint, columnDirection: PatientPoint) {
        self.rowDirection = rowDirection
        self.columnDirection = columnDirection
    }

    /// The orientation from the attribute's six values; nil unless there are exactly six
    /// finite values.
    public init?(dicomValues values: [Double]) {
        guard values.count == 6, values.allSatisfy(\.isFinite) else { return nil }
        self.init(rowDirection: PatientPoint(x: values[0], y: values[1], z: values[2]),
                  columnDirection: PatientPoint(x: values[3], y: values[4], z: values[5]))
    }
}
