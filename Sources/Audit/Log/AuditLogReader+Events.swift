import Foundation
import GRDB

extension AuditLogReader {
    /// Decrypts every entry and returns those `query` matches, in sequence order. Entries under
    /// a destroyed data key are returned without an event unless the query filters on content.
    ///
    /// A wrong key file fails with ``AuditError/wrongMasterKey(expected:found:)`` before any
    /// entry is read; an entry that does not decrypt is checked against its stored leaf hash,
    /// so it is reported as altered only when it was.
    public func events(matching query: AuditQuery = AuditQuery(), keys: AuditKeys) throws(AuditError) -> [RecordedEvent] {
        try read { db in
            let dataKeys = try DataKeyTable.allKeys(db, keys: keys)
            let filtersContent = query != AuditQuery()
            var results: [RecordedEvent] = []
            let leaves = try db.cachedStatement(sql: "SELECT hash FROM tree_nodes WHERE level = 0 AND idx = ?")
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM entries ORDER BY seq")
            while let row = try rows.next() {
                let entry = SealedEntry(row: row)
                guard let known = dataKeys[entry.keyID] else { throw AuditError.unknownDataKey(keyID: entry.keyID) }
                guard let dataKey = known else {
                    if !filtersContent { results.append(RecordedEvent(sequence: entry.sequence, keyID: entry.keyID, event: nil)) }
                    continue
                }
                let event: AuditEvent
                do {
                    event = try entry.open(with: dataKey)
                } catch {
                    let stored = try Data.fetchOne(leaves, arguments: [Int64(entry.sequence)]).map(Array.init)
                    let reason = stored == entry.leafHash
                        ? "the entry matches its leaf hash but does not decrypt: its data key record was altered"
                        : "the entry differs from the leaf hash recorded when it was appended"
                    throw AuditError.tampered(VerificationFailure(.entry(entry.sequence), reason))
                }
                if query.matches(event) {
                    results.append(RecordedEvent(sequence: entry.sequence, keyID: entry.keyID, event: event))
                }
            }
            return results
        }
    }
}
