import Foundation

/// One audited event: who did what to which data, when, and with what result.
///
/// The fields follow RFC 3881 as profiled by DICOM PS3.15 A.5. Build one with the fluent
/// helpers and hand it to an ``AuditLog``:
///
/// ```swift
/// let event = AuditEvent(.instancesAccessed, action: .read, actor: steward)
///     .involving(.study, id: "1.2.840.113619.2.55.3")
///     .detail("command", "study show")
/// try log.append(event)
/// ```
public struct AuditEvent: Hashable, Sendable, Codable {
    public var eventID: AuditEventID
    public var action: AuditAction
    public var outcome: AuditOutcome
    /// When the event happened, kept to the millisecond.
    public var time: Date
    public var actor: ActiveParticipant
    public var participants: [ParticipantObject]
    /// Free-form facts about the event ("command": "render", "frames": "3"), kept sorted.
    public var details: [String: String]

    public init(_ eventID: AuditEventID, action: AuditAction, outcome: AuditOutcome = .success,
                time: Date = Date(), actor: ActiveParticipant,
                participants: [ParticipantObject] = [], details: [String: String] = [:]) {
        self.eventID = eventID
        self.action = action
        self.outcome = outcome
        self.time = Date(millisecondsSince1970: time.millisecondsSince1970)
        self.actor = actor
        self.participants = participants
        self.details = details
    }

    /// This event with one more participant object.
    public func involving(_ kind: ParticipantObject.Kind, id: String) -> AuditEvent {
        var copy = self
        copy.participants.append(ParticipantObject(kind, id: id))
        return copy
    }

    /// This event with one more detail.
    public func detail(_ key: String, _ value: String) -> AuditEvent {
        var copy = self
        copy.details[key] = value
        return copy
    }

    /// This event with another outcome, for recording a failure after the fact.
    public func outcome(_ outcome: AuditOutcome) -> AuditEvent {
        var copy = self
        copy.outcome = outcome
        return copy
    }
}

extension Date {
    /// Whole milliseconds since 1970, the resolution of the canonical encoding.
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(millisecondsSince1970 ms: Int64) { self.init(timeIntervalSince1970: Double(ms) / 1000) }
}
