import Annotations
import ArgumentParser
import Audit
import Foundation
import Ontology
import Store

/// `concord finding add|link|list`: coded findings, the evidence they group, and report text
/// linked to them.
struct FindingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finding",
        abstract: "Record coded findings, link report text to them (by hand or from ranked suggestions), list them.",
        subcommands: [Add.self, Link.self, Suggest.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a finding about a study, grouping regions and masks that show it."
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var author: AuthorOption
        @OptionGroup var ontologies: OntologyOptions
        @Option(help: "Study Instance UID.") var study: String
        @Option(help: "What was found, SCHEME:CODE.") var concept: ConceptCode
        @Option(help: "Laterality, SCHEME:CODE (CID 244).") var laterality: ConceptCode?
        @Option(help: "Location, SCHEME:CODE (anatomy).") var location: ConceptCode?
        @Option(help: "A size in mm; repeat for more dimensions, largest first.") var size: [Double] = []
        @Option(help: "A region that shows it; repeatable.") var region: [AnnotationID] = []
        @Option(help: "A mask that shows it; repeatable.") var mask: [AnnotationID] = []
        @Option(help: "Free text kept beside the concept.") var note: String?
        @Flag(help: "Print the stored version as JSON.") var json = false

        func run() throws {
            let session = store.open(command: "finding add", role: "annotator", checkingAgainst: ontologies.load())
            let finding = Finding(studyInstanceUID: study, concept: concept, laterality: laterality, location: location,
                                  sizeMM: size, regionIDs: region, maskIDs: mask, note: note)
            let version = session.audit.save(.finding(finding), in: session.store, author: author.author, parentVersion: nil)
            try printVersions([version], json: json)
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link report text to a finding: marks the span (or reuses one) and stores the link with its author.",
            discussion: """
                Offsets are Unicode scalar offsets into the document's text, half-open, as \
                Python's str indexes them. Either give --span to reuse a stored span, or \
                --document, --start, --end and --concept to mark a new one.
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var author: AuthorOption
        @OptionGroup var ontologies: OntologyOptions
        @Option(help: "The finding.") var finding: AnnotationID
        @Option(help: "A stored span to link.") var span: AnnotationID?
        @Option(help: "Document identifier (from `concord document add`).") var document: Int64?
        @Option(help: "First scalar of the span.") var start: Int?
        @Option(help: "One past the last scalar of the span.") var end: Int?
        @Option(help: "The span's concept, SCHEME:CODE.") var concept: ConceptCode?
        @Option(help: "manual, accepted-suggestion or automatic.") var origin: LinkOrigin = .manual
        @Flag(help: "Print the stored versions as JSON.") var json = false

        func validate() throws {
            let newSpan = [document != nil, start != nil, end != nil, concept != nil]
            if span != nil, newSpan.contains(true) { throw ValidationError("Give --span or a new span, not both.") }
            if span == nil, newSpan.contains(false) {
                throw ValidationError("Give --span, or all of --document, --start, --end and --concept.")
            }
        }

        func run() throws {
            let session = store.open(command: "finding link", role: "annotator", checkingAgainst: ontologies.load())
            var versions: [AnnotationVersion] = []
            var spanID = span
            if let document, let start, let end, let concept {
                let marked = TextSpan(documentID: String(document), start: start, end: end, concept: concept)
                versions.append(session.audit.save(.span(marked), in: session.store, author: author.author, parentVersion: nil))
                spanID = marked.id
            }
            guard let spanID else { fail("no span to link") }
            let link = SpanFindingLink(spanID: spanID, findingID: finding, author: author.author, origin: origin)
            versions.append(session.audit.save(.link(link), in: session.store, author: author.author, parentVersion: nil))
            try printVersions(versions, json: json)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the current findings of a study and the links to them.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Study Instance UID.") var study: String
        @Flag(help: "Print the versions as JSON.") var json = false

        func run() throws {
            let session = store.open(command: "finding list", role: "reader")
            let findings = orFail { try session.store.annotations(matching: AnnotationQuery(kind: .finding, studyInstanceUID: study)) }
            let links = orFail { try session.store.annotations(matching: AnnotationQuery(kind: .link, studyInstanceUID: study)) }
            session.audit.read([ParticipantObject(.study, id: study)] + (findings + links).map(\.auditObject))
            try printVersions(findings + links, json: json)
        }
    }
}
