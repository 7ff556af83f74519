import Foundation
import XCTest
@testable import Store

final class DocumentTests: XCTestCase {
    var store: SQLiteStore!

    /// Studies 2.25.1 (accession A1) and 2.25.2 and 2.25.3 (both accession DUP).
    override func setUpWithError() throws {
        store = try SQLiteStore(directory: try temporaryDirectory())
        let folder = try temporaryDirectory()
        for (study, accession) in [("2.25.1", "A1"), ("2.25.2", "DUP"), ("2.25.3", "DUP")] {
            var instance = SyntheticInstance()
            instance.studyUID = study
            instance.seriesUID = study + ".1"
            instance.sopUID = study + ".1.1"
            instance.accession = accession
            try instance.write(to: folder, name: study + ".dcm")
        }
        _ = try Ingestor(store: store).ingest(paths: [folder.path])
    }

    let report = "FINDINGS: 8 mm nodule in the right upper lobe. Ünïcode kept — 所見.\n"

    func testDocumentIsAttachedByStudyInstanceUIDWithItsTextUnchanged() throws {
        let document = try store.addDocument(report, kind: .report, title: "CT chest", toStudy: "2.25.1")

        XCTAssertEqual(document.studyInstanceUID, "2.25.1")
        XCTAssertEqual(document.kind, .report)
        XCTAssertEqual(document.title, "CT chest")
        XCTAssertEqual(document.text, report)
        XCTAssertEqual(document.sha256, Array(report.utf8).withUnsafeBytes { ContentAddress(hashing: $0) })
        XCTAssertEqual(try store.documents(ofStudy: "2.25.1"), [document])
        XCTAssertEqual(try store.document(document.id), document)
    }

    func testDocumentIsAttachedByAUniqueAccessionNumber() throws {
        let document = try store.addDocument(report, kind: .note, title: nil, toStudy: "A1")
        XCTAssertEqual(document.studyInstanceUID, "2.25.1")
        XCTAssertEqual(document.kind, .note)
    }

    func testAddingTheSameTextTwiceReturnsTheStoredDocument() throws {
        let first = try store.addDocument(report, kind: .report, title: nil, toStudy: "2.25.1")
        let second = try store.addDocument(report, kind: .report, title: nil, toStudy: "A1")
        XCTAssertEqual(second, first)
        XCTAssertEqual(try store.documents(ofStudy: "2.25.1").count, 1)
    }

    func testAnAccessionNumberOfTwoStudiesIsRefused() {
        XCTAssertThrowsError(try store.addDocument(report, kind: .report, title: nil, toStudy: "DUP")) { error in
            XCTAssertEqual(error as? StoreError, .ambiguousAccessionNumber("DUP", studyInstanceUIDs: ["2.25.2", "2.25.3"]))
        }
        XCTAssertEqual(try store.documents(ofStudy: "2.25.2"), [])
    }

    func testAnUnknownStudyIsRefused() {
        XCTAssertThrowsError(try store.addDocument(report, kind: .report, title: nil, toStudy: "2.25.404")) { error in
            XCTAssertEqual(error as? StoreError, .studyNotFound("2.25.404"))
        }
    }

    func testAnEmptyDocumentIsRefused() {
        XCTAssertThrowsError(try store.addDocument(" \n", kind: .report, title: nil, toStudy: "2.25.1")) { error in
            XCTAssertEqual(error as? StoreError, .invalidDocument(reason: "the text is empty"))
        }
        XCTAssertEqual(try store.documents(ofStudy: "2.25.1"), [])
    }
}
