import GRDB

/// What the recovery sweep found when the store was opened.
public struct RecoveryReport: Hashable, Sendable, Codable {
    /// Whether the sweep ran: it runs when no other process has the store open and a writer
    /// left a marker saying it may have blobs without rows (see ``BlobStore/beginWriting()``).
    public var ran = false
    /// Blob files deleted because no row referred to them (a writer was killed before committing).
    public var orphanBlobsRemoved = 0

    public init(ran: Bool = false, orphanBlobsRemoved: Int = 0) {
        self.ran = ran
        self.orphanBlobsRemoved = orphanBlobsRemoved
    }
}

extension SQLiteStore {
    /// Deletes half-written temporary files and blob files that no `blob` row refers to, if a
    /// writer left a marker. Called only while this process holds the store alone (see
    /// ``SessionLock``).
    static func sweep(database: DatabasePool, blobs: BlobStore) throws(StoreError) -> RecoveryReport {
        guard blobs.hasUnfinishedWrites else { return RecoveryReport() }
        try blobs.removeTemporaryFiles()
        let known: Set<String>
        do {
            known = try database.read { db in try Set(String.fetchAll(db, sql: "SELECT sha256 FROM blob")) }
        } catch {
            throw .database(reason: "\(error)")
        }
        var removed = 0
        for address in try blobs.allAddresses() where !known.contains(address.hex) {
            try blobs.remove(address)
            removed += 1
        }
        try blobs.removeWriteMarkers()
        return RecoveryReport(ran: true, orphanBlobsRemoved: removed)
    }

    /// Checks the store's invariants: SQLite's own integrity check, foreign keys, and that blob
    /// rows and blob files match one to one. Returns the problems found; empty means healthy.
    ///
    /// While another process is ingesting, a blob it has written but not yet committed shows
    /// as "without row"; check a store nobody else is writing to.
    public func verify() throws(StoreError) -> [String] {
        var problems: [String] = try read { db in
            var found: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { found += integrity.map { "integrity_check: \($0)" } }
            let dangling = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            found += dangling.map { "dangling reference in \($0[0] as String? ?? "?") row \($0[1] as Int64? ?? -1)" }
            return found
        }
        let rows: Set<String> = try read { db in try Set(String.fetchAll(db, sql: "SELECT sha256 FROM blob")) }
        let files = Set(try blobs.allAddresses().map(\.hex))
        problems += rows.subtracting(files).sorted().map { "blob row without file: \($0)" }
        problems += files.subtracting(rows).sorted().map { "blob file without row: \($0)" }
        return problems
    }
}
