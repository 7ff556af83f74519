import Audit
import Foundation

/// What one command records in the audit log: who runs it, in which role, and what it showed
/// or changed.
///
/// Reads are recorded before the PHI is printed, so nothing is shown unrecorded. Changes are
/// recorded after they commit; a change the store refuses is recorded with a failure outcome
/// and the refusal is passed on.
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

    /// Runs `write`, then records it with `action` on `objects`: success once it has committed,
    /// a serious failure (outcome 8) with the reason when it throws, and rethrows.
    func change<T>(_ action: AuditAction, _ objects: [ParticipantObject], event: AuditEventID = .instancesAccessed,
                   details: [String: String] = [:], _ write: () throws -> T) throws -> T {
        let event = AuditEvent(event, action: action, actor: actor, participants: objects, details: details)
        do {
            let result = try write()
            record(event)
            return result
        } catch {
            record(event.outcome(.seriousFailure).detail("refused", "\(error)"))
            throw error
        }
    }

    /// Appends `event` with the command's name, or exits 1 saying why the log refused it.
    func record(_ event: AuditEvent) {
        do {
            try log.append(event.detail("command", command))
        } catch {
            fail("the audit log cannot record \(command): \(error)")
        }
    }
}
