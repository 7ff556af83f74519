import XCTest
import Ontology
@testable import ClinicalText

final class ConceptMatcherTests: XCTestCase {
    private func code(_ value: String) -> ConceptCode { ConceptCode(scheme: "SCT", code: value) }

    func testPluralEndingsAreRemovedBeforeMatching() {
        XCTAssertEqual(["masses", "opacities", "nodules", "abscesses", "status", "metastasis", "pe"]
            .map(ConceptMatcher.normalize), ["mass", "opacity", "nodule", "abscess", "status", "metastasis", "pe"])
    }

    func testLongestMatchWinsOverItsParts() throws {
        let ontology = try Ontology(concepts: [
            Concept(code: code("1"), display: "Effusion", sets: ["finding"]),
            Concept(code: code("2"), display: "Pleural effusion", sets: ["finding"]),
            Concept(code: code("3"), display: "Pleura", synonyms: ["pleural"], sets: ["anatomy"]),
        ])
        let matches = ConceptMatcher(ontology: ontology).matches(in: Tokenizer.tokens(in: "pleural effusions and pleural thickening"))
        XCTAssertEqual(matches.map(\.concept.display), ["Pleural effusion", "Pleura"])
        XCTAssertEqual(matches.map(\.tokens), [0..<2, 3..<4])
    }

    func testHyphenAndSpaceSpellingsMeet() throws {
        let ontology = try Ontology(concepts: [Concept(code: code("1"), display: "Tree-in-bud sign", synonyms: ["ground glass"])])
        let matcher = ConceptMatcher(ontology: ontology)
        XCTAssertEqual(matcher.matches(in: Tokenizer.tokens(in: "tree in bud sign")).count, 1)
        XCTAssertEqual(matcher.matches(in: Tokenizer.tokens(in: "ground-glass")).count, 1)
    }

    func testASharedNameGoesToTheFindingThenTheLowestCode() throws {
        let ontology = try Ontology(concepts: [
            Concept(code: code("9"), display: "Mass", sets: ["CID 7151"]),
            Concept(code: code("8"), display: "Mass", sets: ["finding"]),
            Concept(code: code("7"), display: "Mass", sets: ["finding"]),
        ])
        let matches = ConceptMatcher(ontology: ontology).matches(in: Tokenizer.tokens(in: "mass"))
        XCTAssertEqual(matches.map(\.concept.code), [code("7")])
        XCTAssertEqual(matches.map(\.role), [.finding])
    }
}
