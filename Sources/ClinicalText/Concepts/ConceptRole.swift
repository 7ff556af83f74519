import Ontology

/// The part a concept plays in a report, which decides how a mention of it is used.
public enum ConceptRole: String, Hashable, Sendable, Codable, Comparable {
    /// Something seen: a nodule, an effusion. Findings carry assertion and attributes.
    case finding
    /// Where: a lobe, an organ. Anatomy becomes the location of a finding near it.
    case anatomy
    /// Which side: left, right, bilateral.
    case laterality
    /// A qualifier: anterior, distal, apical.
    case modifier
    /// Any other coded concept (a device, a substance).
    case other

    /// The role a concept's sets give it: `finding` and `anatomy` sets, CID 244 (laterality),
    /// CID 2 (anatomic modifiers), CID 4 (anatomic regions); otherwise ``other``.
    public init(sets: [String]) {
        if sets.contains("CID 244") { self = .laterality }
        else if sets.contains("finding") { self = .finding }
        else if sets.contains("anatomy") || sets.contains("CID 4") { self = .anatomy }
        else if sets.contains("CID 2") { self = .modifier }
        else { self = .other }
    }

    private var rank: Int {
        switch self {
        case .finding: 0
        case .anatomy: 1
        case .laterality: 2
        case .modifier: 3
        case .other: 4
        }
    }

    /// Findings sort first: where two concepts share a name, the finding wins.
    public static func < (lhs: ConceptRole, rhs: ConceptRole) -> Bool { lhs.rank < rhs.rank }
}
