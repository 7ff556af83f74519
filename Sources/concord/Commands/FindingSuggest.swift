import Annotations
import ArgumentParser
import Audit
import ClinicalText
import Foundation
import Store

extension FindingCommand {
    /// `concord finding suggest`: the report mentions that may describe a stored finding, ranked,
    /// and, with `--accept N`, the N-th stored as a span linked to the finding.
    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rank the mentions in a stored report that may describe a finding; --accept N links the N-th.",
            discussion: """
                The finding is compared with every finding the report reader sees in the \
                document: same concept 4 (broader or narrower 2), laterality agrees 2 (disagrees \
                −3), location agrees 2, a size within 25 % (at least 2 mm) of the finding's 2, \
                affirmed 3 (negated −6). Only mentions scoring above 0 are proposed, best first. \
                The finding's size is the largest size recorded on it, or else the longest axis \
                of its regions. --accept N stores the N-th proposal as a text span and a link of \
                origin accepted-suggestion, with its score and --author; accepting the same span \
                again changes nothing.
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var ontologies: OntologyOptions
        @Option(help: "The finding.") var finding: AnnotationID
        @Option(help: "The report's document identifier (from `concord document add`).") var document: Int64
        @Option(help: "Store the proposal ranked N (1 is the best) as a link.") var accept: Int?
        @Option(help: "With --accept: who accepts it, as recorded in the history.") var author: String?
        @Flag(help: "Print the finding, the proposals and any stored versions as JSON.") var json = false

        func validate() throws {
            if let accept, accept < 1 { throw ValidationError("--accept must be 1 or more.") }
            if accept != nil, author?.isEmpty ?? true { throw ValidationError("--accept needs --author.") }
        }

        func run() throws {
            let reader: ReportReader
            do { reader = try ReportReader(folder: ontologies.url) } catch { fail("\(ontologies.folder): \(error)") }
            let session = store.open(command: "finding suggest", role: "annotator", checkingAgainst: reader.matcher.ontology)
            guard case let .finding(stored)? = orFail({ try session.store.current(finding) })?.annotation else {
                fail("no finding \(finding) in the store")
            }
            guard let report = orFail({ try session.store.document(document) }) else { fail("no document \(document) in the store") }
            if report.studyInstanceUID != stored.studyInstanceUID {
                fail("document \(document) belongs to study \(report.studyInstanceUID), the finding to study \(stored.studyInstanceUID)")
            }
            let imageFinding = orFail { try ImageFinding(stored, store: session.store) }
            session.audit.read([ParticipantObject(.finding, id: finding.description),
                                ParticipantObject(.document, id: String(document)),
                                ParticipantObject(.study, id: stored.studyInstanceUID)])
            let proposals = LinkScorer(ontology: reader.matcher.ontology)
                .proposals(for: imageFinding, among: reader.read(report.text).findings)

            var accepted: [AnnotationVersion] = []
            if let accept, let author {
                guard accept <= proposals.count else {
                    fail("--accept \(accept): there \(proposals.count == 1 ? "is 1 proposal" : "are \(proposals.count) proposals")")
                }
                let proposal = proposals[accept - 1].accepted(reportID: String(document), by: author)
                accepted = orFail { try StoreLinkStore(store: session.store, audit: session.audit).store(proposal) }
            }
            if json { return try printJSON(Output(finding: imageFinding, proposals: proposals.enumerated().map { Proposal(rank: $0.offset + 1, proposal: $0.element) }, accepted: accepted)) }
            var text = Self.describe(imageFinding) + "\n"
            for (index, proposal) in proposals.enumerated() {
                text += Self.describe(proposal, rank: index + 1) + "\n"
            }
            if proposals.isEmpty { text += "no mention in document \(document) describes it\n" }
            if accept != nil, accepted.isEmpty { text += "already linked; nothing stored\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
            try printVersions(accepted, json: false)
        }

        static func describe(_ finding: ImageFinding) -> String {
            let parts = ["finding \(finding.id): \(finding.concept)", finding.laterality?.rawValue, finding.location?.description,
                         finding.sizeMillimetres.map { "\(formatted($0)) mm" }]
            return parts.compactMap { $0 }.joined(separator: "  ")
        }

        static func describe(_ proposal: LinkProposal, rank: Int) -> String {
            let entity = proposal.entity
            let assertion = entity.assertion.isAffirmed ? "affirmed" : entity.assertion.sorted.map(\.rawValue).joined(separator: ",")
            return "\(rank)  score \(formatted(proposal.score))  [\(entity.range.lowerBound), \(entity.range.upperBound)) "
                + "\"\(entity.text)\"  \(entity.concept.code)  \(assertion)  "
                + proposal.evidence.map(\.rawValue).joined(separator: " ")
        }

        static func formatted(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }

        /// `--json` output.
        struct Output: Encodable {
            var finding: ImageFinding
            var proposals: [Proposal]
            var accepted: [AnnotationVersion]
        }

        /// One ranked proposal with its score breakdown.
        struct Proposal: Encodable {
            var rank: Int
            var score: Double
            var evidence: [LinkProposal.Evidence]
            var text: String
            var start: Int
            var end: Int
            var concept: String
            var assertion: [AssertionCategory]
            var section: String

            init(rank: Int, proposal: LinkProposal) {
                self.rank = rank
                score = proposal.score
                evidence = proposal.evidence
                text = proposal.entity.text
                start = proposal.entity.range.lowerBound
                end = proposal.entity.range.upperBound
                concept = proposal.entity.concept.code.description
                assertion = proposal.entity.assertion.sorted
                section = proposal.entity.section
            }
        }
    }
}
