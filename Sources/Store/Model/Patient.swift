/// A person whose images are stored, under an internal pseudonym.
///
/// The pseudonym (`PT-` and 16 hex digits, random) is what the rest of Concord — annotations,
/// workflow, exports — refers to. The identifying fields from the DICOM header sit beside it,
/// so they can be shown to people entitled to see them and left out of everything else.
public struct Patient: Hashable, Sendable, Codable {
    /// Internal pseudonymous identifier, stable for the life of the store.
    public var pseudonym: String
    /// Patient ID (0010,0020) as the images carry it. PHI.
    public var patientID: String
    /// Issuer of Patient ID (0010,0021); with ``patientID`` it identifies the person. PHI.
    public var issuerOfPatientID: String
    /// Patient's Name (0010,0010), DICOM PN form (`Family^Given`). PHI.
    public var name: String?
    /// Patient's Birth Date (0010,0030) as `YYYY-MM-DD`. PHI.
    public var birthDate: String?
    /// Patient's Sex (0010,0040): `M`, `F` or `O`.
    public var sex: String?

    public init(pseudonym: String, patientID: String, issuerOfPatientID: String = "",
                name: String? = nil, birthDate: String? = nil, sex: String? = nil) {
        self.pseudonym = pseudonym
        self.patientID = patientID
        self.issuerOfPatientID = issuerOfPatientID
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
    }
}
