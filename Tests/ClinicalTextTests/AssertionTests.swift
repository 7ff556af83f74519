import XCTest
@testable import ClinicalText

/// Radiology sentences written for these tests (none comes from the evaluation sets).
final class AssertionTests: XCTestCase {
    private func assertion(_ target: String, _ sentence: String) throws -> Assertion {
        try shippedAsserter.assertion(of: target, in: sentence)
    }

    func testNegation() throws {
        XCTAssertEqual(try assertion("pneumothorax", "No pneumothorax."), Assertion([.negated]))
        XCTAssertEqual(try assertion("effusion", "There is no evidence of pleural effusion or consolidation."), Assertion([.negated]))
        XCTAssertEqual(try assertion("consolidation", "There is no evidence of pleural effusion or consolidation."), Assertion([.negated]))
        XCTAssertEqual(try assertion("PE", "Pulmonary arteries are patent without PE."), Assertion([.negated]))
        XCTAssertEqual(try assertion("fracture", "Acute fracture is not seen."), Assertion([.negated]))
        XCTAssertEqual(try assertion("hydronephrosis", "Hydronephrosis has resolved."), Assertion([.negated]))
    }

    func testTerminationEndsTheScope() throws {
        XCTAssertEqual(try assertion("nodule", "No effusion, but a 6 mm nodule in the lingula."), Assertion())
        XCTAssertEqual(try assertion("atelectasis", "No pneumothorax; bibasilar atelectasis."), Assertion())
    }

    func testPseudoTriggersDoNotNegate() throws {
        XCTAssertEqual(try assertion("nodule", "No change in the size of the right upper lobe nodule."), Assertion())
        XCTAssertEqual(try assertion("lesion", "CT abdomen without contrast shows a hepatic lesion."), Assertion())
        XCTAssertEqual(try assertion("mass", "The mass has not changed in size."), Assertion())
    }

    func testPossible() throws {
        XCTAssertEqual(try assertion("pneumonia", "Findings suspicious for pneumonia."), Assertion([.possible]))
        XCTAssertEqual(try assertion("abscess", "Small abscess cannot be excluded."), Assertion([.possible]))
        XCTAssertEqual(try assertion("metastasis", "Possible metastasis to the liver."), Assertion([.possible]))
    }

    func testHistorical() throws {
        XCTAssertEqual(try assertion("lobectomy", "Status post right upper lobectomy."), Assertion([.historical]))
        XCTAssertEqual(try assertion("stroke", "History of stroke."), Assertion([.historical]))
        XCTAssertEqual(try assertion("nodule", "Compared with prior exam, the nodule is stable."), Assertion())
    }

    func testHypothetical() throws {
        XCTAssertEqual(try assertion("pain", "Return if chest pain recurs."), Assertion([.hypothetical]))
        XCTAssertEqual(try assertion("nodule", "If the nodule grows, biopsy is advised."), Assertion([.hypothetical]))
    }

    func testFamily() throws {
        XCTAssertEqual(try assertion("aneurysm", "Family history of aortic aneurysm."), Assertion([.family]))
        XCTAssertEqual(try assertion("breast cancer", "Her mother had breast cancer."), Assertion([.family]))
    }

    func testTriggerInsideTheTargetDoesNotModifyIt() throws {
        // "without" lies inside the target; the target is not negated by it.
        XCTAssertEqual(try assertion("fracture without displacement", "Rib fracture without displacement."), Assertion())
        // ... while an unrelated concept after it is.
        XCTAssertEqual(try assertion("lesion", "Skin warm and moist without lesion."), Assertion([.negated]))
    }

    func testMissingTargetIsAnError() {
        XCTAssertThrowsError(try assertion("embolus", "No pneumothorax.")) { error in
            XCTAssertEqual(error as? ClinicalTextError, .phraseNotFound("embolus"))
        }
    }

    func testRejectsMalformedRules() {
        XCTAssertThrowsError(try AssertionRuleSet(parsing: "negated\tsideways\tno\n", path: "a.tsv")) { error in
            XCTAssertEqual(error as? ClinicalTextError, .malformedRule(
                path: "a.tsv", line: 1,
                reason: "unknown direction 'sideways'; use forward, backward, bidirectional, terminate or pseudo"))
        }
        XCTAssertThrowsError(try AssertionRuleSet(parsing: "# ok\nnegated\tforward\n", path: "a.tsv")) { error in
            XCTAssertEqual(error as? ClinicalTextError, .malformedRule(
                path: "a.tsv", line: 2,
                reason: "expected 3 or 4 tab-separated fields (category, direction, phrase, max-scope), found 2"))
        }
    }

    func testAlternativesExpandPerWord() throws {
        let rules = try AssertionRuleSet(parsing: "negated\tforward\tno|without evidence of\n")
        XCTAssertEqual(rules.rules.map(\.phrase), [["no", "evidence", "of"], ["without", "evidence", "of"]])
    }
}
