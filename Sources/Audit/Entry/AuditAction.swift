/// What the actor did, RFC 3881 EventActionCode (DICOM PS3.15 A.5.1 "EventActionCode").
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case create = "C"
    case read = "R"
    case update = "U"
    case delete = "D"
    case execute = "E"
}

/// Whether the event succeeded, RFC 3881 EventOutcomeIndicator.
public enum AuditOutcome: UInt8, Sendable, Codable, CaseIterable {
    case success = 0
    case minorFailure = 4
    case seriousFailure = 8
    case majorFailure = 12
}
