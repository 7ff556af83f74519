import Foundation

/// The identity of one annotation object — a region, mask, finding, text span or link.
///
/// Findings refer to the regions, masks and spans they group by these identifiers, so every
/// object gets one when it is made and keeps it through all its versions. In JSON it is the
/// lowercase UUID string.
///
/// ```swift
/// let id = AnnotationID()
/// let same = AnnotationID(string: id.description)   // == id
/// ```
public struct AnnotationID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The UUID behind the identifier.
    public let uuid: UUID

    /// A new, random identifier.
    public init() { self.uuid = UUID() }

    public init(_ uuid: UUID) { self.uuid = uuid }

    /// Parses the UUID string form (either case); nil for anything else.
    public init?(string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.uuid = uuid
    }

    /// The lowercase UUID string, as JSON carries it.
    public var description: String { uuid.uuidString.lowercased() }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(in: container,
                                                   debugDescription: "\"\(text)\" is not a UUID")
        }
        self.uuid = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: AnnotationID, rhs: AnnotationID) -> Bool {
        lhs.description < rhs.description
    }
}
