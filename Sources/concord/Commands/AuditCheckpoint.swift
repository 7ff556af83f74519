import ArgumentParser
import Audit
import Foundation

/// `concord audit checkpoint`: sign the log's current root and export it.
struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint of the whole log now and print it (C2SP tlog-checkpoint).",
        discussion: """
            Store the output outside this machine (another system, a ticket, a witness): \
            `concord audit verify --checkpoint FILE` later proves the log still extends it.
            """
    )

    @OptionGroup var location: AuditLocation

    @Option(help: "Also write the signed note to this file.")
    var out: String?

    @Flag(help: "Print origin, size, root hash and the note as JSON.")
    var json = false

    func run() throws {
        try AuditOutput.run {
            let keys = try location.keys()
            let note = try SQLiteAuditLog(directory: location.data, keys: keys).checkpoint()
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(note.utf8)) else {
                    throw ValidationError("cannot write \(out)")
                }
            }
            if json {
                let checkpoint = try SignedNote.verify(note, with: keys.verifierKey)
                try printJSON([
                    "origin": checkpoint.origin, "size": String(checkpoint.size),
                    "rootHash": Data(checkpoint.rootHash).base64EncodedString(), "note": note,
                    "verifierKey": keys.verifierKey.description,
                ])
            } else {
                FileHandle.standardOutput.write(Data(note.utf8))
            }
        }
    }
}
