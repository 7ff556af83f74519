import ArgumentParser

@main
struct Concord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord",
        abstract: "Ground truth from medical images and the reports beside them.",
        subcommands: [Dump.self, Decode.self, Render.self,
                      Ingest.self, StudyCommand.self, DocumentCommand.self,
                      AnnotateCommand.self, MaskCommand.self, FindingCommand.self,
                      NLP.self, AuditCommand.self]
    )
}
