/// Where a change stands in write-ahead auditing: every change is recorded twice, first as an
/// intent before anything is written, then as its result.
///
/// A process killed between the two leaves an intent that no result names: an *interrupted*
/// change, which may or may not have committed, but is never a change with no record at all.
/// Both entries carry the same event code, action, actor and participant objects; they differ
/// in `details`:
///
/// | entry | `details.phase` | also |
/// |---|---|---|
/// | intent, appended before the write | `intent` | |
/// | result, the write committed | `committed` | `intent` = the intent's sequence number |
/// | result, the write was refused | `refused` | `intent`, `refused` = the reason; outcome 8 |
///
/// ```swift
/// let intent = try log.append(event.phase(.intent))
/// try write()
/// try log.append(event.phase(.committed, of: intent))
/// ```
public enum ChangePhase: String, Sendable, CaseIterable {
    case intent
    case committed
    case refused

    /// The `details` key holding the phase.
    public static let detailKey = "phase"
    /// The `details` key in which a result names its intent's sequence number.
    public static let intentKey = "intent"
}

extension AuditEvent {
    /// The phase of a write-ahead audited change, or nil for an event that is not one (a read).
    public var phase: ChangePhase? { details[ChangePhase.detailKey].flatMap(ChangePhase.init(rawValue:)) }

    /// For a result, the sequence number of the intent it completes.
    public var intentSequence: UInt64? { details[ChangePhase.intentKey].flatMap { UInt64($0) } }

    /// This event as the intent of a change.
    public func phase(_ phase: ChangePhase) -> AuditEvent {
        detail(ChangePhase.detailKey, phase.rawValue)
    }

    /// This event as the result (`committed` or `refused`) of the intent appended as `intent`.
    public func phase(_ phase: ChangePhase, of intent: UInt64) -> AuditEvent {
        detail(ChangePhase.detailKey, phase.rawValue).detail(ChangePhase.intentKey, String(intent))
    }
}

extension Sequence where Element == RecordedEvent {
    /// The intents no result names: changes whose process stopped between announcing and
    /// finishing them, oldest first. Entries sealed under a destroyed key cannot be read and are
    /// neither intents nor results here.
    public func interruptedChanges() -> [RecordedEvent] {
        var intents: [RecordedEvent] = []
        var completed: Set<UInt64> = []
        for recorded in self {
            guard let event = recorded.event, let phase = event.phase else { continue }
            if phase == .intent {
                intents.append(recorded)
            } else if let intent = event.intentSequence {
                completed.insert(intent)
            }
        }
        return intents.filter { !completed.contains($0.sequence) }
    }
}
