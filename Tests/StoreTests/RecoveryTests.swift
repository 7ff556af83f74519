import Foundation
import XCTest
@testable import Store

/// The recovery sweep at open: what a killed writer leaves behind is removed, and only when
/// no other process could still be about to commit it.
final class RecoveryTests: XCTestCase {
    func testOpeningAloneRemovesBlobsWithoutRowsAndHalfWrittenFiles() throws {
        let directory = try temporaryDirectory()
        let folder = try temporaryDirectory()
        let orphan: [UInt8] = Array("a blob whose row was never committed".utf8)
        let orphanAddress = orphan.withUnsafeBytes { ContentAddress(hashing: $0) }
        do {
            let killed = try SQLiteStore(directory: directory)
            _ = try Ingestor(store: killed).ingest(paths: [try SyntheticInstance().write(to: folder, name: "a.dcm")])
            // What a writer killed between writing blobs and committing their rows leaves.
            _ = try killed.blobs.beginWriting()
            try orphan.withUnsafeBytes { _ = try killed.blobs.put($0, address: orphanAddress) }
            try Data([0]).write(to: URL(fileURLWithPath: killed.blobs.path(for: orphanAddress) + ".tmp-partial"))
            XCTAssertEqual(try killed.verify(), ["blob file without row: \(orphanAddress.hex)"])
        }

        let reopened = try SQLiteStore(directory: directory)

        XCTAssertEqual(reopened.recovery, RecoveryReport(ran: true, orphanBlobsRemoved: 1))
        XCTAssertEqual(try reopened.verify(), [])
        XCTAssertNotNil(try reopened.originalBytes(of: "2.25.1001.1.1"))
        XCTAssertEqual(try reopened.blobs.removeTemporaryFiles(), 0, "the sweep removed the temporary file")
        XCTAssertFalse(reopened.blobs.hasUnfinishedWrites)
    }

    func testNoSweepWhenNoWriterWasInterrupted() throws {
        let directory = try temporaryDirectory()
        do {
            let first = try SQLiteStore(directory: directory)
            _ = try Ingestor(store: first).ingest(paths: [try SyntheticInstance().write(to: try temporaryDirectory(), name: "a.dcm")])
        }
        XCTAssertEqual(try SQLiteStore(directory: directory).recovery, RecoveryReport(ran: false, orphanBlobsRemoved: 0))
    }

    func testNoSweepWhileAnotherStoreHasTheDirectoryOpen() throws {
        let directory = try temporaryDirectory()
        let first = try SQLiteStore(directory: directory)
        let pending: [UInt8] = [1, 2, 3]
        let address = pending.withUnsafeBytes { ContentAddress(hashing: $0) }
        _ = try first.blobs.beginWriting()
        try pending.withUnsafeBytes { _ = try first.blobs.put($0, address: address) }

        let second = try SQLiteStore(directory: directory)

        XCTAssertEqual(second.recovery, RecoveryReport(ran: false, orphanBlobsRemoved: 0))
        XCTAssertTrue(second.blobs.contains(address), "the first store may still commit a row for it")
    }
}
