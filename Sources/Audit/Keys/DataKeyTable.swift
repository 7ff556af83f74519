import Foundation
import GRDB

/// The wrapped data keys in `data_keys`: the newest live one seals new entries; older ones
/// stay to open older entries; a destroyed one keeps its row without the key.
enum DataKeyTable {
    /// Adds a fresh data key wrapped under the master key and returns it; it becomes active.
    static func addKey(_ db: Database, keys: AuditKeys) throws -> DataKey {
        let id = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM data_keys") ?? 0) + 1
        let key = DataKey.generate(id: id)
        try db.execute(sql: "INSERT INTO data_keys (id, master_key_id, wrapped, created_ms) VALUES (?, ?, ?, ?)",
                       arguments: [id, keys.masterKeyID, try key.wrapped(under: keys.masterKey), Date().millisecondsSince1970])
        return key
    }

    /// The newest data key that has not been destroyed.
    static func activeKey(_ db: Database, keys: AuditKeys) throws -> DataKey {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, master_key_id, wrapped FROM data_keys WHERE wrapped IS NOT NULL ORDER BY id DESC LIMIT 1
            """) else {
            return try addKey(db, keys: keys)
        }
        return try unwrap(row, keys: keys)
    }

    /// Every data key by id; `nil` for destroyed ones.
    static func allKeys(_ db: Database, keys: AuditKeys) throws -> [Int64: DataKey?] {
        var result: [Int64: DataKey?] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, master_key_id, wrapped FROM data_keys") {
            result[row["id"]] = (row["wrapped"] as Data?) == nil ? .some(nil) : try unwrap(row, keys: keys)
        }
        return result
    }

    /// Crypto-shreds a data key: its entries stay in the log and verify, but can never be read.
    static func destroy(_ db: Database, id: Int64) throws {
        try db.execute(sql: "UPDATE data_keys SET wrapped = NULL, destroyed_ms = ? WHERE id = ?",
                       arguments: [Date().millisecondsSince1970, id])
        guard db.changesCount == 1 else { throw AuditError.unknownDataKey(keyID: id) }
    }

    /// Re-wraps every live data key under `newKeys`' master key. Entries are not touched: they
    /// name data keys, and the data keys themselves do not change.
    static func rewrap(_ db: Database, from oldKeys: AuditKeys, to newKeys: AuditKeys) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT id, master_key_id, wrapped FROM data_keys WHERE wrapped IS NOT NULL")
        for row in rows {
            let key = try unwrap(row, keys: oldKeys)
            try db.execute(sql: "UPDATE data_keys SET master_key_id = ?, wrapped = ? WHERE id = ?",
                           arguments: [newKeys.masterKeyID, try key.wrapped(under: newKeys.masterKey), key.id])
        }
        try db.execute(sql: "UPDATE data_keys SET master_key_id = ? WHERE wrapped IS NULL", arguments: [newKeys.masterKeyID])
        try db.execute(sql: "UPDATE log_info SET master_key_id = ?", arguments: [newKeys.masterKeyID])
    }

    private static func unwrap(_ row: Row, keys: AuditKeys) throws -> DataKey {
        let masterKeyID: String = row["master_key_id"]
        guard masterKeyID == keys.masterKeyID else {
            throw AuditError.wrongMasterKey(expected: masterKeyID, found: keys.masterKeyID)
        }
        return try DataKey.unwrap(row["wrapped"], id: row["id"], under: keys.masterKey)
    }
}
