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
    var file: String

    @OptionGroup var ontologies: OntologyOptions

    @Flag(help: "Print JSON for machines.")
    var json = false

    @Flag(help: "Print brat standoff annotations.")
    var brat = false

    func validate() throws {
        if json, brat { throw ValidationError("--json and --brat cannot be used together.") }
    }

    func run() throws {
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
        let reader: ReportReader
        do {
            reader = try ReportReader(folder: ontologies.url)
        } catch {
            throw failNLP("\(error)")
        }
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
}
