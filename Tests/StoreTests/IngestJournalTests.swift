import Foundation
import XCTest
@testable import Store

/// An ``Ingestor``'s journal hears of every batch before anything of it is written and again
/// once it has committed; a journal that cannot record stops the run before the batch is written.
final class IngestJournalTests: XCTestCase {
    /// Writes down each call, with how many of the batch's instances the store held at that moment.
    private final class Recorder: IngestJournal, @unchecked Sendable {
        struct Refusal: Error, CustomStringConvertible { var description: String { "the log is full" } }

        let store: SQLiteStore
        let refuses: Bool
        private let lock = NSLock()
        private var recorded: [String] = []

        init(store: SQLiteStore, refuses: Bool = false) {
            self.store = store
            self.refuses = refuses
        }

        var calls: [String] { lock.withLock { recorded } }

        func willStore(_ batch: [IngestCandidate]) throws {
            let held = try batch.filter { try store.instance($0.header.instance.sopInstanceUID) != nil }.count
            lock.withLock { recorded.append("will \(Self.names(batch)) held=\(held)") }
            if refuses { throw Refusal() }
        }

        func didStore(_ batch: [IngestCandidate], outcomes: [IngestOutcome]) throws {
            let held = try batch.filter { try store.instance($0.header.instance.sopInstanceUID) != nil }.count
            let what = outcomes.map { outcome in
                switch outcome {
                case .ingested: "ingested"
                case .alreadyPresent: "present"
                case .conflict: "conflict"
                }
            }
            lock.withLock { recorded.append("did \(Self.names(batch)) held=\(held) \(what.joined(separator: ","))") }
        }

        func didFail(_ batch: [IngestCandidate], error: StoreError) throws {
            lock.withLock { recorded.append("failed \(Self.names(batch)): \(error)") }
        }

        static func names(_ batch: [IngestCandidate]) -> String {
            batch.map { ($0.sourcePath as NSString).lastPathComponent }.joined(separator: ",")
        }
    }

    private func writeFiles() throws -> URL {
        let folder = try temporaryDirectory()
        for number in 1...3 {
            var instance = SyntheticInstance()
            instance.sopUID = "2.25.1001.1.\(number)"
            instance.instanceNumber = number
            try instance.write(to: folder, name: "\(number).dcm")
        }
        try Data("not DICOM".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        return folder
    }

    func testEachBatchIsAnnouncedBeforeItIsWrittenAndReportedAfterItCommits() throws {
        let folder = try writeFiles()
        let store = try SQLiteStore(directory: try temporaryDirectory())
        let first = Recorder(store: store)
        _ = try Ingestor(store: store, batchSize: 2, journal: first).ingest(paths: [folder.path])
        XCTAssertEqual(first.calls, ["will 1.dcm,2.dcm held=0", "did 1.dcm,2.dcm held=2 ingested,ingested",
                                     "will 3.dcm held=0", "did 3.dcm held=1 ingested"],
                       "a batch with no DICOM file in it (notes.txt alone) is not announced")

        let again = Recorder(store: store)
        _ = try Ingestor(store: store, batchSize: 2, journal: again).ingest(paths: [folder.path])
        XCTAssertEqual(again.calls, ["will 1.dcm,2.dcm held=2", "did 1.dcm,2.dcm held=2 present,present",
                                     "will 3.dcm held=1", "did 3.dcm held=1 present"])
    }

    func testAJournalThatCannotRecordStopsIngestBeforeTheBatchIsWritten() throws {
        let folder = try writeFiles()
        let store = try SQLiteStore(directory: try temporaryDirectory())
        let journal = Recorder(store: store, refuses: true)
        XCTAssertThrowsError(try Ingestor(store: store, batchSize: 2, journal: journal).ingest(paths: [folder.path])) { error in
            XCTAssertEqual(error as? StoreError, .journalRefused(reason: "the log is full"))
        }
        XCTAssertEqual(journal.calls, ["will 1.dcm,2.dcm held=0"])
        XCTAssertEqual(try store.instances(inStudy: "2.25.1001"), [])
        XCTAssertEqual(try store.blobs.allAddresses(), [])
    }
}
