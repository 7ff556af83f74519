import XCTest
@testable import ClinicalText

final class SectionSplitterTests: XCTestCase {
    func testFindsHeadingsByAliasAtLineStarts() {
        let text = "CLINICAL HISTORY: cough\nComparison: none\nFINDINGS: No effusion.\nConclusion: normal\nIMPRESSION\nStable."
        let sections = shippedReader.sectionSplitter.sections(in: Tokenizer.tokens(in: text))
        XCTAssertEqual(sections.map(\.name), ["history", "comparison", "findings", "impression", "impression"])
        XCTAssertEqual(sections[0].heading, 0..<17)
    }

    func testSectionsImplyAssertions() {
        let report = shippedReader.read("FAMILY HISTORY: aortic aneurysm.\nPAST MEDICAL HISTORY: stroke.\nFINDINGS: pneumothorax.")
        XCTAssertEqual(report.entities.map(\.section), ["family_history", "past_history", "findings"])
        XCTAssertEqual(report.entities.map(\.assertion), [Assertion([.family]), Assertion([.historical]), Assertion()])
    }

    func testRejectsMalformedSectionRules() {
        XCTAssertThrowsError(try SectionRuleSet(parsing: "findings\tfindings\tsometimes\n", path: "s.tsv")) { error in
            XCTAssertEqual(error as? ClinicalTextError, .malformedRule(
                path: "s.tsv", line: 1,
                reason: "unknown category 'sometimes'; use historical, family, hypothetical, possible or negated"))
        }
    }
}
