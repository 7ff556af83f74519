import Annotations
import Foundation
import GRDB
import Ontology
import XCTest
@testable import Store

/// Append-only annotation history, validation that writes nothing when it fails, and queries.
final class AnnotationStoreTests: XCTestCase {
    static let nodule = ConceptCode(scheme: "SCT", code: "27925004")
    static let mass = ConceptCode(scheme: "SCT", code: "4147007")
    static let right = ConceptCode(scheme: "SCT", code: "24028007")
    static let tissue = ConceptCode(scheme: "SCT", code: "85756007")
    static let liver = ConceptCode(scheme: "SCT", code: "10200004")
    static let unknown = ConceptCode(scheme: "SCT", code: "999999")

    static func ontology() throws -> Ontology {
        try Ontology(concepts: [
            Concept(code: nodule, display: "Nodule"), Concept(code: mass, display: "Mass"),
            Concept(code: right, display: "Right"), Concept(code: tissue, display: "Tissue"),
            Concept(code: liver, display: "Liver"),
        ])
    }

    var store: SQLiteStore!
    var document: ClinicalDocument!
    /// Series 2.25.1001.1: a single-frame 64×64 image `.1.1` and a 3-frame 64×64 image `.1.2`.
    let single = "2.25.1001.1.1"
    let multi = "2.25.1001.1.2"

    override func setUpWithError() throws {
        store = try SQLiteStore(directory: try temporaryDirectory(), ontology: try Self.ontology())
        let folder = try temporaryDirectory()
        var image = SyntheticInstance()
        image.rows = 64
        image.columns = 64
        try image.write(to: folder, name: "1.dcm")
        var enhanced = image
        enhanced.sopUID = multi
        enhanced.instanceNumber = 2
        enhanced.framePositions = [[0, 0, 0], [0, 0, 2], [0, 0, 4]]
        try enhanced.write(to: folder, name: "2.dcm")
        XCTAssertEqual(try Ingestor(store: store).ingest(paths: [folder.path]).ingested, 2)
        document = try store.addDocument("Right lung nodule, 8 mm.", kind: .report, title: nil, toStudy: "2.25.1001")
    }

    private func region(_ shape: RegionShape, on uid: String? = nil, frame: Int = 0,
                        concept: ConceptCode? = nodule) -> Region {
        Region(frame: FrameReference(sopInstanceUID: uid ?? single, frameIndex: frame), shape: shape, concept: concept)
    }

    private let square = RegionShape.rectangle(origin: PixelPoint(column: 10, row: 10), width: 8, height: 8)

    private func versionCount() throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM annotation_version") ?? -1 }
    }

    /// Asserts that `change` fails with `expected` and leaves the history as it was.
    private func assertRejected(_ expected: StoreError, file: StaticString = #filePath, line: UInt = #line,
                                _ change: () throws -> Void) throws {
        let before = try versionCount()
        XCTAssertThrowsError(try change(), file: file, line: line) { error in
            XCTAssertEqual(error as? StoreError, expected, file: file, line: line)
        }
        XCTAssertEqual(try versionCount(), before, "a rejected change writes nothing", file: file, line: line)
    }

    // MARK: - History

    func testEveryChangeIsANewVersionWithAuthorAndParent() throws {
        let original = region(square)
        var drawn = original
        let first = try store.save(.region(drawn), author: "alice", parentVersion: nil)
        drawn.shape = .ellipse(center: PixelPoint(column: 20, row: 20), columnRadius: 5, rowRadius: 4)
        let second = try store.save(.region(drawn), author: "bob", parentVersion: 1)

        XCTAssertEqual(first.version, 1)
        XCTAssertNil(first.parentVersion)
        XCTAssertEqual(second.version, 2)
        XCTAssertEqual(second.parentVersion, 1)
        let history = try store.history(of: drawn.id)
        XCTAssertEqual(history.map(\.version), [1, 2])
        XCTAssertEqual(history.map(\.author), ["alice", "bob"])
        XCTAssertEqual(history[0].annotation, .region(original))
        XCTAssertEqual(history[1].annotation, .region(drawn))
        XCTAssertEqual(try store.current(drawn.id)?.annotation, .region(drawn))
    }

    func testDeleteIsAVersionAndTheObjectLeavesTheCurrentView() throws {
        let drawn = region(square)
        try store.save(.region(drawn), author: "alice", parentVersion: nil)

        let deletion = try store.delete(drawn.id, author: "carol", parentVersion: 1)

        XCTAssertTrue(deletion.isDeletion)
        XCTAssertEqual(deletion.version, 2)
        XCTAssertEqual(try store.history(of: drawn.id).map(\.isDeletion), [false, true])
        XCTAssertEqual(try store.history(of: drawn.id).last?.author, "carol")
        XCTAssertNil(try store.current(drawn.id))
        XCTAssertEqual(try store.annotations(matching: AnnotationQuery(sopInstanceUID: single)), [])
        try assertRejected(.annotationNotFound(drawn.id)) { try store.delete(drawn.id, author: "carol", parentVersion: 2) }
    }

    func testAChangeOnTopOfAnOlderVersionIsAConflict() throws {
        var drawn = region(square)
        try store.save(.region(drawn), author: "alice", parentVersion: nil)
        try store.save(.region(drawn), author: "bob", parentVersion: 1)
        drawn.note = "edited from a stale copy"

        try assertRejected(.versionConflict(drawn.id, expected: 1, found: 2)) {
            try store.save(.region(drawn), author: "alice", parentVersion: 1)
        }
        try assertRejected(.versionConflict(drawn.id, expected: nil, found: 2)) {
            try store.save(.region(drawn), author: "alice", parentVersion: nil)
        }
        try assertRejected(.versionConflict(drawn.id, expected: 1, found: 2)) {
            try store.delete(drawn.id, author: "alice", parentVersion: 1)
        }
    }

    func testHistoryCannotBeRewrittenEvenBySQL() throws {
        try store.save(.region(region(square)), author: "alice", parentVersion: nil)
        for sql in ["UPDATE annotation_version SET author = 'mallory'", "DELETE FROM annotation_version",
                    "DELETE FROM annotation_frame", "UPDATE annotation_concept SET concept = 'X:1'"] {
            XCTAssertThrowsError(try store.write { db in try db.execute(sql: sql) }, sql) { error in
                XCTAssertTrue("\(error)".contains("annotation history is append-only"), "\(error)")
            }
        }
        XCTAssertEqual(try versionCount(), 1)
    }

    // MARK: - Validation writes nothing

    func testRegionOutsideTheImageIsRejected() throws {
        let outside = region(.point(PixelPoint(column: 70, row: 3)))
        try assertRejected(.invalidAnnotation(.pointOutOfBounds(PixelPoint(column: 70, row: 3), columns: 64, rows: 64))) {
            try store.save(.region(outside), author: "alice", parentVersion: nil)
        }
    }

    func testDegenerateRegionsAreRejected() throws {
        let flat = region(.polygon([PixelPoint(column: 1, row: 1), PixelPoint(column: 2, row: 2), PixelPoint(column: 3, row: 3)]))
        try assertRejected(.invalidAnnotation(.zeroArea(shape: "polygon"))) {
            try store.save(.region(flat), author: "alice", parentVersion: nil)
        }
        let empty = region(.rectangle(origin: PixelPoint(column: 1, row: 1), width: 0, height: 3))
        try assertRejected(.invalidAnnotation(.nonPositiveSize(shape: "rectangle", width: 0, height: 3))) {
            try store.save(.region(empty), author: "alice", parentVersion: nil)
        }
    }

    func testFramePastTheEndIsRejected() throws {
        try assertRejected(.invalidAnnotation(.frameOutOfRange(frameIndex: 3, numberOfFrames: 3))) {
            try store.save(.region(region(square, on: multi, frame: 3)), author: "alice", parentVersion: nil)
        }
    }

    func testUnknownConceptIsRejected() throws {
        try assertRejected(.invalidAnnotation(.unknownConcept(Self.unknown, role: "region"))) {
            try store.save(.region(region(square, concept: Self.unknown)), author: "alice", parentVersion: nil)
        }
    }

    func testRegionOnAnImageNotInTheStoreIsRejected() throws {
        try assertRejected(.notFound(what: "instance", key: "2.25.404")) {
            try store.save(.region(region(square, on: "2.25.404")), author: "alice", parentVersion: nil)
        }
    }

    func testMaskOfTheWrongSizeIsRejected() throws {
        let plane = try RunLengthBitPlane(rows: 32, columns: 32, pixels: [UInt8](repeating: 1, count: 32 * 32))
        let mask = Mask(seriesInstanceUID: "2.25.1001.1", rows: 32, columns: 32,
                        segments: [Segment(number: 1, label: "liver", category: Self.tissue, type: Self.liver, algorithmType: .manual)],
                        frames: [MaskFrame(segmentNumber: 1, frame: FrameReference(sopInstanceUID: single), pixels: .binary(plane))])
        try assertRejected(.invalidAnnotation(.maskSizeMismatch(frame: FrameReference(sopInstanceUID: single), maskColumns: 32,
                                                                maskRows: 32, imageColumns: 64, imageRows: 64))) {
            try store.save(.mask(mask), author: "alice", parentVersion: nil)
        }
    }

    func testSpanPastTheEndOfItsDocumentIsRejected() throws {
        let length = document.text.unicodeScalars.count
        let span = TextSpan(documentID: String(document.id), start: 20, end: length + 1, concept: Self.nodule)
        try assertRejected(.invalidAnnotation(.spanPastEndOfDocument(end: length + 1, documentLength: length,
                                                                     documentID: String(document.id)))) {
            try store.save(.span(span), author: "alice", parentVersion: nil)
        }
        let elsewhere = TextSpan(documentID: "404", start: 0, end: 1, concept: Self.nodule)
        try assertRejected(.notFound(what: "document", key: "404")) {
            try store.save(.span(elsewhere), author: "alice", parentVersion: nil)
        }
    }

    func testFindingOfMissingRegionsAndLinksToMissingObjectsAreRejected() throws {
        let ghost = AnnotationID()
        let finding = Finding(studyInstanceUID: "2.25.1001", concept: Self.nodule, regionIDs: [ghost])
        try assertRejected(.annotationNotFound(ghost)) { try store.save(.finding(finding), author: "alice", parentVersion: nil) }
        let link = SpanFindingLink(spanID: ghost, findingID: finding.id, author: "alice")
        try assertRejected(.annotationNotFound(ghost)) { try store.save(.link(link), author: "alice", parentVersion: nil) }
    }

    func testALinkWithoutItsAuthorIsRejected() throws {
        let finding = Finding(studyInstanceUID: "2.25.1001", concept: Self.nodule)
        let span = TextSpan(documentID: String(document.id), start: 0, end: 5, concept: Self.nodule)
        try store.save(.finding(finding), author: "alice", parentVersion: nil)
        try store.save(.span(span), author: "alice", parentVersion: nil)
        let anonymous = SpanFindingLink(spanID: span.id, findingID: finding.id, author: " ")
        try assertRejected(.invalidAnnotation(.missingAuthor)) {
            try store.save(.link(anonymous), author: "alice", parentVersion: nil)
        }
    }

    func testAnObjectKeepsItsKindAcrossVersions() throws {
        let drawn = region(square)
        try store.save(.region(drawn), author: "alice", parentVersion: nil)
        let impostor = Finding(id: drawn.id, studyInstanceUID: "2.25.1001", concept: Self.nodule)
        try assertRejected(.kindMismatch(drawn.id, stored: "region", given: "finding")) {
            try store.save(.finding(impostor), author: "alice", parentVersion: 1)
        }
    }

    func testAuthorAndOntologyAreRequired() throws {
        try assertRejected(.missingAuthor) { try store.save(.region(region(square)), author: " ", parentVersion: nil) }
        let bare = try SQLiteStore(directory: store.directory)
        try assertRejected(.ontologyRequired) { try bare.save(.region(region(square)), author: "alice", parentVersion: nil) }
    }

    // MARK: - Findings, spans, links and queries

    func testFindingGroupsRegionsAndASpanIsLinkedToIt() throws {
        let outline = region(square)
        try store.save(.region(outline), author: "alice", parentVersion: nil)
        let finding = Finding(studyInstanceUID: "2.25.1001", concept: Self.nodule, laterality: Self.right,
                              sizeMM: [8], regionIDs: [outline.id])
        try store.save(.finding(finding), author: "alice", parentVersion: nil)
        let span = TextSpan(documentID: String(document.id), start: 0, end: 17, concept: Self.nodule)
        try store.save(.span(span), author: "alice", parentVersion: nil)
        let link = SpanFindingLink(spanID: span.id, findingID: finding.id, author: "bob")
        let linked = try store.save(.link(link), author: "bob", parentVersion: nil)

        XCTAssertEqual(span.text(in: document.text), "Right lung nodule")
        XCTAssertEqual(linked.annotation, .link(link))
        XCTAssertEqual(try store.annotations(matching: AnnotationQuery(studyInstanceUID: "2.25.1001")).map(\.annotationID),
                       [outline.id, finding.id, span.id, link.id])
        XCTAssertEqual(try store.annotations(matching: AnnotationQuery(kind: .finding, concept: Self.right)).map(\.annotationID),
                       [finding.id])
    }

    func testAnnotationsBySeriesInstanceFrameAuthorAndConcept() throws {
        let a = region(square, on: single)
        let b = region(square, on: multi, frame: 1, concept: Self.mass)
        let c = region(square, on: multi, frame: 2)
        try store.save(.region(a), author: "alice", parentVersion: nil)
        try store.save(.region(b), author: "bob", parentVersion: nil)
        try store.save(.region(c), author: "alice", parentVersion: nil)
        func ids(_ query: AnnotationQuery) throws -> [AnnotationID] { try store.annotations(matching: query).map(\.annotationID) }

        XCTAssertEqual(try ids(AnnotationQuery(seriesInstanceUID: "2.25.1001.1")), [a.id, b.id, c.id])
        XCTAssertEqual(try ids(AnnotationQuery(sopInstanceUID: multi)), [b.id, c.id])
        XCTAssertEqual(try ids(AnnotationQuery(sopInstanceUID: multi, frameIndex: 2)), [c.id])
        XCTAssertEqual(try ids(AnnotationQuery(author: "alice")), [a.id, c.id])
        XCTAssertEqual(try ids(AnnotationQuery(concept: Self.mass)), [b.id])
        XCTAssertEqual(try ids(AnnotationQuery(sopInstanceUID: multi, frameIndex: 0)), [])
    }

    func testQueriesSeeOnlyTheCurrentVersion() throws {
        var drawn = region(square, concept: Self.nodule)
        try store.save(.region(drawn), author: "alice", parentVersion: nil)
        drawn.concept = Self.mass
        drawn.frame = FrameReference(sopInstanceUID: multi, frameIndex: 0)
        try store.save(.region(drawn), author: "bob", parentVersion: 1)

        XCTAssertEqual(try store.annotations(matching: AnnotationQuery(concept: Self.nodule)), [])
        XCTAssertEqual(try store.annotations(matching: AnnotationQuery(sopInstanceUID: single)), [])
        XCTAssertEqual(try store.annotations(matching: AnnotationQuery(author: "alice")), [])
        XCTAssertEqual(try store.annotations(matching: AnnotationQuery(sopInstanceUID: multi)).map(\.version), [2])
    }
}
