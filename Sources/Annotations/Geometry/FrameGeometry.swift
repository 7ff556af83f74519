/// The size of one frame and where it lies in the patient, as far as the image says.
///
/// Spacing, position and orientation are optional because many images lack them (secondary
/// captures, some projection radiographs); nothing here assumes 1 mm when they are missing.
public struct FrameGeometry: Hashable, Sendable, Codable {
    /// Number of pixel rows (image height).
    public var rows: Int
    /// Number of pixel columns (image width).
    public var columns: Int
    /// Pixel Spacing, or nil when the image does not state it.
    public var pixelSpacing: PixelSpacing?
    /// Image Position (Patient): the centre of the top-left pixel, in mm.
    public var position: PatientPoint?
    /// Image Orientation (Patient).
    public var orientation: PatientOrientation?

    public init(rows: Int, columns: Int, pixelSpacing: PixelSpacing? = nil,
                position: PatientPoint? = nil, orientation: PatientOrientation? = nil) {
        self.rows = rows
        self.columns = columns
        self.pixelSpacing = pixelSpacing
        self.position = position
        self.orientation = orientation
    }

    /// Whether `point` lies on the frame, edges included: 0 ≤ column ≤ columns, 0 ≤ row ≤ rows.
    public func contains(_ point: PixelPoint) -> Bool {
        point.column >= 0 && point.column <= Double(columns) && point.row >= 0 && point.row <= Double(rows)
    }

    /// The patient-space position of a pixel-space point, or nil unless spacing, position and
    /// orientation are all known.
    ///
    /// PS3.3 C.7.6.2.1.1 places pixel (i, j) — column i, row j, counted from the centre of the
    /// top-left pixel — at `position + i·Δcolumn·rowDirection + j·Δrow·columnDirection`. Concord's
    /// pixel centres sit at +0.5, so i = column − 0.5 and j = row − 0.5.
    ///
    /// ```swift
    /// frame.patientPoint(PixelPoint(column: 0.5, row: 0.5)) == frame.position   // true
    /// ```
    public func patientPoint(_ point: PixelPoint) -> PatientPoint? {
        guard let spacing = pixelSpacing, let origin = position, let axes = orientation else { return nil }
        let across = (point.column - 0.5) * spacing.column
        let down = (point.row - 0.5) * spacing.row
        return PatientPoint(x: origin.x + across * axes.rowDirection.x + down * axes.columnDirection.x,
                            y: origin.y + across * axes.rowDirection.y + down * axes.columnDirection.y,
                            z: origin.z + across * axes.rowDirection.z + down * axes.columnDirection.z)
    }
}
