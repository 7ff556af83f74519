import Foundation
import GRDB

/// The outcome of ``AuditLogReader/verify(with:against:)``.
public struct VerificationReport: Sendable, Equatable {
    /// The log size recorded in the database.
    public let size: UInt64
    /// How many stored checkpoints were checked (signature and root).
    public let checkpointsChecked: Int
    /// The first problem found, or `nil` when everything verified.
    public let failure: VerificationFailure?

    public var isValid: Bool { failure == nil }
}

extension AuditLogReader {
    /// Recomputes the whole log from its entries and compares it with everything stored: every
    /// leaf and perfect-subtree hash, every checkpoint (signature and root), and optionally a
    /// checkpoint exported earlier, which exposes a database rolled back to an older copy.
    ///
    /// No data key is needed, so entries whose key was destroyed still verify. `progress`, if
    /// given, is called with the entries checked so far and the log size every 100,000 entries.
    public func verify(with key: NoteVerifierKey, against exported: Checkpoint? = nil,
                       progress: ((UInt64, UInt64) -> Void)? = nil) throws(AuditError) -> VerificationReport {
        try read { db in
            var run = try VerificationRun(db: db, path: path, key: key, exported: exported, progress: progress)
            return try run.run()
        }
    }
}

/// One pass over the log in sequence order, with one cursor per tree level so that stored
/// nodes are read in the order the recomputation produces them.
private struct VerificationRun {
    let db: Database
    let info: LogInfo
    let exported: Checkpoint?
    let progress: ((UInt64, UInt64) -> Void)?
    /// Validly signed checkpoints by size, and their failures.
    var checkpoints: [UInt64: Checkpoint] = [:]
    var failures: [VerificationFailure] = []
    /// Which checkpoint sizes matched the recomputed root.
    var checkpointMatches: [UInt64: Bool] = [:]
    /// The stored nodes of each level, in index order; opened when the level is first reached.
    var levelCursors: [BlobCursor] = []
    var firstLeafMismatch: UInt64?
    var comparingNodes = true

    init(db: Database, path: String, key: NoteVerifierKey, exported: Checkpoint?,
         progress: ((UInt64, UInt64) -> Void)?) throws {
        self.db = db
        self.exported = exported
        self.progress = progress
        info = try LogInfo.fetch(db, path: path)
        for row in try Row.fetchAll(db, sql: "SELECT size, note FROM checkpoints ORDER BY size") {
            let size = UInt64(row[0] as Int64)
            do {
                let checkpoint = try SignedNote.verify(row[1], with: key)
                guard checkpoint.size == size, checkpoint.origin == info.origin else {
                    failures.append(VerificationFailure(.checkpoint(size: size), "the note is for \(checkpoint.origin) at size \(checkpoint.size)"))
                    continue
                }
                checkpoints[size] = checkpoint
            } catch {
                failures.append(VerificationFailure(.checkpoint(size: size), "\(error)"))
            }
        }
        if let largest = checkpoints.keys.max(), largest > info.size {
            failures.append(VerificationFailure(.log, "the log has \(info.size) entries but is checkpointed at size \(largest): entries were removed"))
        }
        if let exported {
            if exported.origin != info.origin {
                failures.append(VerificationFailure(.log, "the exported checkpoint is for \(exported.origin), not \(info.origin)"))
            } else if exported.size > info.size {
                failures.append(VerificationFailure(.log, "the log has \(info.size) entries but the exported checkpoint is at size \(exported.size): the database was rolled back or truncated"))
            }
        }
    }

    mutating func run() throws -> VerificationReport {
        var edge = CompactRange()
        if let empty = checkpoints[0] { checkpointMatches[0] = empty.rootHash == TreeHasher.emptyRoot }
        let entries = try BlobCursor(db, sql: "SELECT seq, key_id, nonce, sealed FROM entries ORDER BY seq")
        while try entries.next() {
            let seq = UInt64(bitPattern: entries.int64(0))
            if seq != edge.size {
                failures.append(VerificationFailure(.entry(edge.size), "the entry is missing (the next stored one is \(seq))"))
                return report()
            }
            if seq >= info.size {
                failures.append(VerificationFailure(.entry(seq), "the entry lies beyond the log's recorded size \(info.size): it was inserted"))
                return report()
            }
            let leafHash = SealedEntry.leafHash(sequence: seq, keyID: entries.int64(1),
                                                nonce: entries.blob(2), sealed: entries.blob(3))
            try edge.append(leafHash: leafHash) { node in try compare(node) }
            if edge.size % 100_000 == 0 { progress?(edge.size, info.size) }
            let root = checkpoints[edge.size] != nil || exported?.size == edge.size ? edge.rootHash : nil
            if let root, let checkpoint = checkpoints[edge.size] {
                checkpointMatches[edge.size] = checkpoint.rootHash == root
            }
            if let root, let exported, exported.size == edge.size, exported.rootHash != root {
                failures.append(VerificationFailure(.log, "the log's first \(exported.size) entries differ from the exported checkpoint: the database was replaced or altered"))
            }
        }
        if edge.size < info.size {
            failures.append(VerificationFailure(.entry(edge.size), "the entry is missing (the log records \(info.size) entries)"))
            return report()
        }
        if comparingNodes {
            for (level, cursor) in levelCursors.enumerated() where try cursor.next() {
                failures.append(VerificationFailure(.treeNode(level: level, index: UInt64(bitPattern: cursor.int64(0))), "the node is not part of the tree"))
            }
            // Levels the tree never reaches must be empty too.
            if let extra = try Row.fetchOne(db, sql: "SELECT level, idx FROM tree_nodes WHERE level >= ? ORDER BY level, idx LIMIT 1",
                                            arguments: [levelCursors.count]) {
                failures.append(VerificationFailure(.treeNode(level: extra[0], index: UInt64(extra[1] as Int64)), "the node is not part of the tree"))
            }
        }
        return report()
    }

    /// Compares a recomputed perfect subtree with the next stored node of its level.
    private mutating func compare(_ node: CompactRange.Node) throws {
        guard comparingNodes else { return }
        if node.level == levelCursors.count {
            levelCursors.append(try BlobCursor(db, sql: "SELECT idx, hash FROM tree_nodes WHERE level = ? ORDER BY idx",
                                               arguments: [node.level]))
        }
        let cursor = levelCursors[node.level]
        guard try cursor.next() else {
            failures.append(VerificationFailure(.treeNode(level: node.level, index: node.index), "the node is missing"))
            comparingNodes = false
            return
        }
        let index = UInt64(bitPattern: cursor.int64(0))
        if index != node.index {
            let location = VerificationFailure.Location.treeNode(level: node.level, index: min(index, node.index))
            failures.append(VerificationFailure(location, index < node.index ? "the node is not part of the tree" : "the node is missing"))
            comparingNodes = false
        } else if !Self.equal(cursor.blob(1), node.hash) {
            if node.level == 0 {
                firstLeafMismatch = node.index
            } else {
                failures.append(VerificationFailure(.treeNode(level: node.level, index: node.index), "the stored hash differs from the one recomputed from the entries"))
            }
            comparingNodes = false
        }
    }

    /// Whether a stored hash equals a recomputed one (memcmp: this runs for every node).
    private static func equal(_ stored: UnsafeRawBufferPointer, _ hash: [UInt8]) -> Bool {
        guard stored.count == hash.count, let a = stored.baseAddress else { return hash.isEmpty && stored.isEmpty }
        return hash.withUnsafeBytes { b in b.baseAddress.map { memcmp(a, $0, hash.count) == 0 } ?? false }
    }

    /// The earliest failure: entries and nodes by the first entry they concern, then
    /// checkpoints, then the log as a whole.
    private func report() -> VerificationReport {
        var all = failures
        for (size, matched) in checkpointMatches where !matched {
            all.append(VerificationFailure(.checkpoint(size: size), "its root hash differs from the one recomputed from the entries: an entry before \(size) was altered"))
        }
        if let leaf = firstLeafMismatch {
            // A leaf differs from its entry. If the first checkpoint after it still matches the
            // entries, the entry is intact and the stored leaf hash was altered; otherwise the entry was.
            let covering = checkpointMatches.keys.filter { $0 > leaf }.min()
            if let covering, checkpointMatches[covering] == true {
                all.append(VerificationFailure(.treeNode(level: 0, index: leaf), "the stored leaf hash was altered (the entry matches checkpoint \(covering))"))
            } else {
                all.append(VerificationFailure(.entry(leaf), "the entry differs from the leaf hash recorded when it was appended"))
            }
        }
        let first = all.min { a, b in rank(a) < rank(b) }
        return VerificationReport(size: info.size, checkpointsChecked: checkpoints.count, failure: first)
    }

    private func rank(_ failure: VerificationFailure) -> (Int, UInt64) {
        switch failure.location {
        case .entry, .treeNode: (0, failure.firstEntry ?? 0)
        case let .checkpoint(size): (1, size)
        case .log: (2, 0)
        }
    }
}
