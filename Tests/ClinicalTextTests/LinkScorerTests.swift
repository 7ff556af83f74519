import XCTest
import Ontology
@testable import ClinicalText

final class LinkScorerTests: XCTestCase {
    private let nodule = ConceptCode(scheme: "SCT", code: "27925004")
    private let upperLobe = ConceptCode(scheme: "SCT", code: "45653009")

    func testRanksTheAgreeingAffirmedFindingFirst() {
        let report = shippedReader.read("No nodule in the left lung. 8 mm nodule in the right upper lobe. Micronodule in the left upper lobe.")
        let finding = ImageFinding(id: "seg-1", concept: nodule, laterality: .right, location: upperLobe, sizeMillimetres: 8.4)
        let proposals = LinkScorer(ontology: shippedReader.matcher.ontology).proposals(for: finding, among: report.entities)
        XCTAssertEqual(proposals.map(\.entity.text), ["nodule", "Micronodule"])
        XCTAssertEqual(proposals[0].score, 13)
        XCTAssertEqual(proposals[0].evidence, [.sameConcept, .lateralityAgrees, .locationAgrees, .sizeWithinTolerance, .affirmed])
        // Child concept, wrong side, affirmed: 2 - 3 + 2 (location) + 3.
        XCTAssertEqual(proposals[1].score, 4)
    }

    func testNegatedMentionsAreNotProposed() {
        let report = shippedReader.read("No nodule.")
        let finding = ImageFinding(id: "seg-1", concept: nodule)
        XCTAssertTrue(LinkScorer(ontology: shippedReader.matcher.ontology).proposals(for: finding, among: report.entities).isEmpty)
    }

    func testAcceptedLinksAreStoredOnce() async throws {
        let report = shippedReader.read("8 mm nodule.")
        let finding = ImageFinding(id: "seg-1", concept: nodule, sizeMillimetres: 8)
        let proposal = try XCTUnwrap(LinkScorer(ontology: shippedReader.matcher.ontology)
            .proposals(for: finding, among: report.entities).first)
        let store: any LinkStore = InMemoryLinkStore()
        try await store.accept(proposal.accepted(reportID: "report-1", by: "reader-a"))
        try await store.accept(proposal.accepted(reportID: "report-1", by: "reader-a"))
        let links = try await store.links(forFinding: "seg-1")
        XCTAssertEqual(links, [AcceptedLink(findingID: "seg-1", reportID: "report-1", span: 5..<11, concept: nodule, score: 9, acceptedBy: "reader-a")])
    }
}
