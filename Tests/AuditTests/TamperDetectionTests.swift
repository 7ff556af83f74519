import Audit
import Foundation
import XCTest

/// Plays the attacker on a 64-entry log checkpointed every 16 entries: each change to the
/// database must be detected, and the first bad entry, node or checkpoint named.
final class TamperDetectionTests: XCTestCase {
    private var log: TemporaryLog!

    override func setUpWithError() throws {
        log = try TemporaryLog()
        let writer = try log.open(checkpointInterval: 16)
        for i in 0..<64 { try writer.append(Events.numbered(i)) }
        XCTAssertNil(try log.verify().failure)
    }

    override func tearDown() { log.remove() }

    private func assertDetected(at location: VerificationFailure.Location, file: StaticString = #filePath, line: UInt = #line) throws {
        let failure = try log.verify().failure
        XCTAssertEqual(failure?.location, location, "\(failure.map(String.init(describing:)) ?? "not detected")", file: file, line: line)
    }

    func testChangedCiphertextBitNamesTheEntry() throws {
        try log.flipBit(table: "entries", column: "sealed", where: "seq = 20", byte: 3)
        try assertDetected(at: .entry(20))
    }

    func testChangedHeaderBitNamesTheEntry() throws {
        try log.flipBit(table: "entries", column: "nonce", where: "seq = 5")
        try assertDetected(at: .entry(5))
    }

    func testChangedEntryAfterTheLastCheckpointNamesTheEntry() throws {
        try log.open(checkpointInterval: 16).append(Events.numbered(64))
        try log.flipBit(table: "entries", column: "sealed", where: "seq = 64")
        try assertDetected(at: .entry(64))
    }

    func testChangedLeafHashNamesTheNode() throws {
        try log.flipBit(table: "tree_nodes", column: "hash", where: "level = 0 AND idx = 7", byte: 31)
        try assertDetected(at: .treeNode(level: 0, index: 7))
    }

    func testChangedInteriorNodeNamesTheNode() throws {
        try log.flipBit(table: "tree_nodes", column: "hash", where: "level = 3 AND idx = 5", byte: 10)
        try assertDetected(at: .treeNode(level: 3, index: 5))
    }

    func testChangedCheckpointBodyOrSignatureNamesTheCheckpoint() throws {
        try log.flipBit(table: "checkpoints", column: "note", where: "size = 32", byte: 21)
        try assertDetected(at: .checkpoint(size: 32))
        try log.flipBit(table: "checkpoints", column: "note", where: "size = 32", byte: 21)   // mended
        try log.flipBit(table: "checkpoints", column: "note", where: "size = 48", byte: 120)
        try assertDetected(at: .checkpoint(size: 48))
    }

    func testEntryRewrittenWithItsWholeTreeIsCaughtByTheCheckpoint() throws {
        // The attacker replaces entry 40 and recomputes every stored hash; only the signed
        // checkpoint at 48 still commits to the original.
        try log.flipBit(table: "entries", column: "sealed", where: "seq = 40")
        let entries = try log.reader().sealedEntries(0..<64)
        try log.tamper("DELETE FROM tree_nodes")
        var leaves = entries.map(\.leafHash)
        var level = 0
        while !leaves.isEmpty {
            for (i, hash) in leaves.enumerated() {
                try log.tamper("INSERT INTO tree_nodes VALUES (?, ?, ?)", [level, i, Data(hash)])
            }
            leaves = stride(from: 0, to: leaves.count - 1, by: 2).map { TreeHasher.nodeHash(left: leaves[$0], right: leaves[$0 + 1]) }
            level += 1
        }
        let failure = try log.verify().failure
        XCTAssertEqual(failure?.location, .checkpoint(size: 48), "\(String(describing: failure))")
    }

    func testDeletedRowNamesTheMissingEntry() throws {
        try log.tamper("DELETE FROM entries WHERE seq = 10")
        try assertDetected(at: .entry(10))
    }

    func testDeletedLastRowNamesTheMissingEntry() throws {
        try log.tamper("DELETE FROM entries WHERE seq = 63")
        try assertDetected(at: .entry(63))
    }

    func testInsertedRowNamesTheIntruder() throws {
        try log.tamper("INSERT INTO entries SELECT 64, key_id, nonce, sealed FROM entries WHERE seq = 63")
        try assertDetected(at: .entry(64))
    }

    func testInsertedRowInTheMiddleIsDetected() throws {
        // Shifting rows up to make room for a forged one breaks every header from there on.
        try log.tamper("UPDATE entries SET seq = seq + 1000 WHERE seq >= 30")
        try log.tamper("UPDATE entries SET seq = seq - 999 WHERE seq >= 1000")
        try log.tamper("INSERT INTO entries SELECT 30, key_id, nonce, sealed FROM entries WHERE seq = 29")
        try log.tamper("DELETE FROM entries WHERE seq = 64")
        try assertDetected(at: .entry(30))
    }

    func testInsertedTreeNodeIsNamed() throws {
        try log.tamper("INSERT INTO tree_nodes VALUES (2, 16, zeroblob(32))")
        try assertDetected(at: .treeNode(level: 2, index: 16))
        try log.tamper("DELETE FROM tree_nodes WHERE level = 2 AND idx = 16")
        try log.tamper("INSERT INTO tree_nodes VALUES (40, 0, zeroblob(32))")
        try assertDetected(at: .treeNode(level: 40, index: 0))
    }

    func testDeletedTreeNodeIsNamed() throws {
        try log.tamper("DELETE FROM tree_nodes WHERE level = 1 AND idx = 9")
        try assertDetected(at: .treeNode(level: 1, index: 9))
    }

    func testReorderedRowsNameTheFirstMovedEntry() throws {
        try log.tamper("UPDATE entries SET seq = -1 WHERE seq = 12")
        try log.tamper("UPDATE entries SET seq = 12 WHERE seq = 13")
        try log.tamper("UPDATE entries SET seq = 13 WHERE seq = -1")
        try assertDetected(at: .entry(12))
    }

    func testRemovedTailWithItsTreeIsCaughtByTheCheckpoints() throws {
        try log.tamper("DELETE FROM entries WHERE seq >= 60")
        try log.tamper("DELETE FROM tree_nodes WHERE (idx + 1) << level > 60")
        try log.tamper("UPDATE log_info SET size = 60")
        try assertDetected(at: .log)
    }

    func testRolledBackCopyIsCaughtByTheExportedCheckpoint() throws {
        // A copy taken at 32 entries, with its own valid checkpoints, is put back later.
        let fresh = try TemporaryLog()
        defer { fresh.remove() }
        let copy = try TemporaryLog()
        defer { copy.remove() }
        let writer = try fresh.open(checkpointInterval: 16)
        for i in 0..<32 { try writer.append(Events.numbered(i)) }
        try fresh.checkpointWAL()
        try FileManager.default.removeItem(atPath: copy.databasePath)
        try FileManager.default.copyItem(atPath: fresh.databasePath, toPath: copy.databasePath)
        for i in 32..<40 { try writer.append(Events.numbered(i)) }
        let exported = try SignedNote.verify(try writer.checkpoint(), with: fresh.keys.verifierKey)

        let rolledBack = try AuditLogReader(directory: copy.directory)
        XCTAssertNil(try rolledBack.verify(with: fresh.keys.verifierKey).failure, "the copy is consistent on its own")
        let failure = try rolledBack.verify(with: fresh.keys.verifierKey, against: exported).failure
        XCTAssertEqual(failure?.location, .log)
        XCTAssertEqual(failure?.reason, "the log has 32 entries but the exported checkpoint is at size 40: the database was rolled back or truncated")
        XCTAssertNil(try fresh.verify(against: exported).failure)
    }

    func testTruncatedDatabaseIsAClearError() throws {
        try log.checkpointWAL()
        let original = try Data(contentsOf: URL(fileURLWithPath: log.databasePath))
        for fraction in [0.0, 0.01, 0.25, 0.5, 0.75, 0.99] {
            let length = Int(Double(original.count) * fraction)
            try original.prefix(length).write(to: URL(fileURLWithPath: log.databasePath))
            XCTAssertThrowsError(try log.verify(), "truncated to \(length) of \(original.count) bytes") {
                guard case .unreadableDatabase(let path, _)? = $0 as? AuditError else {
                    return XCTFail("truncated to \(length) bytes: \($0)")
                }
                XCTAssertEqual(path, log.databasePath)
            }
        }
    }

    func testNotADatabaseIsAClearError() throws {
        try log.checkpointWAL()
        try Data("not sqlite".utf8).write(to: URL(fileURLWithPath: log.databasePath))
        XCTAssertThrowsError(try log.verify()) {
            guard case .unreadableDatabase? = $0 as? AuditError else { return XCTFail("\($0)") }
        }
    }

    func testTamperedEntryAndWrongKeyAreToldApart() throws {
        try log.flipBit(table: "entries", column: "sealed", where: "seq = 9")
        XCTAssertThrowsError(try log.reader().events(keys: log.keys)) {
            XCTAssertEqual($0 as? AuditError, .tampered(VerificationFailure(.entry(9), "the entry differs from the leaf hash recorded when it was appended")))
        }
        let other = AuditKeys.generate(origin: "concord.test/audit")
        XCTAssertThrowsError(try log.reader().events(keys: other)) {
            XCTAssertEqual($0 as? AuditError, .wrongMasterKey(expected: log.keys.masterKeyID, found: other.masterKeyID))
        }
    }
}
