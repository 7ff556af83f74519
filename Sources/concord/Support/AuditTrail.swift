import Audit
import Foundation

/// What one command records in the audit log: who runs it, in which role, and what it showed
/// or changed.
///
/// Reads are recorded before the PHI is printed, so nothing is shown unrecorded. Changes are
/// audited write-ahead (``ChangePhase``): an intent is appended, durably, before anything is
/// written, and the result after — `committed`, or `refused` with outcome 8 and the store's
/// reason. A process killed in between leaves an intent without a result, which
/// `concord audit query --interrupted` lists; it never leaves a change with no record.
///
/// ```swift
/// session.audit.read([ParticipantObject(.study, id: uid)])      // then print
/// let version = try session.audit.change(.create, [ParticipantObject(.annotation, id: id)]) {
///     try session.store.save(annotation, author: author, parentVersion: nil)
/// }
/// ```
struct AuditTrail: Sendable {
    let log: SQLiteAuditLog
    let actor: ActiveParticipant
    /// The command line's subcommand, such as "annotate add", kept in each event's details.
    let command: String

    /// Records that the objects are about to be shown (DCM 110103 "DICOM Instances Accessed",
    /// or 110112 "Query" for a search), or exits 1 when the log cannot record it.
    func read(_ objects: [ParticipantObject], event: AuditEventID = .instancesAccessed,
              action: AuditAction = .read, details: [String: String] = [:]) {
        record(AuditEvent(event, action: action, actor: actor, participants: objects, details: details))
    }

    /// Records the intent to `action` the `objects`, runs `write`, then records its result:
    /// `committed`, or `refused` (outcome 8, with the reason) when it throws, which is rethrown.
    func change<T>(_ action: AuditAction, _ objects: [ParticipantObject], event: AuditEventID = .instancesAccessed,
                   details: [String: String] = [:], _ write: () throws -> T) throws -> T {
        let event = AuditEvent(event, action: action, actor: actor, participants: objects, details: details)
        let intent = intend(event)
        do {
            let result = try write()
            complete(event, intent: intent)
            return result
        } catch {
            refuse(event, intent: intent, reason: "\(error)")
            throw error
        }
    }

    /// Appends `event` as the intent of a change and returns its sequence number, or exits 1 —
    /// before anything is written — when the log cannot record it.
    func intend(_ event: AuditEvent) -> UInt64 {
        record(event.phase(.intent))
    }

    /// Appends `event` as the committed result of the change announced as `intent`.
    func complete(_ event: AuditEvent, intent: UInt64) {
        record(event.phase(.committed, of: intent))
    }

    /// Appends `event` as the refused result of the change announced as `intent`: outcome 8,
    /// with `reason` in `details.refused`.
    func refuse(_ event: AuditEvent, intent: UInt64, reason: String) {
        record(event.outcome(.seriousFailure).phase(.refused, of: intent).detail("refused", reason))
    }

    /// Appends `event` with the command's name and returns its sequence number, or exits 1
    /// saying why the log refused it.
    @discardableResult
    func record(_ event: AuditEvent) -> UInt64 {
        do {
            return try log.append(event.detail("command", command))
        } catch {
            fail("the audit log cannot record \(command): \(error)")
        }
    }
}
