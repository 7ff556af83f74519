/// A proposed link between an image finding and one report entity, with the evidence for it.
public struct LinkProposal: Hashable, Sendable {
    /// The agreements that earned the score, each with its weight (see ``LinkScorer``).
    public enum Evidence: String, Hashable, Sendable, Codable, CaseIterable {
        case sameConcept, parentConcept, lateralityAgrees, locationAgrees, sizeWithinTolerance, affirmed
    }

    public var finding: ImageFinding
    /// The index of the entity in the list scored.
    public var entityIndex: Int
    public var entity: Entity
    public var score: Double
    public var evidence: [Evidence]
}
