import ArgumentParser
import Audit
import Foundation

/// `concord audit keys …`: creating the log's keys, rotating and shredding data keys.
struct AuditKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create the audit keys, rotate or destroy data keys, print the verifier key.",
        subcommands: [Init.self, Rotate.self, Destroy.self, Verifier.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key file (master and signing keys) and an empty audit log.",
            discussion: """
                The key file is written with mode 0600 to --key-file (default DIR/audit.key) and \
                never overwritten. Keep it off the machine's backups of DIR: whoever holds the \
                database and the key file can read the log.
                """
        )

        @OptionGroup var location: AuditLocation

        @Option(help: "The log's origin: the first line of its checkpoints and its key name.")
        var origin = "concord.local/audit"

        @Flag(help: "Print the key file path and verifier key as JSON.")
        var json = false

        func validate() throws {
            if origin.isEmpty || origin.contains(where: { $0 == "+" || $0.isWhitespace }) {
                throw ValidationError("--origin must be non-empty, without spaces or \"+\"")
            }
        }

        func run() throws {
            try AuditOutput.run {
                let (keys, path) = try initialiseAuditLog(dataDirectory: location.data, keyFile: location.keyFile, origin: origin)
                if json {
                    try printJSON(["keyFile": path, "verifierKey": keys.verifierKey.description])
                } else {
                    AuditOutput.print("created \(path) and the audit log in \(location.data)")
                    AuditOutput.print("verifier key: \(keys.verifierKey)")
                }
            }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal new entries under a fresh data key, or re-wrap the data keys under a new master key.",
            discussion: """
                Existing entries are never rewritten. With --master, a new key file (same origin \
                and signing key, new master key) is written to --new-key-file first, then every \
                data key is re-wrapped under it; from then on only the new key file opens the log.
                """
        )

        @OptionGroup var location: AuditLocation

        @Flag(help: "Rotate the master key instead of the data key.")
        var master = false

        @Option(help: "With --master: where to write the new key file (must not exist).")
        var newKeyFile: String?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            if master, newKeyFile == nil { throw ValidationError("--master needs --new-key-file") }
            if !master, newKeyFile != nil { throw ValidationError("--new-key-file is only for --master") }
        }

        func run() throws {
            try AuditOutput.run {
                let log = try location.writer()
                if master, let newKeyFile {
                    let newKeys = try location.keys().withNewMasterKey()
                    try newKeys.write(to: newKeyFile)
                    try log.rotateMasterKey(to: newKeys)
                    try SQLiteAuditLog(directory: location.data, keys: newKeys)
                        .append(AuditEvent(.securityAlert, action: .execute, actor: .commandLineUser(role: "steward"))
                            .detail("operation", "master key rotated").detail("masterKeyID", newKeys.masterKeyID))
                    if json { return try printJSON(["keyFile": newKeyFile, "masterKeyID": newKeys.masterKeyID]) }
                    return AuditOutput.print("data keys re-wrapped under master key \(newKeys.masterKeyID) in \(newKeyFile); destroy the old key file")
                }
                let id = try log.rotateDataKey()
                try log.append(AuditEvent(.securityAlert, action: .execute, actor: .commandLineUser(role: "steward"))
                    .detail("operation", "data key rotated").detail("keyID", String(id)))
                if json { return try printJSON(["keyID": id]) }
                AuditOutput.print("new entries are sealed under data key \(id)")
            }
        }
    }

    struct Destroy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Crypto-shred a data key: its entries stay verifiable but can never be read again.",
            discussion: "Irreversible. Pass --confirm to proceed."
        )

        @OptionGroup var location: AuditLocation

        @Option(help: "The data key id (see `concord audit show --json`, field keyID).")
        var keyID: Int64

        @Flag(help: "Confirm that the entries sealed under this key become unreadable for good.")
        var confirm = false

        func validate() throws {
            if !confirm { throw ValidationError("destroying a data key is irreversible; pass --confirm") }
        }

        func run() throws {
            try AuditOutput.run {
                let log = try location.writer()
                try log.destroyDataKey(keyID)
                try log.append(AuditEvent(.securityAlert, action: .delete, actor: .commandLineUser(role: "steward"))
                    .detail("operation", "data key destroyed").detail("keyID", String(keyID)))
                AuditOutput.print("data key \(keyID) destroyed")
            }
        }
    }

    struct Verifier: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the public verifier key third parties use to check checkpoints and proofs."
        )

        @OptionGroup var location: AuditLocation

        func run() throws {
            try AuditOutput.run { AuditOutput.print(try location.keys().verifierKey.description) }
        }
    }
}
