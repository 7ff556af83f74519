import ArgumentParser
import Audit
import Foundation
import Store

/// `concord document add`: attaches a report or note to a stored study.
struct DocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "document",
        abstract: "Attach reports and clinical notes to studies.",
        subcommands: [Add.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attach a UTF-8 text file to the study named by Study Instance UID or Accession Number.",
            discussion: "Adding the same text to the same study again returns the document already stored."
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Study Instance UID, or an Accession Number that names exactly one study.")
        var study: String

        @Argument(help: "The text file (UTF-8); - reads stdin.")
        var file: String

        @Option(help: "report or note.")
        var kind: ClinicalDocument.Kind = .report

        @Option(help: "A short title.")
        var title: String?

        @Flag(help: "Print the stored document as JSON on stdout.")
        var json = false

        func run() throws {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else { fail("\(file): cannot be read") }
                data = contents
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                fail("\(file): \(StoreError.invalidDocument(reason: "the text is not valid UTF-8"))")
            }
            let session = store.open(command: "document add", role: "steward")
            // The document's identifier and the study's UID are known once it is stored, so the
            // intent names the study as given and the result names both.
            let event = AuditEvent(.import, action: .create, actor: session.audit.actor).detail("kind", kind.rawValue)
            let intended = event.involving(.study, id: study)
            let intent = session.audit.intend(intended)
            let document: ClinicalDocument
            do {
                document = try session.store.addDocument(text, kind: kind, title: title, toStudy: study)
            } catch {
                session.audit.refuse(intended, intent: intent, reason: "\(error)")
                fail("\(file): \(error)")
            }
            session.audit.complete(event.involving(.study, id: document.studyInstanceUID).involving(.document, id: String(document.id)),
                                   intent: intent)
            if json { return try printJSON(document) }
            FileHandle.standardOutput.write(Data("document \(document.id) attached to study \(document.studyInstanceUID)\n".utf8))
        }
    }
}

extension ClinicalDocument.Kind: ExpressibleByArgument {}
