import Annotations
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
    /// An annotation failed validation; nothing was written.
    case invalidAnnotation(AnnotationError)
    /// An annotation refers to an image, series or document the store does not hold.
    case notFound(what: String, key: String)
    /// No annotation object has this identifier (or it is deleted, where a live one is needed).
    case annotationNotFound(AnnotationID)
    /// A change was made on top of a version that is no longer the newest: someone else changed
    /// the object meanwhile. Reload it and apply the change again.
    case versionConflict(AnnotationID, expected: Int?, found: Int?)
    /// A new version of an object has a different kind from its earlier versions.
    case kindMismatch(AnnotationID, stored: String, given: String)
    /// An author name is empty.
    case missingAuthor
    /// The store was opened without an ontology, so concepts cannot be checked.
    case ontologyRequired
    /// The ``IngestJournal`` (the audit log, in the CLI) could not record a batch, so ingest
    /// stopped; a batch it could not announce was not written.
    case journalRefused(reason: String)

    public var description: String {
        switch self {
        case let .io(path, reason): "I/O error on \(path): \(reason)"
        case let .database(reason): "database error: \(reason)"
        case let .missingAttribute(keyword): "missing required attribute \(keyword)"
        case let .studyNotFound(key): "no study with Study Instance UID or Accession Number \(key)"
        case let .ambiguousAccessionNumber(accession, uids):
            "accession number \(accession) names \(uids.count) studies (\(uids.joined(separator: ", "))); give a Study Instance UID"
        case let .invalidDocument(reason): "invalid clinical document: \(reason)"
        case let .invalidAnnotation(error): "invalid annotation, nothing written: \(error)"
        case let .notFound(what, key): "no \(what) \(key) in the store"
        case let .annotationNotFound(id): "no current annotation \(id)"
        case let .versionConflict(id, expected, found):
            "annotation \(id) is at version \(found.map(String.init) ?? "none"), not \(expected.map(String.init) ?? "none"): it changed meanwhile; reload it and apply the change again"
        case let .kindMismatch(id, stored, given): "annotation \(id) is a \(stored), not a \(given)"
        case .missingAuthor: "an author is required"
        case .ontologyRequired: "the store was opened without an ontology, so annotation concepts cannot be validated"
        case let .journalRefused(reason): "the ingest journal could not record a batch, so ingest stopped: \(reason)"
        }
    }
}
