import Foundation

/// Why the store refused an operation. Every case names the thing the user can fix.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data directory or one of its files could not be created, read or written.
    case io(path: String, reason: String)
    /// The SQLite database could not be opened, migrated or queried.
    case database(reason: String)
    /// A DICOM file lacks an attribute the store needs to file it (study, series, instance UIDs).
    case missingAttribute(keyword: String)
    /// No study has this Study Instance UID or Accession Number.
    case studyNotFound(String)
    /// More than one study carries this Accession Number; name the study by its UID instead.
    case ambiguousAccessionNumber(String, studyInstanceUIDs: [String])
    /// A clinical document's text is empty or is not valid UTF-8.
    case invalidDocument(reason: String)

    public var description: String {
        switch self {
        case let .io(path, reason): "I/O error on \(path): \(reason)"
        case let .database(reason): "database error: \(reason)"
        case let .missingAttribute(keyword): "missing required attribute \(keyword)"
        case let .studyNotFound(key): "no study with Study Instance UID or Accession Number \(key)"
        case let .ambiguousAccessionNumber(accession, uids):
            "accession number \(accession) names \(uids.count) studies (\(uids.joined(separator: ", "))); give a Study Instance UID"
        case let .invalidDocument(reason): "invalid clinical document: \(reason)"
        }
    }
}
