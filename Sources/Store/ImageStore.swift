import Annotations
import Foundation

/// Where images live: DICOM instances filed by patient, study and series, their original bytes,
/// and the queries a viewer or a workflow needs.
///
/// ``SQLiteStore`` is the embedded implementation; a PostgreSQL one can take its place without
/// changing callers, which see only this protocol.
public protocol ImageStore: Sendable {
    /// Stores a batch of parsed instances, all or nothing, and says what happened to each.
    ///
    /// Idempotent: the same bytes stored twice give ``IngestOutcome/alreadyPresent(sopInstanceUID:)``
    /// the second time and change nothing. Bytes that differ from what is stored under the same
    /// SOP Instance UID never overwrite it (``IngestOutcome/conflict(_:)``).
    func ingest(_ candidates: [IngestCandidate]) throws(StoreError) -> [IngestOutcome]

    /// Studies matching every criterion of `query`, newest study date first.
    func studies(matching query: StudyQuery) throws(StoreError) -> [Study]
    /// The study with this Study Instance UID, or nil.
    func study(_ studyInstanceUID: String) throws(StoreError) -> Study?
    /// The patient a study belongs to.
    func patient(pseudonym: String) throws(StoreError) -> Patient?
    /// The series of a study, by Series Number.
    func series(inStudy studyInstanceUID: String) throws(StoreError) -> [Series]
    /// The instances of a series, by Instance Number.
    func instances(inSeries seriesInstanceUID: String) throws(StoreError) -> [Instance]
    /// The instances of every series of a study.
    func instances(inStudy studyInstanceUID: String) throws(StoreError) -> [Instance]
    /// One instance by SOP Instance UID, or nil.
    func instance(_ sopInstanceUID: String) throws(StoreError) -> Instance?
    /// Size, spacing, position and orientation of every frame of an instance; nil when there
    /// is no such instance or it has no image.
    func geometry(of sopInstanceUID: String) throws(StoreError) -> ImageGeometry?
    /// The original bytes of a stored instance.
    func originalBytes(of sopInstanceUID: String) throws(StoreError) -> Data?
    /// Every conflict recorded by ingest, oldest first.
    func conflicts() throws(StoreError) -> [IngestConflict]
}

/// Where reports and clinical notes live, each attached to one study.
public protocol DocumentStore: Sendable {
    /// Attaches a UTF-8 document to the study named by Study Instance UID or Accession Number.
    ///
    /// Adding the same text to the same study again returns the document already stored.
    func addDocument(_ text: String, kind: ClinicalDocument.Kind, title: String?,
                     toStudy studyKey: String) throws(StoreError) -> ClinicalDocument
    /// The documents of a study, in the order they were added.
    func documents(ofStudy studyInstanceUID: String) throws(StoreError) -> [ClinicalDocument]
    /// One document by its identifier, or nil.
    func document(_ id: Int64) throws(StoreError) -> ClinicalDocument?
}
