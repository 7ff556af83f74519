import Foundation
import GRDB

/// Signing and storing checkpoints inside a write transaction.
enum Checkpointing {
    /// Signs `root`, the tree's root at `size`, and stores the note (replacing one at the same size).
    @discardableResult
    static func write(_ db: Database, size: UInt64, root: [UInt8], keys: AuditKeys) throws -> String {
        let note = try SignedNote.sign(Checkpoint(origin: keys.origin, size: size, rootHash: root),
                                       name: keys.origin, with: keys.signingKey)
        try db.execute(sql: "INSERT OR REPLACE INTO checkpoints (size, note) VALUES (?, ?)", arguments: [Int64(size), note])
        return note
    }
}
