import Annotations
import Ontology

/// Any annotation object the store keeps with full history.
///
/// In JSON: `{"kind": "region", "region": {…}}`, the key after `kind` repeating it.
public enum Annotation: Hashable, Sendable {
    case region(Region)
    case mask(Mask)
    case finding(Finding)
    case span(TextSpan)
    case link(SpanFindingLink)

    /// The identity the object keeps through all its versions.
    public var id: AnnotationID {
        switch self {
        case let .region(value): value.id
        case let .mask(value): value.id
        case let .finding(value): value.id
        case let .span(value): value.id
        case let .link(value): value.id
        }
    }

    public var kind: AnnotationKind {
        switch self {
        case .region: .region
        case .mask: .mask
        case .finding: .finding
        case .span: .span
        case .link: .link
        }
    }

    /// The concepts the object is labelled with, for queries by concept: a region's, span's or
    /// finding's concept (and a finding's laterality and location), a mask's segment types.
    public var concepts: [ConceptCode] {
        switch self {
        case let .region(region): region.concept.map { [$0] } ?? []
        case let .mask(mask): mask.segments.flatMap { [$0.type, $0.category] }
        case let .finding(finding): [finding.concept] + [finding.laterality, finding.location].compactMap { $0 }
        case let .span(span): [span.concept]
        case .link: []
        }
    }

    /// The frames the object is drawn on, for queries by instance and frame.
    public var frames: [FrameReference] {
        switch self {
        case let .region(region): [region.frame]
        case let .mask(mask): mask.frames.map(\.frame)
        case .finding, .span, .link: []
        }
    }
}

/// What sort of annotation object a version holds.
public enum AnnotationKind: String, Hashable, Sendable, Codable, CaseIterable {
    case region, mask, finding, span, link
}

extension Annotation: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, region, mask, finding, span, link
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(AnnotationKind.self, forKey: .kind) {
        case .region: self = .region(try container.decode(Region.self, forKey: .region))
        case .mask: self = .mask(try container.decode(Mask.self, forKey: .mask))
        case .finding: self = .finding(try container.decode(Finding.self, forKey: .finding))
        case .span: self = .span(try container.decode(TextSpan.self, forKey: .span))
        case .link: self = .link(try container.decode(SpanFindingLink.self, forKey: .link))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case let .region(value): try container.encode(value, forKey: .region)
        case let .mask(value): try container.encode(value, forKey: .mask)
        case let .finding(value): try container.encode(value, forKey: .finding)
        case let .span(value): try container.encode(value, forKey: .span)
        case let .link(value): try container.encode(value, forKey: .link)
        }
    }
}
