import Audit
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ActiveParticipant {
    /// The person running the CLI: `$CONCORD_USER`, else `$USER`, else the account the process
    /// runs as (so that a cron job or CI run without `$USER` is still named); the given role; this host.
    static func commandLineUser(role: String) -> ActiveParticipant {
        let environment = ProcessInfo.processInfo.environment
        let account = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
        let userID = environment["CONCORD_USER"] ?? environment["USER"] ?? account ?? "uid \(geteuid())"
        return ActiveParticipant(userID: userID, role: role, networkAccessPoint: ProcessInfo.processInfo.hostName)
    }
}

/// The audit log under `dataDirectory`, with keys from `keyFile`, `$CONCORD_AUDIT_KEYS`,
/// `$CONCORD_AUDIT_KEY_FILE` or `DIR/audit.key`. Fails (telling the user to run
/// `concord audit keys init`) when there is no log yet.
func openAuditLog(dataDirectory: String, keyFile: String? = nil) throws -> SQLiteAuditLog {
    try SQLiteAuditLog(directory: dataDirectory,
                       keys: try AuditKeys.resolve(keyFile: keyFile, defaultFile: defaultAuditKeyFile(dataDirectory)))
}

/// Where a data directory keeps its audit key file unless told otherwise: `DIR/audit.key`.
func defaultAuditKeyFile(_ dataDirectory: String) -> String {
    (dataDirectory as NSString).appendingPathComponent("audit.key")
}

/// Creates fresh keys, writes them to `keyFile` (mode 0600, never over an existing file) and
/// creates an empty log in `dataDirectory`: what `concord audit keys init` does.
///
/// - Returns: the keys and the path of the key file written.
func initialiseAuditLog(dataDirectory: String, keyFile: String?, origin: String) throws -> (keys: AuditKeys, keyFile: String) {
    let keys = AuditKeys.generate(origin: origin)
    let path = keyFile ?? defaultAuditKeyFile(dataDirectory)
    try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
    try keys.write(to: path)
    try SQLiteAuditLog.create(directory: dataDirectory, keys: keys)
    return (keys, path)
}

/// The audit log a store command writes to.
///
/// A brand-new data directory — no store database and no audit log yet — gets its log here,
/// under keys from `$CONCORD_AUDIT_KEYS`, `$CONCORD_AUDIT_KEY_FILE` or an existing
/// `DIR/audit.key`, or else under fresh keys written to `DIR/audit.key` as `concord audit keys
/// init` would, which the user is told on stderr. Anywhere else the log and its key must
/// already exist: a missing or wrong key fails with the audit module's own error, never by
/// starting a second log.
func openAuditLogForStore(dataDirectory: String) throws -> SQLiteAuditLog {
    let manager = FileManager.default
    let directory = dataDirectory as NSString
    try manager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
    // Two commands starting on one new directory must not both make keys: the second waits
    // here and then finds the log the first made. A killed first run may leave its key file
    // without a log; the next run makes the log under that key.
    try withExclusiveLock(directory.appendingPathComponent("audit-setup.lock")) {
        let isNew = !manager.fileExists(atPath: directory.appendingPathComponent(SQLiteStore.databaseFileName))
            && !manager.fileExists(atPath: directory.appendingPathComponent(SQLiteAuditLog.fileName))
        guard isNew else { return }
        let defaultKeyFile = defaultAuditKeyFile(dataDirectory)
        let environment = ProcessInfo.processInfo.environment
        if manager.fileExists(atPath: defaultKeyFile) || environment[AuditKeys.environmentVariable] != nil
            || environment[AuditKeys.fileEnvironmentVariable] != nil {
            try SQLiteAuditLog.create(directory: dataDirectory, keys: AuditKeys.resolve(keyFile: nil, defaultFile: defaultKeyFile))
            return
        }
        let created = try initialiseAuditLog(dataDirectory: dataDirectory, keyFile: nil, origin: "concord.local/audit")
        FileHandle.standardError.write(Data("""
            concord: new data directory \(dataDirectory): created the audit key file \(created.keyFile) \
            and the audit log; keep the key file safe and off backups of the directory

            """.utf8))
    }
    return try openAuditLog(dataDirectory: dataDirectory)
}

/// Runs `body` holding an exclusive `flock` on `path` (created if missing). The kernel drops
/// the lock of a killed process, so a crash never leaves it held.
private func withExclusiveLock(_ path: String, _ body: () throws -> Void) throws {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw AuditSetupError(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 {
        guard errno == EINTR else { throw AuditSetupError(path: path, reason: String(cString: strerror(errno))) }
    }
    try body()
}

/// The lock that serialises setting up a new data directory's audit log cannot be taken.
struct AuditSetupError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot lock \(path): \(reason)" }
}
