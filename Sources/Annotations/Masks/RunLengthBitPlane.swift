/// A binary mask of one frame, stored as run lengths.
///
/// Pixels are read in row-major order (left to right, then top to bottom). ``runs`` holds the
/// lengths of alternating runs of unset and set pixels, starting with unset pixels — so the
/// first run is 0 when the first pixel is set. Runs after the first are never 0, and together
/// the runs cover exactly `rows × columns` pixels. The encoding is therefore unique: two equal
/// masks always have equal runs, and `==` compares masks.
///
/// ```swift
/// let plane = try RunLengthBitPlane(rows: 2, columns: 3, pixels: [0, 1, 1,
///                                                             1, 0, 0])
/// plane.runs            // [1, 3, 2]
/// plane.setPixelCount   // 3
/// plane.pixels()        // [0, 1, 1, 1, 0, 0]
/// ```
///
/// In JSON: `{"rows": 2, "columns": 3, "runs": [1, 3, 2]}`.
public struct RunLengthBitPlane: Hashable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Alternating unset/set run lengths, starting with unset.
    public let runs: [Int]

    /// Encodes a frame given as one value per pixel, row-major; any non-zero value is set.
    ///
    /// - Throws: ``AnnotationError/maskValueCountMismatch(expected:actual:)`` unless there are
    ///   exactly `rows × columns` values.
    public init(rows: Int, columns: Int, pixels: some Collection<UInt8>) throws(AnnotationError) {
        guard let expected = pixelCount(rows: rows, columns: columns), pixels.count == expected else {
            throw .maskValueCountMismatch(expected: pixelCount(rows: rows, columns: columns) ?? 0, actual: pixels.count)
        }
        let runs = pixels.withContiguousStorageIfAvailable(Self.runLengths(of:))
            ?? Array(pixels).withUnsafeBufferPointer(Self.runLengths(of:))
        self.rows = rows
        self.columns = columns
        self.runs = runs
    }

    /// The runs of `pixels`. Eight-byte words that only continue the current run are skipped
    /// whole, which is most of a typical mask: long stretches of background or of inside.
    private static func runLengths(of pixels: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = pixels.baseAddress else { return [0] }
        let raw = UnsafeRawPointer(base)
        let count = pixels.count
        var runs: [Int] = []
        var runStart = 0
        var inside = false
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // A word has a zero byte exactly when (word − 0x01…01) & ~word & 0x80…80 ≠ 0.
                let hasZeroByte = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
                if inside ? !hasZeroByte : word == 0 {
                    index += 8
                    continue
                }
            }
            if (base[index] != 0) != inside {
                runs.append(index - runStart)
                runStart = index
                inside.toggle()
            }
            index += 1
        }
        runs.append(count - runStart)
        return runs
    }

    /// A plane from stored runs, checking that they form the unique encoding described above.
    ///
    /// - Throws: ``AnnotationError/invalidRunLengths(_:)`` naming what is wrong.
    public init(rows: Int, columns: Int, runs: [Int]) throws(AnnotationError) {
        guard let expected = pixelCount(rows: rows, columns: columns) else {
            throw .invalidRunLengths("a \(columns) × \(rows) plane is not a valid size")
        }
        guard let first = runs.first else { throw .invalidRunLengths("there are no runs; an empty plane has [0]") }
        guard first >= 0 else { throw .invalidRunLengths("the first run is \(first), below 0") }
        var total = first
        for (index, run) in runs.enumerated().dropFirst() {
            guard run > 0 else { throw .invalidRunLengths("run \(index) is \(run); only the first run may be 0") }
            let (sum, overflow) = total.addingReportingOverflow(run)
            guard !overflow else { throw .invalidRunLengths("the runs add up past the largest integer") }
            total = sum
        }
        guard total == expected else {
            throw .invalidRunLengths("the runs cover \(total) pixels but a \(columns) × \(rows) plane has \(expected)")
        }
        self.rows = rows
        self.columns = columns
        self.runs = runs
    }

    /// Number of pixels set.
    public var setPixelCount: Int {
        stride(from: 1, to: runs.count, by: 2).reduce(0) { $0 + runs[$1] }
    }

    /// The frame as one value per pixel, row-major: 1 where set, 0 elsewhere.
    public func pixels() -> [UInt8] {
        var result = [UInt8](repeating: 0, count: rows * columns)
        result.withUnsafeMutableBufferPointer { buffer in
            var position = 0
            for (index, run) in runs.enumerated() {
                if index % 2 == 1 { buffer[position..<(position + run)].update(repeating: 1) }
                position += run
            }
        }
        return result
    }

    /// Whether the pixel at `column`, `row` (0-based indices) is set; false outside the plane.
    public func isSet(column: Int, row: Int) -> Bool {
        guard column >= 0, column < columns, row >= 0, row < rows else { return false }
        let target = row * columns + column
        var position = 0
        for (index, run) in runs.enumerated() {
            position += run
            if target < position { return index % 2 == 1 }
        }
        return false
    }
}

extension RunLengthBitPlane: Codable {
    private enum CodingKeys: String, CodingKey { case rows, columns, runs }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let runs = try container.decode([Int].self, forKey: .runs)
        do {
            try self.init(rows: rows, columns: columns, runs: runs)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .runs, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        try container.encode(runs, forKey: .runs)
    }
}

/// `rows × columns`, or nil when either is negative or the product overflows.
func pixelCount(rows: Int, columns: Int) -> Int? {
    guard rows >= 0, columns >= 0 else { return nil }
    let (product, overflow) = rows.multipliedReportingOverflow(by: columns)
    return overflow ? nil : product
}
