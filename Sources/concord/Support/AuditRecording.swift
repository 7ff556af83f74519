import Audit
import Foundation

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
