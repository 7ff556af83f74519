import Foundation
import GRDB

/// Read access to an audit log for stewards and verifiers: proofs, checkpoints, decrypted
/// events. Opening it needs no key; reading events needs the key file.
public struct AuditLogReader: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens the log in `directory`.
    public init(directory: String) throws(AuditError) {
        path = AuditDatabase.path(in: directory)
        queue = try AuditDatabase.open(path: path, create: false)
    }

    /// Runs `body` in one read transaction, mapping SQLite's errors to ``AuditError``.
    func read<T>(_ body: (Database) throws -> T) throws(AuditError) -> T {
        do {
            return try queue.read { db in try body(db) }
        } catch {
            throw AuditDatabase.map(error, path: path)
        }
    }

    /// The number of entries.
    public func size() throws(AuditError) -> UInt64 { try read { db in try LogInfo.fetch(db, path: path).size } }

    /// The log's origin name (checkpoints' first line and signing key name).
    public func origin() throws(AuditError) -> String { try read { db in try LogInfo.fetch(db, path: path).origin } }

    /// The stored checkpoint notes, oldest first.
    public func checkpointNotes() throws(AuditError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT note FROM checkpoints ORDER BY size") }
    }

    /// The stored entries with sequence numbers in `range`.
    public func sealedEntries(_ range: Range<UInt64>) throws(AuditError) -> [SealedEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM entries WHERE seq >= ? AND seq < ? ORDER BY seq",
                             arguments: [Int64(range.lowerBound), Int64(clamping: range.upperBound)])
                .map(SealedEntry.init(row:))
        }
    }

    /// The proof that entry `index` is in the log at `size` entries.
    public func inclusionProof(index: UInt64, size: UInt64) throws(AuditError) -> InclusionProof {
        try read { db in
            let logSize = try LogInfo.fetch(db, path: path).size
            guard size <= logSize, index < size else {
                throw AuditError.outOfRange("entry \(index) at size \(size) is outside the log of \(logSize) entries")
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM entries WHERE seq = ?", arguments: [Int64(index)]) else {
                throw AuditError.tampered(VerificationFailure(.entry(index), "the entry is missing"))
            }
            let hashes = try StoredTree(db: db).inclusionProof(index: index, size: size)
            return InclusionProof(index: index, treeSize: size, entry: SealedEntry(row: row).leafData, hashes: hashes)
        }
    }

    /// The proof that the log at `oldSize` entries is a prefix of the log at `newSize`.
    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) throws(AuditError) -> ConsistencyProof {
        try read { db in
            let logSize = try LogInfo.fetch(db, path: path).size
            guard 0 < oldSize, oldSize <= newSize, newSize <= logSize else {
                throw AuditError.outOfRange("sizes must satisfy 0 < from ≤ to ≤ \(logSize) (the log's size)")
            }
            return ConsistencyProof(oldSize: oldSize, newSize: newSize,
                                    hashes: try StoredTree(db: db).consistencyProof(oldSize: oldSize, newSize: newSize))
        }
    }

    /// The root hash of the log at `size` entries.
    public func rootHash(size: UInt64) throws(AuditError) -> [UInt8] {
        try read { db in try StoredTree(db: db).rootHash(size: size) }
    }
}
