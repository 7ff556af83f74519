import Foundation
import GRDB
import Ontology

/// The embedded store: one SQLite database (through GRDB, WAL mode, foreign keys on) and a
/// content-addressed blob folder, both under one data directory.
///
/// ```
/// .concord/
///   concord.sqlite    patients, studies, series, instances, frames, blobs, documents
///   blobs/sha256/…    original DICOM bytes, named by SHA-256 (see BlobStore)
///   open.lock, session.lock
/// ```
///
/// ```swift
/// let store = try SQLiteStore(directory: URL(fileURLWithPath: ".concord"))
/// let outcomes = try store.ingest([try IngestCandidate(path: "ct/1.dcm")])
/// let studies = try store.studies(matching: StudyQuery(modality: "CT"))
/// ```
///
/// ## Crash safety
///
/// The invariant is: every `blob` row has its file, and every file under `blobs/sha256/` has its
/// `blob` row — whatever moment a process is killed at. It holds because of the order of writes:
///
/// 1. a marker file is written to `blobs/pending/` (``BlobStore/beginWriting()``);
/// 2. each blob is written to a temporary file beside its final name and renamed into place
///    (atomic), then one `syncfs` makes the batch's files and names durable — a file is complete
///    and durable before anything refers to it;
/// 3. only then are the `blob` rows and the rows referring to them committed, in one SQLite
///    transaction (all or nothing), and the marker is removed;
/// 4. a kill between 1 and 3 leaves blob files without rows, temporary files, and the marker.
///    The *recovery sweep* run at open sees the marker and deletes those files.
///
/// The sweep must not delete a blob another live process has written but not yet committed, so
/// it runs only when this process is the only one with the store open (``SessionLock``). Rows
/// are never deleted, so a row can never lose its file.
public final class SQLiteStore: ImageStore, DocumentStore, Sendable {
    /// The data directory.
    public let directory: URL
    /// The database's file name under the data directory, `concord.sqlite`.
    public static let databaseFileName = "concord.sqlite"
    /// The blob folder holding the original bytes.
    public let blobs: BlobStore
    let database: DatabasePool
    private let session: SessionLock

    /// What the recovery sweep did when this store was opened.
    public let recovery: RecoveryReport
    /// The concepts annotations may use; nil for a store that only files images and documents.
    public let ontology: Ontology?

    /// Opens the store in `directory`, creating it if needed, bringing its schema up to date and,
    /// if no other process has it open, sweeping away what a killed writer left behind.
    ///
    /// - Parameter ontology: the concepts annotation labels are checked against; without one,
    ///   annotation writes fail with ``StoreError/ontologyRequired``.
    public init(directory: URL, ontology: Ontology? = nil) throws(StoreError) {
        self.directory = directory
        self.ontology = ontology
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory.path, reason: error.localizedDescription)
        }
        let blobs = try BlobStore(root: directory.appendingPathComponent("blobs", isDirectory: true))
        self.blobs = blobs
        // Creating the database (switching it to WAL) and migrating it happen one opener at a time.
        let session = try SessionLock(directory: directory)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process may hold the write lock for a whole ingest batch; wait, don't fail.
        configuration.busyMode = .timeout(60)
        // WAL with synchronous=NORMAL survives a killed process; a power loss can lose the last
        // commits, which leaves blobs without rows — exactly what the recovery sweep removes.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let path = directory.appendingPathComponent(Self.databaseFileName).path
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(database)
        } catch {
            throw .database(reason: "\(path): \(error)")
        }
        recovery = session.isAlone() ? try Self.sweep(database: database, blobs: blobs) : RecoveryReport()
        try session.finishOpening()
        self.session = session
    }

    /// Runs `body` in an immediate write transaction: it takes SQLite's write lock at once, so
    /// two processes never deadlock upgrading a read into a write.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.database(reason: "transaction produced no result") }
                return result
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(reason: "\(error)")
        }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(reason: "\(error)")
        }
    }
}
