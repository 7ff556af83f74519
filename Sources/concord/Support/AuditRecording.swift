import Audit
import Foundation
import Store

extension ActiveParticipant {
    /// The person running the CLI: `$CONCORD_USER` or the login name, the given role, and this host.
    static func commandLineUser(role: String) -> ActiveParticipant {
        let environment = ProcessInfo.processInfo.environment
        return ActiveParticipant(userID: environment["CONCORD_USER"] ?? environment["USER"] ?? "unknown",
                                 role: role, networkAccessPoint: ProcessInfo.processInfo.hostName)
    }
}

/// The audit log under `dataDirectory`, with keys from `keyFile`, `$CONCORD_AUDIT_KEYS`,
/// `$CONCORD_AUDIT_KEY_FILE` or `DIR/audit.key`. Fails (telling the user to run
/// `concord audit keys init`) when there is no log yet.
func openAuditLog(dataDirectory: String, keyFile: String? = nil) throws -> SQLiteAuditLog {
    let defaultKeyFile = (dataDirectory as NSString).appendingPathComponent("audit.key")
    return try SQLiteAuditLog(directory: dataDirectory,
                              keys: try AuditKeys.resolve(keyFile: keyFile, defaultFile: defaultKeyFile))
}

/// Creates fresh keys, writes them to `keyFile` (mode 0600, never over an existing file) and
/// creates an empty log in `dataDirectory`: what `concord audit keys init` does.
///
/// - Returns: the keys and the path of the key file written.
func initialiseAuditLog(dataDirectory: String, keyFile: String?, origin: String) throws -> (keys: AuditKeys, keyFile: String) {
    let keys = AuditKeys.generate(origin: origin)
    let path = keyFile ?? (dataDirectory as NSString).appendingPathComponent("audit.key")
    try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
    try keys.write(to: path)
    try SQLiteAuditLog.create(directory: dataDirectory, keys: keys)
    return (keys, path)
}

/// The audit log a store command writes to.
///
/// A brand-new data directory — no store database and no audit log yet — gets its keys and log
/// here, as `concord audit keys init` would make them, and the user is told on stderr where
/// the key file is. (With `$CONCORD_AUDIT_KEYS` or `$CONCORD_AUDIT_KEY_FILE` set, those keys
/// are used and no key file is written.) Anywhere else the log and its key must already exist:
/// a missing or wrong key fails with the audit module's own error, never by starting a second log.
func openAuditLogForStore(dataDirectory: String) throws -> SQLiteAuditLog {
    let manager = FileManager.default
    let directory = dataDirectory as NSString
    let isNew = !manager.fileExists(atPath: directory.appendingPathComponent(SQLiteStore.databaseFileName))
        && !manager.fileExists(atPath: directory.appendingPathComponent(SQLiteAuditLog.fileName))
    if isNew {
        let environment = ProcessInfo.processInfo.environment
        if environment[AuditKeys.environmentVariable] != nil || environment[AuditKeys.fileEnvironmentVariable] != nil {
            try SQLiteAuditLog.create(directory: dataDirectory,
                                      keys: AuditKeys.resolve(keyFile: nil, defaultFile: directory.appendingPathComponent("audit.key")))
        } else {
            let created = try initialiseAuditLog(dataDirectory: dataDirectory, keyFile: nil, origin: "concord.local/audit")
            FileHandle.standardError.write(Data("""
                concord: new data directory \(dataDirectory): created the audit key file \(created.keyFile) \
                and the audit log; keep the key file safe and off backups of the directory

                """.utf8))
        }
    }
    return try openAuditLog(dataDirectory: dataDirectory)
}

/// Appends `event` to the audit log under `dataDirectory`: the one call a command makes when
/// it shows or changes stored PHI or ground truth.
///
/// ```swift
/// try recordAudit(AuditEvent(.instancesAccessed, action: .read, actor: .commandLineUser(role: "annotator"))
///     .involving(.study, id: studyUID).detail("command", "study show"), dataDirectory: data)
/// ```
///
/// Throws when the log cannot record it, so the command fails instead of acting unaudited.
func recordAudit(_ event: AuditEvent, dataDirectory: String, keyFile: String? = nil) throws {
    try openAuditLog(dataDirectory: dataDirectory, keyFile: keyFile).append(event)
}
