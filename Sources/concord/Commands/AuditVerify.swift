import ArgumentParser
import Audit
import Foundation

/// `concord audit verify`: recompute the log and check everything stored against it.
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every leaf, tree node and checkpoint; name the first bad entry.",
        discussion: """
            Needs no decryption key: the public verifier key comes from --verifier-key or from \
            the key file. With --checkpoint, a checkpoint exported earlier is checked too, which \
            exposes a database rolled back to an older copy. Exits 0 when the log verifies, 1 \
            when it was altered (the first bad entry, tree node or checkpoint is named), 2 when \
            it cannot be read.
            """
    )

    @OptionGroup var location: AuditLocation

    @Option(help: "The log's verifier key (name+hash+key) or a file holding it.")
    var verifierKey: String?

    @Option(help: "A signed checkpoint exported earlier, to detect a rolled-back database.")
    var checkpoint: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        do {
            let key = try resolveVerifierKey(verifierKey, location: location)
            let exported = try checkpoint.map { try SignedNote.verify(try AuditOutput.read($0, what: "checkpoint"), with: key) }
            let report = try location.reader().verify(with: key, against: exported) { done, total in
                FileHandle.standardError.write(Data("verified \(done) of \(total) entries\n".utf8))
            }
            if json {
                try printJSON(Result(report))
            } else if let failure = report.failure {
                AuditOutput.print("FAILED: \(failure)")
            } else {
                AuditOutput.print("verified \(report.size) entries and \(report.checkpointsChecked) checkpoints")
            }
            if report.failure != nil { throw ExitCode(1) }
        } catch let error as AuditError {
            AuditOutput.fail("\(error)", status: 2)
        }
    }

    private struct Result: Encodable {
        var valid: Bool
        var size: UInt64
        var checkpoints: Int
        var failure: String?
        var firstBadEntry: UInt64?

        init(_ report: VerificationReport) {
            valid = report.isValid
            size = report.size
            checkpoints = report.checkpointsChecked
            failure = report.failure.map(String.init(describing:))
            firstBadEntry = report.failure?.firstEntry
        }
    }
}

/// The verifier key given as text or as a file, else the one derived from the key file.
func resolveVerifierKey(_ given: String?, location: AuditLocation) throws -> NoteVerifierKey {
    guard let given else { return try location.keys().verifierKey }
    if FileManager.default.fileExists(atPath: given) {
        return try NoteVerifierKey(try AuditOutput.read(given, what: "verifier key"))
    }
    return try NoteVerifierKey(given)
}
