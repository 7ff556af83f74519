import ArgumentParser
import ClinicalText
import Foundation

/// `concord nlp FILE` and `concord nlp assert`: clinical concepts and their status in report text.
struct NLP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nlp",
        abstract: "Find clinical concepts in report text, with assertion, section and attributes.",
        discussion: """
            Concept sets and rules are read from the folder given by --ontologies (default: \
            ./Ontologies, the folder shipped with Concord). Add lines to its rules/*.tsv files \
            or .rdf files beside the shipped ones to extend them.
            """,
        subcommands: [NLPRead.self, NLPAssert.self],
        defaultSubcommand: NLPRead.self
    )
}

/// Writes a one-line error to stderr and exits 1.
func failNLP(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("concord: \(message)\n".utf8))
    return ExitCode(1)
}
