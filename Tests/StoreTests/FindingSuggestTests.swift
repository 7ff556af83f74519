import Foundation
import XCTest
@testable import Store

/// `concord finding suggest`: a stored finding compared with the mentions in a stored report,
/// ranked with the score's breakdown, and the accepted one stored as a span and a link.
final class FindingSuggestTests: XCTestCase {
    static let report = "No nodule in the left lung. 8 mm nodule in the right upper lobe. Micronodule in the left upper lobe."
    var data: String!
    var image: SyntheticInstance!
    var finding: String!

    override func setUpWithError() throws {
        data = try temporaryDirectory().path
        image = SyntheticInstance()
        image.rows = 64
        image.columns = 64
        let folder = try temporaryDirectory()
        try image.write(to: folder, name: "ct.dcm")
        try run(["ingest", "--quiet", folder.path])
        let text = folder.appendingPathComponent("report.txt")
        try Data(Self.report.utf8).write(to: text)
        try run(["document", "add", "--study", image.studyUID, text.path])
        // Rows are 0.5 mm apart and columns 0.75 mm: an ellipse 16 rows tall and 8 columns wide
        // is 8 mm by 6 mm, so the finding measures 8 mm.
        let region = try decode([Version].self, try run(["annotate", "add", "--author", "alice", "--instance", image.sopUID,
                                                         "--ellipse", "32,32,4,8", "--concept", "SCT:27925004", "--json"]))
        finding = try decode([Version].self, try run([
            "finding", "add", "--author", "alice", "--study", image.studyUID, "--concept", "SCT:27925004",
            "--laterality", "SCT:24028007", "--location", "SCT:45653009", "--region", region[0].annotationID, "--json"]))[0].annotationID
    }

    @discardableResult
    private func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Data {
        let result = try ConcordProcess(arguments + ["--data", data]).finish()
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result.stdout
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: data)
    }

    private struct Version: Decodable { var annotationID: String }

    /// `finding suggest --json`.
    private struct Suggestions: Decodable {
        struct Finding: Decodable, Equatable {
            var id: String
            var laterality: String?
            var sizeMillimetres: Double?
        }
        struct Proposal: Decodable, Equatable {
            var rank: Int
            var score: Double
            var evidence: [String]
            var text: String
            var start: Int
            var end: Int
            var concept: String
            var assertion: [String]
        }
        var finding: Finding
        var proposals: [Proposal]
        var accepted: [AnnotationVersion]
    }

    private func suggest(_ extra: [String] = []) throws -> Suggestions {
        try decode(Suggestions.self, try run(["finding", "suggest", "--finding", finding, "--document", "1", "--json"] + extra))
    }

    func testProposalsAreRankedWithTheirScoreBreakdown() throws {
        let suggestions = try suggest()
        XCTAssertEqual(suggestions.finding, .init(id: finding, laterality: "right", sizeMillimetres: 8))
        XCTAssertEqual(suggestions.proposals, [
            .init(rank: 1, score: 13, evidence: ["sameConcept", "lateralityAgrees", "locationAgrees", "sizeWithinTolerance", "affirmed"],
                  text: "nodule", start: 33, end: 39, concept: "SCT:27925004", assertion: []),
            // Micronodule is a narrower concept on the other side: 2 − 3 + 2 (location) + 3.
            .init(rank: 2, score: 4, evidence: ["parentConcept", "locationAgrees", "affirmed"],
                  text: "Micronodule", start: 65, end: 76, concept: "DCM:112122", assertion: []),
        ], "the negated \"No nodule\" is not proposed")
        XCTAssertEqual(suggestions.accepted, [])
        XCTAssertEqual(try decode([Version].self, try run(["annotate", "list", "--kind", "link", "--json"])).count, 0)
    }

    func testAcceptingStoresTheSpanAndTheLinkWithItsAuthorAndScoreOnce() throws {
        let accepted = try suggest(["--accept", "1", "--author", "bob"]).accepted
        XCTAssertEqual(accepted.map(\.kind), [.span, .link])
        XCTAssertEqual(accepted.map(\.author), ["bob", "bob"])
        guard case let .span(span)? = accepted.first?.annotation, case let .link(link)? = accepted.last?.annotation else {
            return XCTFail("not a span and a link: \(accepted)")
        }
        XCTAssertEqual([span.documentID, String(span.start), String(span.end), span.concept.description], ["1", "33", "39", "SCT:27925004"])
        XCTAssertEqual(link.spanID, span.id)
        XCTAssertEqual(link.findingID.description, finding)
        XCTAssertEqual(link.origin, .acceptedSuggestion)
        XCTAssertEqual(link.score, 13)
        XCTAssertEqual(Self.report.unicodeScalars.dropFirst(span.start).prefix(span.end - span.start).map(String.init).joined(), "nodule")

        XCTAssertEqual(try suggest(["--accept", "1", "--author", "carol"]).accepted, [], "the same span is linked once")
        let listed = try decode([AnnotationVersion].self, try run(["finding", "list", "--study", image.studyUID, "--json"]))
        XCTAssertEqual(listed.map(\.kind), [.finding, .link])
    }

    func testBadRequestsAreRefusedAndStoreNothing() throws {
        func refused(_ arguments: [String]) throws -> (Int32, String) {
            let result = try ConcordProcess(["finding", "suggest", "--data", data] + arguments).finish()
            return (result.status, result.stderr)
        }
        XCTAssertEqual(try refused(["--finding", finding, "--document", "1", "--accept", "3", "--author", "bob"]).1,
                       "concord: --accept 3: there are 2 proposals\n")
        XCTAssertEqual(try refused(["--finding", finding, "--document", "1", "--accept", "1"]).0, 64, "--accept needs --author")
        XCTAssertEqual(try refused(["--finding", finding, "--document", "7"]).1, "concord: no document 7 in the store\n")
        let unknown = "00000000-0000-0000-0000-000000000000"
        XCTAssertEqual(try refused(["--finding", unknown, "--document", "1"]).1, "concord: no finding \(unknown) in the store\n")
        XCTAssertEqual(try decode([Version].self, try run(["annotate", "list", "--kind", "span", "--json"])).count, 0)
    }

    func testAReportOfAnotherStudyIsRefused() throws {
        var other = SyntheticInstance()
        other.studyUID = "2.25.2002"
        other.seriesUID = "2.25.2002.1"
        other.sopUID = "2.25.2002.1.1"
        other.accession = "ACC-2"
        let folder = try temporaryDirectory()
        try other.write(to: folder, name: "other.dcm")
        try run(["ingest", "--quiet", folder.path])
        let text = folder.appendingPathComponent("other.txt")
        try Data("8 mm nodule.".utf8).write(to: text)
        try run(["document", "add", "--study", "ACC-2", text.path])
        let result = try ConcordProcess(["finding", "suggest", "--data", data, "--finding", finding, "--document", "2"]).finish()
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "concord: document 2 belongs to study 2.25.2002, the finding to study \(image.studyUID)\n")
    }
}
