import Ontology

/// An accepted link: this image finding is what this span of this report describes.
public struct AcceptedLink: Hashable, Sendable, Codable {
    public var findingID: String
    public var reportID: String
    /// The entity's Unicode scalar offsets in the report, half-open.
    public var span: Range<Int>
    /// The entity's concept, which the stored text span is labelled with.
    public var concept: ConceptCode
    public var score: Double
    /// Who accepted it.
    public var acceptedBy: String

    public init(findingID: String, reportID: String, span: Range<Int>, concept: ConceptCode, score: Double, acceptedBy: String) {
        self.findingID = findingID
        self.reportID = reportID
        self.span = span
        self.concept = concept
        self.score = score
        self.acceptedBy = acceptedBy
    }
}

/// Where accepted links are kept. The `concord` CLI keeps them in the store (`StoreLinkStore`); tests and
/// tools without a store use ``InMemoryLinkStore``.
public protocol LinkStore: Sendable {
    /// Records an accepted link. Accepting the same finding and span again changes nothing.
    func accept(_ link: AcceptedLink) async throws
    /// The links accepted for an image finding, in the order they were accepted.
    func links(forFinding findingID: String) async throws -> [AcceptedLink]
}

/// A ``LinkStore`` that keeps links in memory for the life of the process.
public actor InMemoryLinkStore: LinkStore {
    private var accepted: [AcceptedLink] = []

    public init() {}

    public func accept(_ link: AcceptedLink) {
        let duplicate = accepted.contains {
            $0.findingID == link.findingID && $0.reportID == link.reportID && $0.span == link.span
        }
        if !duplicate { accepted.append(link) }
    }

    public func links(forFinding findingID: String) -> [AcceptedLink] {
        accepted.filter { $0.findingID == findingID }
    }
}

extension LinkProposal {
    /// The link to store when a reviewer accepts this proposal.
    public func accepted(reportID: String, by reviewer: String) -> AcceptedLink {
        AcceptedLink(findingID: finding.id, reportID: reportID, span: entity.range, concept: entity.concept.code,
                     score: score, acceptedBy: reviewer)
    }
}
