import Ontology

/// Ranks report entities as the description of an image finding.
///
/// An entity is a candidate only when its concept is the image finding's concept or a broader
/// or narrower one (a "Nodule" mask and "pulmonary nodule" text; a "Lesion" and a "Mass").
/// Its score is the sum of the weights of what agrees:
///
/// | evidence | weight |
/// |---|---|
/// | same concept | 4 |
/// | parent or child concept (instead of same) | 2 |
/// | laterality agrees (both known and equal, or one bilateral) | 2; disagrees: −3 |
/// | location agrees (same concept, or one within the other) | 2 |
/// | size within tolerance (a report size within `sizeTolerance` of the image size) | 2 |
/// | affirmed (not negated, possible, hypothetical, historical or a relative's) | 3; negated: −6 |
///
/// So an affirmed "8 mm right upper lobe nodule" for a right-lung nodule mask of 8.4 mm scores 13,
/// and "no nodule" scores below zero and is not proposed. Proposals are sorted by score, then by
/// position in the report, so ties resolve the same way every time.
public struct LinkScorer: Sendable {
    public let ontology: Ontology
    /// Relative size difference accepted, 0.25 = ±25 %, with at least 2 mm.
    public var sizeTolerance: Double

    public init(ontology: Ontology, sizeTolerance: Double = 0.25) {
        self.ontology = ontology
        self.sizeTolerance = sizeTolerance
    }

    /// The entities that may describe `finding`, best first; those scoring 0 or less are left out.
    public func proposals(for finding: ImageFinding, among entities: [Entity]) -> [LinkProposal] {
        var proposals: [LinkProposal] = []
        for (index, entity) in entities.enumerated() {
            var evidence: [LinkProposal.Evidence] = []
            var score = 0.0
            let code = entity.concept.code
            if entity.concept.allCodes.contains(finding.concept) {
                evidence.append(.sameConcept)
                score += 4
            } else if related(code, finding.concept) {
                evidence.append(.parentConcept)
                score += 2
            } else {
                continue
            }
            if let side = finding.laterality, let said = entity.laterality {
                if side == said || side == .bilateral || said == .bilateral {
                    evidence.append(.lateralityAgrees)
                    score += 2
                } else {
                    score -= 3
                }
            }
            if let location = finding.location, entity.locations.contains(where: {
                related($0.code, location)
            }) {
                evidence.append(.locationAgrees)
                score += 2
            }
            if let size = finding.sizeMillimetres, entity.measurements.contains(where: { withinTolerance($0, size) }) {
                evidence.append(.sizeWithinTolerance)
                score += 2
            }
            if entity.assertion.isAffirmed {
                evidence.append(.affirmed)
                score += 3
            } else if entity.assertion.isNegated {
                score -= 6
            }
            guard score > 0 else { continue }
            proposals.append(LinkProposal(finding: finding, entityIndex: index, entity: entity, score: score, evidence: evidence))
        }
        return proposals.sorted { ($0.score, -$0.entityIndex) > ($1.score, -$1.entityIndex) }
    }

    /// Whether one concept is the other or a descendant of it, either way round.
    private func related(_ a: ConceptCode, _ b: ConceptCode) -> Bool {
        ontology.isA(a, b) || ontology.isA(b, a)
    }

    private func withinTolerance(_ measurement: SizeMeasurement, _ size: Double) -> Bool {
        let allowed = max(size * sizeTolerance, 2)
        switch measurement.kind {
        case .dimensions:
            return abs(measurement.largestMillimetres - size) <= allowed
        case .range:
            let sizes = measurement.millimetres
            return (sizes.min() ?? 0) - allowed <= size && size <= (sizes.max() ?? 0) + allowed
        }
    }
}
