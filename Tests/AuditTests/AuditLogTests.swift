import Audit
import Foundation
import XCTest

final class AuditLogTests: XCTestCase {
    private var log: TemporaryLog!

    override func setUpWithError() throws { log = try TemporaryLog() }
    override func tearDown() { log.remove() }

    func testConcurrentAppendsGetEverySequenceNumberOnce() throws {
        let writer = try log.open()
        let sequences = Collected<UInt64>()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for i in 0..<40 {
                guard let seq = try? writer.append(Events.numbered(thread * 100 + i)) else { continue }
                sequences.append(seq)
            }
        }
        XCTAssertEqual(sequences.items.sorted(), Array(0..<320))
        let report = try log.verify()
        XCTAssertEqual(report.size, 320)
        XCTAssertNil(report.failure)
    }

    func testSeparateConnectionsShareOneGapFreeSequence() throws {
        // Two writers on their own SQLite connections stand for two processes.
        let writers = [try log.open(), try log.open()]
        let sequences = Collected<UInt64>()
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for i in 0..<25 {
                guard let seq = try? writers[thread % 2].append(Events.numbered(thread * 100 + i)) else { continue }
                sequences.append(seq)
            }
        }
        XCTAssertEqual(sequences.items.sorted(), Array(0..<100))
        XCTAssertNil(try log.verify().failure)
    }

    func testEventsDecryptToWhatWasAppended() throws {
        let writer = try log.open()
        let events = (0..<5).map { Events.numbered($0) }
        for event in events { try writer.append(event) }
        let recorded = try log.reader().events(keys: log.keys)
        XCTAssertEqual(recorded.map(\.sequence), [0, 1, 2, 3, 4])
        XCTAssertEqual(recorded.map(\.event), events)
    }

    func testQueryFiltersByActorObjectActionAndTime() throws {
        let writer = try log.open()
        for i in 0..<6 { try writer.append(Events.numbered(i, actor: i < 3 ? Events.lee : Events.kim)) }
        let reader = try log.reader()
        let sequences = { (query: AuditQuery) in try reader.events(matching: query, keys: self.log.keys).map(\.sequence) }
        XCTAssertEqual(try sequences(AuditQuery(userID: "kim")), [3, 4, 5])
        XCTAssertEqual(try sequences(AuditQuery(action: .update)), [1, 3, 5])
        XCTAssertEqual(try sequences(AuditQuery(objectID: "1.2.826.0.1.4")), [4])
        XCTAssertEqual(try sequences(AuditQuery(objectKind: .patient)), [])
        XCTAssertEqual(try sequences(AuditQuery(from: Date(timeIntervalSince1970: 1_800_000_002),
                                                to: Date(timeIntervalSince1970: 1_800_000_004))), [2, 3])
    }

    func testBulkAndSingleAppendsFromManyThreadsStayGapFree() throws {
        let writer = try log.open()
        let ranges = Collected<Range<UInt64>>()
        DispatchQueue.concurrentPerform(iterations: 6) { thread in
            for i in 0..<10 {
                if thread.isMultiple(of: 2) {
                    guard let range = try? writer.append(contentsOf: (0..<5).map { Events.numbered(i * 5 + $0) }) else { continue }
                    ranges.append(range)
                } else {
                    guard let seq = try? writer.append(Events.numbered(i)) else { continue }
                    ranges.append(seq..<seq + 1)
                }
            }
        }
        let sequences: [UInt64] = ranges.items.flatMap { Array($0) }.sorted()
        let expected: [UInt64] = Array(0..<180)   // 3 threads × 10 bulk appends of 5, 3 × 10 singles
        XCTAssertEqual(sequences, expected)
        XCTAssertNil(try log.verify().failure)
    }

    func testRotationSealsNewEntriesUnderANewKeyAndKeepsOldOnesReadable() throws {
        let writer = try log.open()
        try writer.append(Events.numbered(0))
        XCTAssertEqual(try writer.rotateDataKey(), 2)
        try writer.append(Events.numbered(1))
        let recorded = try log.reader().events(keys: log.keys)
        XCTAssertEqual(recorded.map(\.keyID), [1, 2])
        XCTAssertEqual(recorded.map(\.event), [Events.numbered(0), Events.numbered(1)])
    }

    func testMasterKeyRotationRewrapsDataKeysWithoutTouchingEntries() throws {
        let writer = try log.open()
        try writer.append(Events.numbered(0))
        try writer.rotateDataKey()
        try writer.append(Events.numbered(1))
        let before = try log.reader().sealedEntries(0..<2)
        let newKeys = log.keys.withNewMasterKey()
        try writer.rotateMasterKey(to: newKeys)

        XCTAssertEqual(try log.reader().sealedEntries(0..<2), before)
        XCTAssertEqual(try log.reader().events(keys: newKeys).map(\.event), [Events.numbered(0), Events.numbered(1)])
        XCTAssertThrowsError(try log.reader().events(keys: log.keys)) {
            XCTAssertEqual($0 as? AuditError, .wrongMasterKey(expected: newKeys.masterKeyID, found: log.keys.masterKeyID))
        }
        XCTAssertNil(try log.verify().failure)
        XCTAssertThrowsError(try writer.rotateMasterKey(to: AuditKeys.generate(origin: "concord.test/audit"))) {
            XCTAssertEqual($0 as? AuditError, .incompatibleKeys("a master key rotation keeps the origin and the signing key"))
        }
    }

    func testShreddedKeyLeavesEntriesVerifiableButUnreadable() throws {
        let writer = try log.open()
        try writer.append(Events.numbered(0))
        try writer.rotateDataKey()
        try writer.append(Events.numbered(1))
        try writer.destroyDataKey(1)
        XCTAssertNil(try log.verify().failure)
        let recorded = try log.reader().events(keys: log.keys)
        XCTAssertEqual(recorded.map(\.sequence), [0, 1])
        XCTAssertNil(recorded[0].event)
        XCTAssertEqual(recorded[1].event, Events.numbered(1))
    }

    func testCheckpointsAreWrittenEveryNEntriesAndOnDemand() throws {
        let writer = try log.open(checkpointInterval: 10)
        for i in 0..<25 { try writer.append(Events.numbered(i)) }
        let note = try writer.checkpoint()
        let reader = try log.reader()
        let sizes = try reader.checkpointNotes().map { try SignedNote.verify($0, with: log.keys.verifierKey).size }
        XCTAssertEqual(sizes, [10, 20, 25])
        let checkpoint = try SignedNote.verify(note, with: log.keys.verifierKey)
        XCTAssertEqual(checkpoint.origin, "concord.test/audit")
        XCTAssertEqual(checkpoint.rootHash, try reader.rootHash(size: 25))
    }

    func testCheckpointOfTheEmptyLogVerifies() throws {
        let note = try log.open().checkpoint()
        let checkpoint = try SignedNote.verify(note, with: log.keys.verifierKey)
        XCTAssertEqual(checkpoint.size, 0)
        XCTAssertEqual(checkpoint.rootHash, TreeHasher.emptyRoot)
        let report = try log.verify(against: checkpoint)
        XCTAssertNil(report.failure)
        XCTAssertEqual(report.checkpointsChecked, 1)
    }

    func testRootsAndProofsAgreeWithTheTreeComputedFromTheLeaves() throws {
        let writer = try log.open()
        for i in 0..<21 { try writer.append(Events.numbered(i)) }
        let reader = try log.reader()
        let leaves = try reader.sealedEntries(0..<21).map(\.leafHash)
        for size in 1...21 {
            let root = try reader.rootHash(size: UInt64(size))
            XCTAssertEqual(root, referenceRoot(Array(leaves[0..<size])), "root at size \(size)")
            for index in 0..<size {
                let proof = try reader.inclusionProof(index: UInt64(index), size: UInt64(size))
                XCTAssertNoThrow(try proof.verify(against: Checkpoint(origin: "o", size: UInt64(size), rootHash: root)))
            }
            for old in 1...size {
                let proof = try reader.consistencyProof(from: UInt64(old), to: UInt64(size))
                let oldCheckpoint = Checkpoint(origin: "o", size: UInt64(old), rootHash: try reader.rootHash(size: UInt64(old)))
                XCTAssertNoThrow(try proof.verify(from: oldCheckpoint, to: Checkpoint(origin: "o", size: UInt64(size), rootHash: root)))
            }
        }
    }

    func testProofsOutsideTheLogAreRefused() throws {
        let writer = try log.open()
        for i in 0..<3 { try writer.append(Events.numbered(i)) }
        let reader = try log.reader()
        XCTAssertThrowsError(try reader.inclusionProof(index: 3, size: 3)) {
            XCTAssertEqual($0 as? AuditError, .outOfRange("entry 3 at size 3 is outside the log of 3 entries"))
        }
        XCTAssertThrowsError(try reader.consistencyProof(from: 2, to: 4)) {
            XCTAssertEqual($0 as? AuditError, .outOfRange("sizes must satisfy 0 < from ≤ to ≤ 3 (the log's size)"))
        }
    }

    func testWrongKeyIsAKeyErrorNotTampering() throws {
        try log.open().append(Events.numbered(0))
        let other = AuditKeys.generate(origin: "concord.test/audit")
        XCTAssertThrowsError(try log.reader().events(keys: other)) {
            XCTAssertEqual($0 as? AuditError, .wrongMasterKey(expected: log.keys.masterKeyID, found: other.masterKeyID))
        }
        XCTAssertThrowsError(try SQLiteAuditLog(directory: log.directory, keys: other)) {
            XCTAssertEqual($0 as? AuditError, .wrongMasterKey(expected: log.keys.masterKeyID, found: other.masterKeyID))
        }
    }

    func testKeyFileRoundTripsAndIsNeverOverwritten() throws {
        let loaded = try AuditKeys(contentsOf: log.keyFile)
        XCTAssertEqual(loaded.masterKeyID, log.keys.masterKeyID)
        XCTAssertEqual(loaded.verifierKey, log.keys.verifierKey)
        XCTAssertThrowsError(try log.keys.write(to: log.keyFile)) {
            XCTAssertEqual($0 as? AuditError, .invalidKeyFile(path: log.keyFile, reason: "it already exists; keys are never overwritten"))
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: log.keyFile)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testKeysComeFromTheEnvironmentWhenNoFileIsGiven() throws {
        let text = String(decoding: log.keys.jsonData(), as: UTF8.self)
        let keys = try AuditKeys.resolve(keyFile: nil, defaultFile: "/nonexistent",
                                         environment: [AuditKeys.environmentVariable: text])
        XCTAssertEqual(keys.masterKeyID, log.keys.masterKeyID)
        XCTAssertThrowsError(try AuditKeys.resolve(keyFile: nil, defaultFile: "/nonexistent", environment: [:])) {
            guard case .missingKeys = $0 as? AuditError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try AuditKeys(json: Data("{}".utf8), source: "x")) {
            guard case .invalidKeyFile = $0 as? AuditError else { return XCTFail("\($0)") }
        }
    }

    func testOpeningAMissingLogSaysHowToCreateIt() {
        XCTAssertThrowsError(try AuditLogReader(directory: "/nonexistent/concord")) {
            XCTAssertEqual($0 as? AuditError, .notInitialised(path: "/nonexistent/concord/audit.sqlite"))
        }
    }

    /// MTH computed directly from RFC 9162's recursive definition.
    private func referenceRoot(_ leaves: [[UInt8]]) -> [UInt8] {
        if leaves.count == 1 { return leaves[0] }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        return TreeHasher.nodeHash(left: referenceRoot(Array(leaves[..<k])), right: referenceRoot(Array(leaves[k...])))
    }
}
