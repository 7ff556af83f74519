import Foundation
import GRDB

/// The SQLite file an audit log lives in (`DIR/audit.sqlite`), apart from the store's database.
///
/// Tables:
/// - `log_info`: one row, the origin, the master key id and the log size.
/// - `data_keys`: data keys wrapped under the master key (a destroyed key keeps its row, no key).
/// - `entries`: one row per sequence number, the clear header fields and the sealed event.
/// - `tree_nodes`: every complete perfect subtree hash by level and index (leaves at level 0).
/// - `checkpoints`: signed notes, by tree size.
///
/// WAL with `synchronous = FULL`: a committed transaction is on disk before commit returns.
enum AuditDatabase {
    /// The database file name under the data directory.
    static let fileName = "audit.sqlite"

    /// The log's database file in a data directory.
    static func path(in directory: String) -> String {
        (directory as NSString).appendingPathComponent(fileName)
    }

    /// Opens (and, when `create` is set, creates) the log database at `path`.
    static func open(path: String, create: Bool) throws(AuditError) -> DatabaseQueue {
        if !create {
            guard FileManager.default.fileExists(atPath: path) else { throw .notInitialised(path: path) }
            try checkNotTruncated(path)
        }
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(60)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            // An existing log must already have its tables: an empty or foreign file (a log
            // truncated to nothing, say) is reported, not silently turned into a new log.
            if !create, try !queue.read({ db in try db.tableExists("log_info") }) {
                throw AuditError.unreadableDatabase(path: path, reason: "it holds no audit log (empty, truncated or another database)")
            }
            try migrator.migrate(queue)
            return queue
        } catch {
            throw map(error, path: path)
        }
    }

    /// Compares the file with the size SQLite's header records (database size in pages, bytes
    /// 28–31, trusted when "version-valid-for", bytes 92–95, equals the change counter, bytes
    /// 24–27). SQLite itself only notices missing pages when a query reaches them.
    ///
    /// Only without a write-ahead log: a checkpoint cut short by a crash can leave the header
    /// ahead of the file, and SQLite completes it from the WAL on the next open.
    static func checkNotTruncated(_ path: String) throws(AuditError) {
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        guard wal == 0, let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        let fileSize = (try? handle.seekToEnd()) ?? 0
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else { return }
        func integer(at offset: Int, _ count: Int) -> UInt64 {
            header[offset..<offset + count].reduce(0) { $0 << 8 | UInt64($1) }
        }
        let pageSize = integer(at: 16, 2) == 1 ? 65536 : integer(at: 16, 2)
        let pageCount = integer(at: 28, 4)
        guard integer(at: 92, 4) == integer(at: 24, 4), fileSize < pageSize * pageCount else { return }
        throw .unreadableDatabase(path: path, reason: "the file has \(fileSize) bytes but SQLite's header records \(pageCount) pages of \(pageSize) bytes: it was truncated")
    }

    /// SQLite's damage reports become ``AuditError/unreadableDatabase(path:reason:)``; anything
    /// else is a storage error.
    static func map(_ error: any Error, path: String) -> AuditError {
        if let audit = error as? AuditError { return audit }
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_IOERR, .SQLITE_FORMAT:
                return .unreadableDatabase(path: path, reason: db.message ?? "\(db.resultCode)")
            default:
                return .storage(db.message ?? "\(db)")
            }
        }
        return .storage("\(error)")
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE log_info (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    origin TEXT NOT NULL,
                    master_key_id TEXT NOT NULL,
                    size INTEGER NOT NULL
                );
                CREATE TABLE data_keys (
                    id INTEGER PRIMARY KEY,
                    master_key_id TEXT NOT NULL,
                    wrapped BLOB,
                    created_ms INTEGER NOT NULL,
                    destroyed_ms INTEGER
                );
                CREATE TABLE entries (
                    seq INTEGER PRIMARY KEY,
                    key_id INTEGER NOT NULL,
                    nonce BLOB NOT NULL,
                    sealed BLOB NOT NULL
                );
                CREATE TABLE tree_nodes (
                    level INTEGER NOT NULL,
                    idx INTEGER NOT NULL,
                    hash BLOB NOT NULL,
                    PRIMARY KEY (level, idx)
                ) WITHOUT ROWID;
                CREATE TABLE checkpoints (
                    size INTEGER PRIMARY KEY,
                    note TEXT NOT NULL
                );
                """)
        }
        return migrator
    }
}

/// Log-wide facts kept in `log_info`.
struct LogInfo {
    var origin: String
    var masterKeyID: String
    var size: UInt64

    static func fetch(_ db: Database, path: String) throws -> LogInfo {
        guard let row = try Row.fetchOne(db, sql: "SELECT origin, master_key_id, size FROM log_info") else {
            throw AuditError.notInitialised(path: path)
        }
        return LogInfo(origin: row["origin"], masterKeyID: row["master_key_id"], size: UInt64(row["size"] as Int64))
    }
}

/// The stored perfect subtrees, read through one cached statement.
struct StoredTree: PerfectSubtreeSource {
    let db: Database

    func perfectSubtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
        let statement = try db.cachedStatement(sql: "SELECT hash FROM tree_nodes WHERE level = ? AND idx = ?")
        guard let hash = try Data.fetchOne(statement, arguments: [level, Int64(index)]) else {
            throw AuditError.tampered(VerificationFailure(.treeNode(level: level, index: index), "the node is missing"))
        }
        return Array(hash)
    }
}

extension SealedEntry {
    init(row: Row) {
        self.init(sequence: UInt64(row["seq"] as Int64), keyID: row["key_id"],
                  nonce: Array(row["nonce"] as Data), sealed: Array(row["sealed"] as Data))
    }
}
