import ArgumentParser
import ClinicalText
import Foundation

/// `concord nlp FILE`: the entities of one report.
struct NLPRead: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print the entities of a report: text, offsets, concept, assertion, section, attributes.",
        discussion: """
            Offsets are Unicode scalar offsets (Python str indices), half-open. --json prints one \
            JSON array; --brat prints brat standoff (.ann) with the concept code in a note and \
            the assertion as attributes.
            """
    )

    @Argument(help: "A UTF-8 text file holding one report, or - for stdin.")
    var file: String?

    @OptionGroup var stored: StoredDocumentOptions

    @OptionGroup var ontologies: OntologyOptions

    @Flag(help: "Print JSON for machines.")
    var json = false

    @Flag(help: "Print brat standoff annotations.")
    var brat = false

    func validate() throws {
        if stored.isGiven == (file != nil) { throw ValidationError("Give a text file, or --data and --document, not both.") }
        if json, brat { throw ValidationError("--json and --brat cannot be used together.") }
    }

    func run() throws {
        let reader: ReportReader
        do {
            reader = try ReportReader(folder: ontologies.url)
        } catch {
            throw failNLP("\(error)")
        }
        let text = stored.isGiven ? stored.read(command: "nlp") : try Self.readText(file ?? "-")
        let report = reader.read(text)
        let output: String
        if json {
            output = try EntityFormatter.json(report.entities)
        } else if brat {
            output = EntityFormatter.brat(report.entities)
        } else {
            output = EntityFormatter.table(report.entities)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The UTF-8 text of `file` (- for stdin), or a one-line error and exit 1.
    static func readText(_ file: String) throws -> String {
        let text: String
        do {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                : try Data(contentsOf: URL(fileURLWithPath: file))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw failNLP("\(file): not UTF-8 text")
            }
            text = decoded
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw failNLP("\(file): \(error.localizedDescription)")
        }
        return text
    }
}
