import Ontology

/// A concept mentioned in a report, with what the report says about it.
public struct Entity: Hashable, Sendable {
    /// The text as written.
    public var text: String
    /// Unicode scalar offsets, half-open.
    public var range: Range<Int>
    /// Indices into the report's tokens, half-open.
    public var tokens: Range<Int>
    public var concept: Concept
    public var role: ConceptRole
    public var assertion: Assertion
    /// The name of the section the mention is in.
    public var section: String
    /// The index of the sentence in ``Report/sentences``.
    public var sentence: Int
    /// Sizes written for this finding.
    public var measurements: [SizeMeasurement] = []
    /// The side, from the mention itself, its location or the sentence.
    public var laterality: Laterality?
    /// Anatomy mentioned with this finding, nearest first.
    public var locations: [Concept] = []
}
