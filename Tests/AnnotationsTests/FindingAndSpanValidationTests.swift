import Ontology
import XCTest
@testable import Annotations

final class FindingAndSpanValidationTests: XCTestCase {
    var validator: AnnotationValidator!
    // "é" is one scalar; "👍🏽" is two scalars (thumb and skin tone) but one Character.
    let report = "Small right pneumothorax. Café 👍🏽 ok."

    override func setUpWithError() throws {
        validator = AnnotationValidator(ontology: try Codes.ontology())
    }

    private func span(_ start: Int, _ end: Int, concept: ConceptCode = Codes.pneumothorax) -> TextSpan {
        TextSpan(documentID: "report-1", start: start, end: end, concept: concept)
    }

    private func assertRefused(_ span: TextSpan, _ expected: AnnotationError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try validator.validate(span, in: report), file: file, line: line) { error in
            XCTAssertEqual(error as? AnnotationError, expected, file: file, line: line)
        }
    }

    func testSpanOffsetsCountUnicodeScalars() throws {
        XCTAssertEqual(report.unicodeScalars.count, 37)
        XCTAssertNoThrow(try validator.validate(span(12, 24), in: report))
        XCTAssertEqual(span(12, 24).text(in: report), "pneumothorax")
        XCTAssertEqual(span(26, 30).text(in: report), "Café")
        XCTAssertEqual(span(31, 33).text(in: report), "👍🏽")
        XCTAssertNoThrow(try validator.validate(span(34, 37), in: report))
    }

    func testSpanPastTheEndOfItsDocument() {
        assertRefused(span(34, 38), .spanPastEndOfDocument(end: 38, documentLength: 37, documentID: "report-1"))
        XCTAssertNil(span(34, 38).text(in: report))
    }

    func testEmptyAndReversedSpans() {
        assertRefused(span(5, 5), .emptyOrReversedSpan(start: 5, end: 5))
        assertRefused(span(9, 4), .emptyOrReversedSpan(start: 9, end: 4))
    }

    func testNegativeStart() {
        assertRefused(span(-1, 4), .negativeSpanStart(-1))
    }

    func testSpanWithUnknownConcept() {
        assertRefused(span(0, 5, concept: Codes.unknown), .unknownConcept(Codes.unknown, role: "span"))
    }

    func testFindingConceptsMustBeKnown() throws {
        let good = Finding(studyInstanceUID: "1.2", concept: Codes.pneumothorax, laterality: Codes.right,
                           location: Codes.rightUpperLobe, sizeMM: [23, 15])
        XCTAssertNoThrow(try validator.validate(good))
        for (finding, role) in [(Finding(studyInstanceUID: "1.2", concept: Codes.unknown), "finding"),
                                (Finding(studyInstanceUID: "1.2", concept: Codes.nodule, laterality: Codes.unknown), "laterality"),
                                (Finding(studyInstanceUID: "1.2", concept: Codes.nodule, location: Codes.unknown), "location")] {
            XCTAssertThrowsError(try validator.validate(finding)) { error in
                XCTAssertEqual(error as? AnnotationError, .unknownConcept(Codes.unknown, role: role))
            }
        }
    }

    func testFindingSizesMustBePositiveAndFinite() {
        for size in [0, -3, Double.nan, .infinity] {
            XCTAssertThrowsError(try validator.validate(Finding(studyInstanceUID: "1.2", concept: Codes.nodule, sizeMM: [12, size]))) { error in
                guard case .invalidSize(let reported) = error as? AnnotationError else { return XCTFail("\(error)") }
                XCTAssertTrue(reported == size || (reported.isNaN && size.isNaN))
            }
        }
    }

    func testLinkNeedsAnAuthor() {
        let span = AnnotationID(), finding = AnnotationID()
        XCTAssertNoThrow(try validator.validate(SpanFindingLink(spanID: span, findingID: finding, author: "dr.lee")))
        for author in ["", "  "] {
            XCTAssertThrowsError(try validator.validate(SpanFindingLink(spanID: span, findingID: finding, author: author))) { error in
                XCTAssertEqual(error as? AnnotationError, .missingAuthor)
            }
        }
    }
}
