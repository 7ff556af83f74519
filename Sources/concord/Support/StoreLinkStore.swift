import Annotations
import Audit
import ClinicalText
import Store

/// ClinicalText's ``LinkStore`` kept in the Concord store.
///
/// An accepted link becomes two versioned annotations by the person who accepted it: a text
/// span on the report (labelled with the entity's concept) and a span–finding link of origin
/// `accepted-suggestion` that keeps the suggestion's score. Both changes are audited.
///
/// The adapter lives in the CLI layer because DESIGN.md lets `Store` use only `Annotations`
/// and `DICOM`: `Store` knows spans and links, `ClinicalText` knows proposals, and only the
/// layer above both may translate between them.
struct StoreLinkStore: LinkStore {
    let store: any ConcordStore
    let audit: AuditTrail

    /// Stores `link` unless the same finding is already linked to the same span of the same report.
    func accept(_ link: AcceptedLink) throws {
        _ = try store(link)
    }

    /// Stores `link` as ``accept(_:)`` does and returns the span and link versions written:
    /// none when the link was already there.
    func store(_ link: AcceptedLink) throws -> [AnnotationVersion] {
        guard let findingID = AnnotationID(string: link.findingID) else { throw StoreError.notFound(what: "finding", key: link.findingID) }
        let known = try links(forFinding: link.findingID)
        if known.contains(where: { $0.reportID == link.reportID && $0.span == link.span }) { return [] }
        let span = TextSpan(documentID: link.reportID, start: link.span.lowerBound, end: link.span.upperBound, concept: link.concept)
        return [try audit.saving(.span(span), in: store, author: link.acceptedBy, parentVersion: nil),
                try audit.saving(.link(SpanFindingLink(spanID: span.id, findingID: findingID, author: link.acceptedBy,
                                                       origin: .acceptedSuggestion, score: link.score)),
                                 in: store, author: link.acceptedBy, parentVersion: nil)]
    }

    /// The accepted suggestions linked to the finding, oldest first.
    func links(forFinding findingID: String) throws -> [AcceptedLink] {
        guard let id = AnnotationID(string: findingID),
              case let .finding(finding)? = try store.current(id)?.annotation else { return [] }
        let versions = try store.annotations(matching: AnnotationQuery(kind: .link, studyInstanceUID: finding.studyInstanceUID))
        var accepted: [AcceptedLink] = []
        for version in versions.sorted(by: { $0.createdAt < $1.createdAt }) {
            guard case let .link(link)? = version.annotation, link.findingID == id,
                  link.origin == .acceptedSuggestion, let score = link.score,
                  case let .span(span)? = try store.current(link.spanID)?.annotation else { continue }
            accepted.append(AcceptedLink(findingID: findingID, reportID: span.documentID, span: span.start..<span.end,
                                         concept: span.concept, score: score, acceptedBy: link.author))
        }
        return accepted
    }
}
