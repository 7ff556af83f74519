import XCTest
import Ontology

final class OntologyTests: XCTestCase {
    private let lung = Concept(code: ConceptCode(scheme: "SCT", code: "39607008"), display: "Lung")
    private lazy var rightLung = Concept(code: ConceptCode(scheme: "SCT", code: "3341006"), display: "Right lung",
                                         parents: [lung.code])
    private lazy var rightUpperLobe = Concept(code: ConceptCode(scheme: "SCT", code: "45653009"),
                                              display: "Upper lobe of right lung", synonyms: ["RUL"],
                                              equivalentCodes: [ConceptCode(scheme: "RADLEX", code: "RID1303")],
                                              parents: [rightLung.code], sets: ["lobe"])

    func testLooksUpConceptsByPrimaryAndEquivalentCodes() throws {
        let ontology = try Ontology(concepts: [lung, rightLung, rightUpperLobe])
        XCTAssertEqual(ontology.concept(for: ConceptCode(scheme: "SCT", code: "45653009"))?.display, "Upper lobe of right lung")
        XCTAssertEqual(ontology.concept(for: ConceptCode(scheme: "RADLEX", code: "RID1303"))?.code, rightUpperLobe.code)
        XCTAssertNil(ontology.concept(for: ConceptCode(scheme: "SCT", code: "1")))
        XCTAssertEqual(ontology.members(of: "lobe").map(\.display), ["Upper lobe of right lung"])
    }

    func testIsAFollowsParentsTransitively() throws {
        let ontology = try Ontology(concepts: [lung, rightLung, rightUpperLobe])
        XCTAssertTrue(ontology.isA(rightUpperLobe.code, lung.code))
        XCTAssertTrue(ontology.isA(ConceptCode(scheme: "RADLEX", code: "RID1303"), rightLung.code))
        XCTAssertFalse(ontology.isA(lung.code, rightUpperLobe.code))
        XCTAssertEqual(ontology.ancestors(of: rightUpperLobe.code).map(\.display), ["Right lung", "Lung"])
    }

    func testRejectsDuplicateCodes() {
        let twin = Concept(code: lung.code, display: "Lung again")
        XCTAssertThrowsError(try Ontology(concepts: [lung, twin])) { error in
            XCTAssertEqual(error as? OntologyError, .duplicateCode(lung.code))
        }
    }

    func testRejectsUnknownParents() {
        XCTAssertThrowsError(try Ontology(concepts: [rightLung])) { error in
            XCTAssertEqual(error as? OntologyError, .unknownParent(concept: rightLung.code, parent: lung.code))
        }
    }

    func testRejectsParentCycles() {
        let a = Concept(code: ConceptCode(scheme: "X", code: "a"), display: "A", parents: [ConceptCode(scheme: "X", code: "b")])
        let b = Concept(code: ConceptCode(scheme: "X", code: "b"), display: "B", parents: [ConceptCode(scheme: "X", code: "a")])
        XCTAssertThrowsError(try Ontology(concepts: [a, b])) { error in
            guard case .cycle = error as? OntologyError else { return XCTFail("expected a cycle, got \(error)") }
        }
    }

    func testConceptCodeParsesItsOwnDescription() {
        XCTAssertEqual(ConceptCode(parsing: "SCT:36118008"), ConceptCode(scheme: "SCT", code: "36118008"))
        XCTAssertNil(ConceptCode(parsing: "36118008"))
        XCTAssertNil(ConceptCode(parsing: ":1"))
        XCTAssertEqual(ConceptCode(scheme: "RADLEX", code: "RID5352").description, "RADLEX:RID5352")
    }
}
