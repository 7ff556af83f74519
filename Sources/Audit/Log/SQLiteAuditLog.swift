import Foundation
import GRDB

/// The audit log's sequencer: the only writer of entries, tree nodes and automatic checkpoints.
///
/// Appends from many threads are grouped: one caller at a time leads, committing everything
/// queued so far in one `BEGIN IMMEDIATE` transaction with one fsync, while later callers
/// queue up for the next group. When the group is durable the leader wakes each member and
/// hands the lead to the first caller still waiting, so no thread wakes without work.
/// Processes sharing the file serialise on SQLite's write lock and read the log size inside
/// the transaction, so sequence numbers never repeat or skip.
///
/// ```swift
/// let log = try SQLiteAuditLog(directory: ".concord", keys: keys)
/// let seq = try log.append(AuditEvent(.query, action: .execute, actor: user))
/// ```
public final class SQLiteAuditLog: AuditLog, @unchecked Sendable {
    /// How many entries at most go between automatic checkpoints.
    public let checkpointInterval: UInt64
    public let path: String

    /// The log's file name under the data directory, `audit.sqlite`.
    public static let fileName = AuditDatabase.fileName

    private let queue: DatabaseQueue
    private let keys: AuditKeys
    // Guards `pending` and `leading`. Invariant: while `pending` is not empty, some caller
    // leads (or has been woken to).
    private let lock = NSLock()
    private var pending: [PendingAppend] = []
    private var leading = false

    /// Opens the log in `directory` (created with ``create(directory:keys:)``).
    public init(directory: String, keys: AuditKeys, checkpointInterval: UInt64 = 1000) throws(AuditError) {
        path = AuditDatabase.path(in: directory)
        queue = try AuditDatabase.open(path: path, create: false)
        self.keys = keys
        self.checkpointInterval = max(1, checkpointInterval)
        let path = self.path
        do {
            try queue.read { db in
                let info = try LogInfo.fetch(db, path: path)
                guard info.masterKeyID == keys.masterKeyID else {
                    throw AuditError.wrongMasterKey(expected: info.masterKeyID, found: keys.masterKeyID)
                }
            }
        } catch {
            throw AuditDatabase.map(error, path: path)
        }
    }

    /// Creates an empty log in `directory` whose data keys are wrapped under `keys`.
    public static func create(directory: String, keys: AuditKeys) throws(AuditError) {
        let path = AuditDatabase.path(in: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let queue = try AuditDatabase.open(path: path, create: true)
            try queue.inTransaction(.immediate) { db in
                guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log_info") == 0 else {
                    throw AuditError.invalidKeyFile(path: path, reason: "the log already exists")
                }
                try db.execute(sql: "INSERT INTO log_info (id, origin, master_key_id, size) VALUES (1, ?, ?, 0)",
                               arguments: [keys.origin, keys.masterKeyID])
                _ = try DataKeyTable.addKey(db, keys: keys)
                return .commit
            }
        } catch {
            throw AuditDatabase.map(error, path: path)
        }
    }

    @discardableResult
    public func append(_ event: AuditEvent) throws -> UInt64 {
        try sequence([event])
    }

    /// Records `events` in one durable transaction, in order, and returns their sequence
    /// numbers: for imports and bulk loads, where one group is known up front.
    @discardableResult
    public func append(contentsOf events: [AuditEvent]) throws(AuditError) -> Range<UInt64> {
        let first = try sequence(events)
        return first..<first + UInt64(events.count)
    }

    /// Queues `events` for the next group, leads that group if nobody else does, and returns
    /// the first sequence number once the events are on disk.
    private func sequence(_ events: [AuditEvent]) throws(AuditError) -> UInt64 {
        let request = PendingAppend(events)
        let leadsNow = lock.withLock {
            pending.append(request)
            defer { leading = true }
            return !leading
        }
        // Woken without a result means the previous leader handed over the lead.
        if !leadsNow { request.wake.wait() }
        if request.result == nil { lead(as: request) }
        switch request.result {
        case let .success(sequence): return sequence
        case let .failure(error): throw error
        case nil: throw .storage("append finished without a result")
        }
    }

    /// Commits every queued request as one group, then wakes its members and hands the lead on.
    private func lead(as leader: PendingAppend) {
        let group = lock.withLock {
            defer { pending.removeAll() }
            return pending
        }
        let outcome = Result { () throws(AuditError) in try commit(group.flatMap(\.events)) }
        var offset: UInt64 = 0
        for member in group {
            member.result = outcome.map { $0 + offset }
            offset += UInt64(member.events.count)
        }
        let next: PendingAppend? = lock.withLock {
            if pending.isEmpty { leading = false }
            return pending.first
        }
        for member in group where member !== leader { member.wake.signal() }
        next?.wake.signal()
    }

    /// Seals and appends `events` in one durable transaction; returns the first sequence number.
    func commit(_ events: [AuditEvent]) throws(AuditError) -> UInt64 {
        try immediateTransaction { db in
            let info = try LogInfo.fetch(db, path: path)
            let edge = try append(events, to: db, size: info.size)
            if edge.size / checkpointInterval != info.size / checkpointInterval {
                try Checkpointing.write(db, size: edge.size, root: edge.rootHash, keys: keys)
            }
            return info.size
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction (the write lock first, so processes
    /// queue instead of failing on upgrade) and commits it.
    private func immediateTransaction<T>(_ body: (Database) throws -> T) throws(AuditError) -> T {
        var result: T?
        do {
            try queue.inTransaction(.immediate) { db in
                result = try body(db)
                return .commit
            }
        } catch {
            throw AuditDatabase.map(error, path: path)
        }
        guard let result else { throw .storage("the transaction produced no result") }
        return result
    }

    /// Seals and stores `events` after the first `size` entries; returns the tree's new right edge.
    private func append(_ events: [AuditEvent], to db: Database, size: UInt64) throws -> CompactRange {
        let dataKey = try DataKeyTable.activeKey(db, keys: keys)
        var edge = try CompactRange(size: size, source: StoredTree(db: db))
        let insertEntry = try db.cachedStatement(sql: "INSERT INTO entries (seq, key_id, nonce, sealed) VALUES (?, ?, ?, ?)")
        let insertNode = try db.cachedStatement(sql: "INSERT INTO tree_nodes (level, idx, hash) VALUES (?, ?, ?)")
        for event in events {
            let entry = try SealedEntry.seal(event, sequence: edge.size, under: dataKey)
            try insertEntry.execute(arguments: [Int64(entry.sequence), entry.keyID, Data(entry.nonce), Data(entry.sealed)])
            try edge.append(leafHash: entry.leafHash) { node in
                try insertNode.execute(arguments: [node.level, Int64(node.index), Data(node.hash)])
            }
        }
        try db.execute(sql: "UPDATE log_info SET size = ?", arguments: [Int64(edge.size)])
        return edge
    }

    /// Writes a signed checkpoint of the whole log now and returns its note.
    public func checkpoint() throws(AuditError) -> String {
        try immediateTransaction { db in
            let size = try LogInfo.fetch(db, path: path).size
            return try Checkpointing.write(db, size: size, root: StoredTree(db: db).rootHash(size: size), keys: keys)
        }
    }

    /// Starts sealing new entries under a fresh data key; older entries keep theirs.
    @discardableResult
    public func rotateDataKey() throws(AuditError) -> Int64 {
        try immediateTransaction { db in try DataKeyTable.addKey(db, keys: keys).id }
    }

    /// Re-wraps every data key under the master key of `newKeys` (same origin and signing key,
    /// new master key) in one transaction. Entries are not rewritten; afterwards only `newKeys`
    /// opens the log, so write the new key file before calling this.
    public func rotateMasterKey(to newKeys: AuditKeys) throws(AuditError) {
        guard newKeys.origin == keys.origin,
              newKeys.signingKey.rawRepresentation == keys.signingKey.rawRepresentation else {
            throw .incompatibleKeys("a master key rotation keeps the origin and the signing key")
        }
        try immediateTransaction { db in try DataKeyTable.rewrap(db, from: keys, to: newKeys) }
    }

    /// Crypto-shreds a data key: its entries stay verifiable but can never be decrypted again.
    public func destroyDataKey(_ id: Int64) throws(AuditError) {
        try immediateTransaction { db in try DataKeyTable.destroy(db, id: id) }
    }
}

/// One caller's events waiting for their group to commit. `result` is written before `wake`
/// is signalled and read after it is waited on; a signal without a result hands over the lead.
private final class PendingAppend: @unchecked Sendable {
    let events: [AuditEvent]
    let wake = DispatchSemaphore(value: 0)
    var result: Result<UInt64, AuditError>?

    init(_ events: [AuditEvent]) { self.events = events }
}
