import Annotations

/// Where annotations live, append-only: every change is a new ``AnnotationVersion`` and
/// "current" is the newest version of each object unless that version deletes it.
///
/// Every write validates first (geometry against the stored image, concepts against the
/// ontology, spans against the stored document, references to other annotations) and writes
/// nothing if anything is wrong.
public protocol AnnotationStore: Sendable {
    /// Stores `annotation` as a new version.
    ///
    /// - Parameter parentVersion: nil to create the object; otherwise the version the author
    ///   edited, which must still be the newest (else ``StoreError/versionConflict(_:expected:found:)``).
    @discardableResult
    func save(_ annotation: Annotation, author: String, parentVersion: Int?) throws(StoreError) -> AnnotationVersion

    /// Deletes an object by appending a version that says so; its history stays.
    @discardableResult
    func delete(_ id: AnnotationID, author: String, parentVersion: Int) throws(StoreError) -> AnnotationVersion

    /// Every version of an object, oldest first; empty if there is no such object.
    func history(of id: AnnotationID) throws(StoreError) -> [AnnotationVersion]

    /// The newest version of an object unless it is deleted.
    func current(_ id: AnnotationID) throws(StoreError) -> AnnotationVersion?

    /// The current versions of the objects matching `query`, in the order they were last changed.
    func annotations(matching query: AnnotationQuery) throws(StoreError) -> [AnnotationVersion]
}

/// Everything a Concord store offers: images, documents and annotations. Callers such as the
/// CLI hold `any ConcordStore`, so a PostgreSQL implementation can stand in for ``SQLiteStore``.
public typealias ConcordStore = ImageStore & DocumentStore & AnnotationStore
