/// What was acted on (RFC 3881 ParticipantObjectIdentification): one patient, study, instance,
/// report, annotation, finding or export, named by its identifier.
public struct ParticipantObject: Hashable, Sendable, Codable {
    /// The kinds of data Concord records access to, each with its RFC 3881 type and role codes.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case patient, study, instance, document, annotation, finding, export

        /// ParticipantObjectTypeCode: 1 person, 2 system object.
        public var typeCode: UInt8 { self == .patient ? 1 : 2 }

        /// ParticipantObjectTypeCodeRole: 1 patient, 3 report, 4 resource, 16 data destination.
        public var roleCode: UInt8 {
            switch self {
            case .patient: 1
            case .document: 3
            case .export: 16
            case .study, .instance, .annotation, .finding: 4
            }
        }
    }

    public var kind: Kind
    /// The identifier: patient ID, Study or SOP Instance UID, or a Concord identifier.
    public var id: String

    public init(_ kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }
}
