/// A size written in a report: "12 mm", "3.2 x 2.1 cm", "8-10 mm".
public struct SizeMeasurement: Hashable, Sendable, Codable {
    /// Whether the numbers are the dimensions of one object or the bounds of a range.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// "3.2 x 2.1 cm": one number per axis (one for "12 mm").
        case dimensions
        /// "8-10 mm", "8 to 10 mm": the smallest and largest size.
        case range
    }

    /// Unicode scalar offsets of the whole expression, half-open.
    public var range: Range<Int>
    public var kind: Kind
    /// The numbers as written, in ``unit``.
    public var values: [Double]
    /// The unit as written, lowercased: `mm`, `cm`, `m`.
    public var unit: String

    public init(range: Range<Int>, kind: Kind, values: [Double], unit: String) {
        self.range = range
        self.kind = kind
        self.values = values
        self.unit = unit
    }

    /// The numbers in millimetres.
    public var millimetres: [Double] {
        let scale: Double = switch unit {
        case "cm": 10
        case "m": 1000
        default: 1
        }
        return values.map { $0 * scale }
    }

    /// The largest size in millimetres: the longest axis, or the top of a range.
    public var largestMillimetres: Double { millimetres.max() ?? 0 }
}

/// Finds measurements in tokens without regular expressions: a number, then any of
/// `x|×|by` number, or `-|to` number, then a length unit.
public enum MeasurementReader {
    static let units: Set<String> = ["mm", "cm", "m", "millimeter", "millimeters", "millimetre",
                                     "millimetres", "centimeter", "centimeters", "centimetre", "centimetres"]

    /// The measurements among `tokens[bounds]` with the token range each covers.
    public static func measurements(in tokens: [Token], bounds: Range<Int>) -> [(tokens: Range<Int>, measurement: SizeMeasurement)] {
        var found: [(Range<Int>, SizeMeasurement)] = []
        var index = bounds.lowerBound
        while index < bounds.upperBound {
            guard tokens[index].kind == .number, let first = number(tokens[index].key) else {
                index += 1
                continue
            }
            var values = [first]
            var kind = SizeMeasurement.Kind.dimensions
            var cursor = index + 1
            while cursor + 1 < bounds.upperBound {
                let joiner = tokens[cursor].key
                if joiner == "x" || joiner == "×" || joiner == "by", kind == .dimensions,
                   tokens[cursor + 1].kind == .number, let next = number(tokens[cursor + 1].key) {
                    values.append(next)
                    cursor += 2
                } else if joiner == "-" || joiner == "to" || joiner == "–", values.count == 1,
                          tokens[cursor + 1].kind == .number, let next = number(tokens[cursor + 1].key) {
                    values.append(next)
                    kind = .range
                    cursor += 2
                } else {
                    break
                }
            }
            guard cursor < bounds.upperBound, units.contains(tokens[cursor].key) else {
                index = cursor
                continue
            }
            let unit = unitSymbol(tokens[cursor].key)
            let range = tokens[index].range.lowerBound..<tokens[cursor].range.upperBound
            found.append((index..<(cursor + 1), SizeMeasurement(range: range, kind: kind, values: values, unit: unit)))
            index = cursor + 1
        }
        return found
    }

    private static func number(_ key: String) -> Double? {
        Double(key.replacingOccurrences(of: ",", with: "."))
    }

    private static func unitSymbol(_ key: String) -> String {
        if key.hasPrefix("milli") { return "mm" }
        if key.hasPrefix("centi") { return "cm" }
        return key
    }
}
