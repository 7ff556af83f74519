import Ontology

/// What an image annotation says about a finding, in the terms a report uses.
///
/// This is the input side of linking: the concept of a segment or region, its side, its
/// location and its size measured from the region or mask (longest axis, millimetres).
public struct ImageFinding: Hashable, Sendable, Codable {
    /// A caller's identifier for the annotation (a finding or segment id).
    public var id: String
    public var concept: ConceptCode
    public var laterality: Laterality?
    public var location: ConceptCode?
    /// The longest axis in millimetres, when the geometry gives one.
    public var sizeMillimetres: Double?

    public init(id: String, concept: ConceptCode, laterality: Laterality? = nil, location: ConceptCode? = nil,
                sizeMillimetres: Double? = nil) {
        self.id = id
        self.concept = concept
        self.laterality = laterality
        self.location = location
        self.sizeMillimetres = sizeMillimetres
    }
}
