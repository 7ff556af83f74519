import ArgumentParser
import ClinicalText
import Foundation

/// `concord nlp assert`: the assertion of given phrases in given sentences, one line each.
struct NLPAssert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assert",
        abstract: "Assert target phrases in sentences read from stdin.",
        discussion: """
            Each stdin line is ID<TAB>TARGET<TAB>SENTENCE. Each output line is one JSON object: \
            {"id":…,"negated":…,"possible":…,"historical":…,"hypothetical":…,"family":…} for the \
            target's first case-insensitive occurrence in the sentence, or {"id":…,"error":…} \
            when the target does not occur or the line is malformed. Exits 0 when every line \
            was read, even if some gave an error object.
            """
    )

    @OptionGroup var ontologies: OntologyOptions

    func run() throws {
        let reader: AssertionReader
        do {
            reader = try AssertionReader(folder: ontologies.url)
        } catch {
            throw failNLP("\(error)")
        }
        var output = ""
        output.reserveCapacity(1 << 16)
        while let line = readLine(strippingNewline: true) {
            if line.isEmpty { continue }
            output += Self.answer(line, reader: reader)
            output += "\n"
            if output.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    static func answer(_ line: String, reader: AssertionReader) -> String {
        let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        let id = jsonString(fields.first.map(String.init) ?? "")
        guard fields.count == 3 else {
            return "{\"id\":\(id),\"error\":\"expected ID<TAB>TARGET<TAB>SENTENCE\"}"
        }
        do {
            let assertion = try reader.assertion(of: String(fields[1]), in: String(fields[2]))
            return "{\"id\":\(id),\"negated\":\(assertion.isNegated),\"possible\":\(assertion.isPossible),"
                + "\"historical\":\(assertion.isHistorical),\"hypothetical\":\(assertion.isHypothetical),"
                + "\"family\":\(assertion.isFamily)}"
        } catch {
            return "{\"id\":\(id),\"error\":\(jsonString(error.description))}"
        }
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
