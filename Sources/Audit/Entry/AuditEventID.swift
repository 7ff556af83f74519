/// The kind of event, a coded value (RFC 3881 EventID; DICOM PS3.15 A.5.3 uses codes from the
/// DCM scheme, PS3.16 CID 400 "Audit Event ID").
public struct AuditEventID: Hashable, Sendable, Codable {
    public var scheme: String
    public var code: String
    public var meaning: String

    public init(scheme: String, code: String, meaning: String) {
        self.scheme = scheme
        self.code = code
        self.meaning = meaning
    }

    /// Instances, reports or annotations were read or changed (DCM 110103).
    public static let instancesAccessed = AuditEventID(scheme: "DCM", code: "110103", meaning: "DICOM Instances Accessed")
    /// Data left the system (DCM 110106).
    public static let export = AuditEventID(scheme: "DCM", code: "110106", meaning: "Export")
    /// Data entered the system (DCM 110107).
    public static let `import` = AuditEventID(scheme: "DCM", code: "110107", meaning: "Import")
    /// A search was run (DCM 110112).
    public static let query = AuditEventID(scheme: "DCM", code: "110112", meaning: "Query")
    /// The audit log itself was read or maintained (DCM 110101).
    public static let auditLogUsed = AuditEventID(scheme: "DCM", code: "110101", meaning: "Audit Log Used")
    /// A security-relevant change, such as a key rotation (DCM 110113).
    public static let securityAlert = AuditEventID(scheme: "DCM", code: "110113", meaning: "Security Alert")
}
