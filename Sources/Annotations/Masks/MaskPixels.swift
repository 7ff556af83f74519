/// The pixels of a mask plane: binary (run-length encoded) or fractional.
///
/// In JSON: `{"binary": {"rows": …, "columns": …, "runs": […]}}` or
/// `{"fractional": {"rows": …, "columns": …, "values": "…base64…"}}`.
public enum MaskPixels: Hashable, Sendable {
    case binary(RunLengthBitPlane)
    case fractional(FractionalPlane)

    public var rows: Int {
        switch self {
        case .binary(let plane): plane.rows
        case .fractional(let plane): plane.rows
        }
    }

    public var columns: Int {
        switch self {
        case .binary(let plane): plane.columns
        case .fractional(let plane): plane.columns
        }
    }
}

extension MaskPixels: Codable {
    private enum CodingKeys: String, CodingKey { case binary, fractional }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let plane = try container.decodeIfPresent(RunLengthBitPlane.self, forKey: .binary) {
            self = .binary(plane)
        } else if let plane = try container.decodeIfPresent(FractionalPlane.self, forKey: .fractional) {
            self = .fractional(plane)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "mask pixels need a \"binary\" or \"fractional\" plane"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .binary(let plane): try container.encode(plane, forKey: .binary)
        case .fractional(let plane): try container.encode(plane, forKey: .fractional)
        }
    }
}
