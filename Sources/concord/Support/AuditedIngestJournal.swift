import Audit
import Foundation
import Store

/// Audits `concord ingest` write-ahead, one batch at a time (DCM 110107 "Import", action C).
///
/// Before a batch's transaction starts, an intent names the patient, study and instance of every
/// candidate in it; once it commits, the result names the instances stored now, with the
/// batch's counts, and a minor-failure outcome when some were conflicts. A run killed mid-way
/// leaves every committed batch recorded, the last one perhaps as an intent alone.
final class AuditedIngestJournal: IngestJournal, @unchecked Sendable {
    private let audit: AuditTrail
    private let lock = NSLock()
    /// Intents of batches announced and not yet finished, oldest first (batches finish in order).
    private var pending: [(event: AuditEvent, intent: UInt64)] = []

    init(audit: AuditTrail) {
        self.audit = audit
    }

    func willStore(_ batch: [IngestCandidate]) throws {
        let event = AuditEvent(.import, action: .create, actor: audit.actor,
                               participants: Self.objects(batch.map(\.header)))
        let intent = audit.intend(event)
        lock.withLock { pending.append((event, intent)) }
    }

    func didStore(_ batch: [IngestCandidate], outcomes: [IngestOutcome]) throws {
        let intent = nextIntent()
        var stored: [InstanceHeader] = []
        var alreadyPresent = 0
        var conflicts = 0
        for (candidate, outcome) in zip(batch, outcomes) {
            switch outcome {
            case .ingested: stored.append(candidate.header)
            case .alreadyPresent: alreadyPresent += 1
            case .conflict: conflicts += 1
            }
        }
        let result = AuditEvent(.import, action: .create, outcome: conflicts == 0 ? .success : .minorFailure,
                                actor: audit.actor, participants: Self.objects(stored),
                                details: ["ingested": String(stored.count), "alreadyPresent": String(alreadyPresent),
                                          "conflicts": String(conflicts)])
        audit.complete(result, intent: intent.intent)
    }

    func didFail(_ batch: [IngestCandidate], error: StoreError) throws {
        let intent = nextIntent()
        audit.refuse(intent.event, intent: intent.intent, reason: "\(error)")
    }

    private func nextIntent() -> (event: AuditEvent, intent: UInt64) {
        lock.withLock { pending.removeFirst() }
    }

    /// Each patient and study once, in order of first appearance, then every instance.
    static func objects(_ headers: [InstanceHeader]) -> [ParticipantObject] {
        var objects: [ParticipantObject] = []
        var seen: Set<ParticipantObject> = []
        for header in headers {
            for object in [ParticipantObject(.patient, id: header.patient.patientID),
                           ParticipantObject(.study, id: header.study.studyInstanceUID)]
            where seen.insert(object).inserted {
                objects.append(object)
            }
        }
        return objects + headers.map { ParticipantObject(.instance, id: $0.instance.sopInstanceUID) }
    }
}
