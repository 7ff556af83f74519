/// The one way audit entries are written. Domain modules and the CLI hold an `AuditLog` and
/// call ``append(_:)`` for every read or change of PHI or ground truth; nothing else writes to
/// the log.
///
/// ```swift
/// func show(study uid: String, as user: ActiveParticipant, log: some AuditLog) throws {
///     try log.append(AuditEvent(.instancesAccessed, action: .read, actor: user)
///         .involving(.study, id: uid))
///     …
/// }
/// ```
public protocol AuditLog: Sendable {
    /// Records `event` durably and returns its sequence number. When this returns the entry has
    /// reached the disk: it survives a crash or `kill -9` of the process.
    @discardableResult
    func append(_ event: AuditEvent) throws -> UInt64
}
