import ArgumentParser
import Foundation
import Ontology

/// `--ontologies DIR`: the concept sets and rules every coded label is checked against, shared
/// by `nlp` and by every command that writes annotations.
struct OntologyOptions: ParsableArguments {
    @Option(name: .customLong("ontologies"), help: ArgumentHelp("The folder of concept sets and rules/.", valueName: "DIR"))
    var folder: String = "Ontologies"

    var url: URL { URL(fileURLWithPath: folder, isDirectory: true) }

    /// The concept sets of the folder, or a one-line error and exit 1 when they cannot be loaded.
    func load() -> Ontology {
        do {
            return try Ontology(directory: url)
        } catch {
            fail("\(folder): \(error)")
        }
    }
}
