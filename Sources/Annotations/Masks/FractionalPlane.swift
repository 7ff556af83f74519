import Foundation

/// A fractional mask of one frame: one 8-bit value per pixel, row-major, where 0 is "none"
/// and 255 is "all" (probability or occupancy, DICOM SEG's FRACTIONAL type with Maximum
/// Fractional Value 255).
///
/// In JSON the values are one base64 string: `{"rows": 2, "columns": 2, "values": "AP8AgA=="}`.
public struct FractionalPlane: Hashable, Sendable {
    public let rows: Int
    public let columns: Int
    /// One value per pixel, row-major.
    public let values: [UInt8]

    /// - Throws: ``AnnotationError/maskValueCountMismatch(expected:actual:)`` unless there are
    ///   exactly `rows × columns` values.
    public init(rows: Int, columns: Int, values: [UInt8]) throws(AnnotationError) {
        guard let expected = pixelCount(rows: rows, columns: columns), values.count == expected else {
            throw .maskValueCountMismatch(expected: pixelCount(rows: rows, columns: columns) ?? 0, actual: values.count)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The value at `column`, `row` (0-based indices), or nil outside the plane.
    public func value(column: Int, row: Int) -> UInt8? {
        guard column >= 0, column < columns, row >= 0, row < rows else { return nil }
        return values[row * columns + column]
    }
}

extension FractionalPlane: Codable {
    private enum CodingKeys: String, CodingKey { case rows, columns, values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let text = try container.decode(String.self, forKey: .values)
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(forKey: .values, in: container, debugDescription: "values are not base64")
        }
        do {
            try self.init(rows: rows, columns: columns, values: [UInt8](data))
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .values, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        try container.encode(Data(values).base64EncodedString(), forKey: .values)
    }
}
