import Audit
import Foundation
import GRDB
import XCTest

/// A fresh data directory with keys and an initialised log, removed after the test.
struct TemporaryLog {
    let directory: String
    let keyFile: String
    let keys: AuditKeys

    init(origin: String = "concord.test/audit") throws {
        directory = NSTemporaryDirectory() + "concord-audit-\(UUID().uuidString)"
        keyFile = directory + "/audit.key"
        keys = AuditKeys.generate(origin: origin)
        try SQLiteAuditLog.create(directory: directory, keys: keys)
        try keys.write(to: keyFile)
    }

    var databasePath: String { (directory as NSString).appendingPathComponent(SQLiteAuditLog.fileName) }

    func open(checkpointInterval: UInt64 = 1000) throws -> SQLiteAuditLog {
        try SQLiteAuditLog(directory: directory, keys: keys, checkpointInterval: checkpointInterval)
    }

    func reader() throws -> AuditLogReader { try AuditLogReader(directory: directory) }

    func verify(against exported: Checkpoint? = nil) throws -> VerificationReport {
        try reader().verify(with: keys.verifierKey, against: exported)
    }

    /// Raw SQL access for tests that play the attacker.
    func tamper(_ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: databasePath)
        try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// Flips one bit of a BLOB or TEXT column in the row `condition` selects.
    func flipBit(table: String, column: String, where condition: String, byte: Int = 0) throws {
        let queue = try DatabaseQueue(path: databasePath)
        try queue.write { db in
            let value = try Data.fetchOne(db, sql: "SELECT CAST(\(column) AS BLOB) FROM \(table) WHERE \(condition)")
            guard var bytes = value.map(Array.init), byte < bytes.count else {
                XCTFail("no \(table).\(column) where \(condition)")
                return
            }
            bytes[byte] ^= 0x04
            let isText = try String.fetchOne(db, sql: "SELECT typeof(\(column)) FROM \(table) WHERE \(condition)") == "text"
            if isText {
                try db.execute(sql: "UPDATE \(table) SET \(column) = CAST(? AS TEXT) WHERE \(condition)", arguments: [Data(bytes)])
            } else {
                try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(condition)", arguments: [Data(bytes)])
            }
        }
    }

    /// Moves everything from the WAL into the main file, so the file alone is the database.
    func checkpointWAL() throws {
        let queue = try DatabaseQueue(path: databasePath)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

enum Events {
    static let lee = ActiveParticipant(userID: "dr.lee", role: "annotator", networkAccessPoint: "10.0.0.7")
    static let kim = ActiveParticipant(userID: "kim", role: "steward", networkAccessPoint: "10.0.0.9")

    /// A distinct event for position `i`, at a fixed time.
    static func numbered(_ i: Int, actor: ActiveParticipant = lee) -> AuditEvent {
        AuditEvent(.instancesAccessed, action: i % 2 == 0 ? .read : .update,
                   time: Date(timeIntervalSince1970: 1_800_000_000 + Double(i)), actor: actor)
            .involving(.study, id: "1.2.826.0.1.\(i)")
            .detail("command", "study show")
    }
}

/// Values gathered from several threads.
final class Collected<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T] = []

    func append(_ value: T) { lock.withLock { values.append(value) } }
    var items: [T] { lock.withLock { values } }
}
