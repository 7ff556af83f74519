import ArgumentParser
import Foundation
import Ontology
import Store

/// `--data DIR`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("The data directory.", valueName: "DIR"))
    var directory = "./.concord"

    /// Opens the store, or prints why it cannot be opened and exits 1.
    ///
    /// - Parameter annotating: load the ontology that annotation writes are checked against.
    func open(annotating: Bool = false) throws -> any ConcordStore {
        var ontology: Ontology?
        if annotating {
            do { ontology = try annotationOntology() } catch { fail("the built-in ontology is invalid: \(error)") }
        }
        do {
            return try SQLiteStore(directory: URL(fileURLWithPath: directory, isDirectory: true), ontology: ontology)
        } catch {
            fail("\(directory): \(error)")
        }
    }
}

/// Prints `message` on stderr as `concord: message` and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("concord: \(message)\n".utf8))
    Concord.exit(withError: ExitCode(1))
}

/// Writes `value` as pretty, key-sorted JSON and a newline on stdout.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    var data = try encoder.encode(value)
    data.append(0x0A)
    FileHandle.standardOutput.write(data)
}
