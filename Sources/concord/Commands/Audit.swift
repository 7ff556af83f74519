import ArgumentParser
import Audit
import Foundation

/// `concord audit …`: the steward's view of the encrypted, tamper-evident audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, read, checkpoint and prove the audit log.",
        discussion: """
            The log lives in DIR/audit.sqlite (--data DIR). Its keys come from --key-file, else \
            $CONCORD_AUDIT_KEYS (the key file's text), else the file $CONCORD_AUDIT_KEY_FILE names, \
            else DIR/audit.key; never from the database. Start with `concord audit keys init`.
            """,
        subcommands: [AuditVerifyCommand.self, AuditShowCommand.self, AuditQueryCommand.self, AuditCheckpointCommand.self,
                      AuditProveCommand.self, AuditConsistencyCommand.self, AuditVerifyProofCommand.self, AuditKeysCommand.self]
    )
}

/// Where the log and its keys are.
struct AuditLocation: ParsableArguments {
    @Option(help: "The data directory holding audit.sqlite.")
    var data = ".concord"

    @Option(help: "The audit key file (default: $CONCORD_AUDIT_KEYS, $CONCORD_AUDIT_KEY_FILE, then DIR/audit.key).")
    var keyFile: String?

    func keys() throws(AuditError) -> AuditKeys {
        try AuditKeys.resolve(keyFile: keyFile, defaultFile: defaultAuditKeyFile(data))
    }

    func reader() throws(AuditError) -> AuditLogReader { try AuditLogReader(directory: data) }

    func writer() throws -> SQLiteAuditLog { try openAuditLog(dataDirectory: data, keyFile: keyFile) }

    /// Records that a steward read the log (DCM 110101 "Audit Log Used"), under the keys the
    /// command has already resolved.
    func recordUse(command: String, keys: AuditKeys) throws {
        try SQLiteAuditLog(directory: data, keys: keys)
            .append(AuditEvent(.auditLogUsed, action: .read, actor: .commandLineUser(role: "steward")).detail("command", command))
    }
}

/// Shared output for the audit commands.
enum AuditOutput {
    /// Runs `body`; an ``AuditError`` becomes one line on stderr and exit status 1.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as AuditError {
            fail("\(error)")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            fail("\(error)")
        }
    }

    static func fail(_ message: String, status: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("concord audit: \(message)\n".utf8))
        Foundation.exit(status)
    }

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func read(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the \(what) \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
