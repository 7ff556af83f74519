import ArgumentParser
import Audit
import Foundation

/// `concord audit prove --index I --size N`: an inclusion proof a third party can check.
struct AuditProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove that entry I is in the log at size N.",
        discussion: """
            Use a checkpointed size so the proof can be checked against that checkpoint: \
            `concord audit prove --index 7 --size 1000 --json > proof.json`, then anyone with \
            the checkpoint and the verifier key runs `concord audit verify-proof`.
            """
    )

    @OptionGroup var location: AuditLocation

    @Option(help: "The entry's sequence number.")
    var index: UInt64

    @Option(help: "The tree size (default: the whole log).")
    var size: UInt64?

    @Flag(help: "Print the proof document (JSON) for verify-proof.")
    var json = false

    func run() throws {
        try AuditOutput.run {
            let reader = try location.reader()
            let proof = try reader.inclusionProof(index: index, size: size ?? reader.size())
            if json { return try printJSON(ProofDocument(inclusion: proof)) }
            AuditOutput.print("entry \(proof.index) in the log of \(proof.treeSize) entries, \(proof.hashes.count) hashes:")
            for hash in proof.hashes { AuditOutput.print("  \(hash)") }
        }
    }
}

/// `concord audit consistency --from M --to N`: the log at M is a prefix of the log at N.
struct AuditConsistencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Prove that the log at size M is a prefix of the log at size N (nothing altered, only appended)."
    )

    @OptionGroup var location: AuditLocation

    @Option(help: "The older size.")
    var from: UInt64

    @Option(help: "The newer size (default: the whole log).")
    var to: UInt64?

    @Flag(help: "Print the proof document (JSON) for verify-proof.")
    var json = false

    func run() throws {
        try AuditOutput.run {
            let reader = try location.reader()
            let proof = try reader.consistencyProof(from: from, to: to ?? reader.size())
            if json { return try printJSON(ProofDocument(consistency: proof)) }
            AuditOutput.print("log at \(proof.oldSize) is a prefix of the log at \(proof.newSize), \(proof.hashes.count) hashes:")
            for hash in proof.hashes { AuditOutput.print("  \(hash)") }
        }
    }
}

/// `concord audit verify-proof`: what a third party runs, with no access to the log.
struct AuditVerifyProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Check a proof document against signed checkpoints, without the log.",
        discussion: """
            An inclusion proof needs --checkpoint at the proof's size; a consistency proof needs \
            --old-checkpoint and --checkpoint at its two sizes. Both need the log's verifier key \
            (`concord audit keys verifier`). Exits 0 when the proof holds, 1 otherwise.
            """
    )

    @Option(help: "The proof document from `prove --json` or `consistency --json`.")
    var proof: String

    @Option(help: "The signed checkpoint at the proof's (newer) size.")
    var checkpoint: String

    @Option(help: "For a consistency proof: the signed checkpoint at the older size.")
    var oldCheckpoint: String?

    @Option(help: "The log's verifier key (name+hash+key) or a file holding it.")
    var verifierKey: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        var message: String
        var valid = true
        do {
            let key = FileManager.default.fileExists(atPath: verifierKey)
                ? try NoteVerifierKey(try AuditOutput.read(verifierKey, what: "verifier key"))
                : try NoteVerifierKey(verifierKey)
            let newer = try SignedNote.verify(try AuditOutput.read(checkpoint, what: "checkpoint"), with: key)
            let document = try JSONDecoder().decode(ProofDocument.self, from: Data(try AuditOutput.read(proof, what: "proof").utf8))
            if let inclusion = document.inclusion {
                try inclusion.verify(against: newer)
                message = "entry \(inclusion.index) is in the log \(newer.origin) at size \(newer.size)"
            } else if let consistency = document.consistency {
                guard let oldCheckpoint else { throw ValidationError("a consistency proof needs --old-checkpoint") }
                let older = try SignedNote.verify(try AuditOutput.read(oldCheckpoint, what: "checkpoint"), with: key)
                try consistency.verify(from: older, to: newer)
                message = "the log \(newer.origin) at size \(older.size) is a prefix of the log at size \(newer.size)"
            } else {
                throw ValidationError("\(proof) holds neither an inclusion nor a consistency proof")
            }
        } catch let error as AuditError {
            valid = false
            message = "\(error)"
        } catch let error as DecodingError {
            valid = false
            message = "\(proof) is not a proof document (\(error))"
        }
        if json {
            try printJSON(["valid": valid ? "true" : "false", "message": message])
        } else {
            AuditOutput.print(valid ? "OK: \(message)" : "FAILED: \(message)")
        }
        if !valid { throw ExitCode(1) }
    }
}

/// The file `prove --json` and `consistency --json` write: one of the two proofs.
struct ProofDocument: Codable {
    var inclusion: InclusionProof?
    var consistency: ConsistencyProof?

    init(inclusion: InclusionProof) { self.inclusion = inclusion }
    init(consistency: ConsistencyProof) { self.consistency = consistency }
}
