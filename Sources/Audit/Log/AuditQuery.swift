import Foundation

/// Which events a steward asks for; every field left `nil` matches everything.
///
/// ```swift
/// let reads = AuditQuery(userID: "dr.lee", action: .read, from: yesterday)
/// ```
public struct AuditQuery: Sendable, Equatable {
    public var userID: String?
    public var objectID: String?
    public var objectKind: ParticipantObject.Kind?
    public var action: AuditAction?
    /// Events at or after this time.
    public var from: Date?
    /// Events before this time.
    public var to: Date?

    public init(userID: String? = nil, objectID: String? = nil, objectKind: ParticipantObject.Kind? = nil,
                action: AuditAction? = nil, from: Date? = nil, to: Date? = nil) {
        self.userID = userID
        self.objectID = objectID
        self.objectKind = objectKind
        self.action = action
        self.from = from
        self.to = to
    }

    public func matches(_ event: AuditEvent) -> Bool {
        if let userID, event.actor.userID != userID { return false }
        if let action, event.action != action { return false }
        if let from, event.time < from { return false }
        if let to, event.time >= to { return false }
        if objectID != nil || objectKind != nil {
            return event.participants.contains { object in
                (objectID == nil || object.id == objectID) && (objectKind == nil || object.kind == objectKind)
            }
        }
        return true
    }
}

/// An entry as a steward sees it: its sequence number and, unless its data key was destroyed,
/// the decrypted event.
public struct RecordedEvent: Sendable, Equatable {
    public let sequence: UInt64
    public let keyID: Int64
    /// `nil` when the entry's data key was crypto-shredded.
    public let event: AuditEvent?
}
