import Ontology
import XCTest
@testable import Annotations

/// Each way a region can be refused, with the exact error.
final class RegionValidationTests: XCTestCase {
    let image = ImageGeometry(frames: [FrameGeometry(rows: 100, columns: 200, pixelSpacing: PixelSpacing(row: 0.5, column: 0.5))])
    var validator: AnnotationValidator!

    override func setUpWithError() throws {
        validator = AnnotationValidator(ontology: try Codes.ontology())
    }

    private func region(_ shape: RegionShape, frame: Int = 0, concept: ConceptCode? = Codes.nodule) -> Region {
        Region(frame: FrameReference(sopInstanceUID: "1.2.3", frameIndex: frame), shape: shape, concept: concept)
    }

    private func assertRefused(_ shape: RegionShape, frame: Int = 0, _ expected: AnnotationError,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try validator.validate(region(shape, frame: frame), on: image), file: file, line: line) { error in
            XCTAssertEqual(error as? AnnotationError, expected, file: file, line: line)
        }
    }

    private func p(_ column: Double, _ row: Double) -> PixelPoint { PixelPoint(column: column, row: row) }

    func testWellFormedShapesPass() throws {
        for shape: RegionShape in [
            .point(p(0, 0)), .point(p(200, 100)),
            .polyline([p(1, 1), p(199.5, 99.5)]),
            .polygon([p(0, 0), p(200, 0), p(200, 100)]),
            .rectangle(origin: p(0, 0), width: 200, height: 100),
            .ellipse(center: p(100, 50), columnRadius: 100, rowRadius: 50),
        ] {
            XCTAssertNoThrow(try validator.validate(region(shape), on: image), "\(shape)")
        }
        XCTAssertNoThrow(try validator.validate(region(.point(p(3, 3)), concept: nil), on: image))
    }

    func testFramePastTheEnd() {
        assertRefused(.point(p(1, 1)), frame: 1, .frameOutOfRange(frameIndex: 1, numberOfFrames: 1))
        assertRefused(.point(p(1, 1)), frame: -1, .frameOutOfRange(frameIndex: -1, numberOfFrames: 1))
    }

    func testPointOutsideTheFrame() {
        assertRefused(.point(p(200.01, 5)), .pointOutOfBounds(p(200.01, 5), columns: 200, rows: 100))
        assertRefused(.polygon([p(1, 1), p(5, 1), p(3, -0.5)]), .pointOutOfBounds(p(3, -0.5), columns: 200, rows: 100))
    }

    func testRectangleReachingPastTheEdge() {
        assertRefused(.rectangle(origin: p(190, 90), width: 11, height: 5),
                      .pointOutOfBounds(p(201, 95), columns: 200, rows: 100))
    }

    func testEllipseReachingPastTheEdge() {
        assertRefused(.ellipse(center: p(5, 50), columnRadius: 6, rowRadius: 2),
                      .pointOutOfBounds(p(-1, 48), columns: 200, rows: 100))
    }

    func testTooFewPoints() {
        assertRefused(.polyline([p(1, 1)]), .tooFewPoints(shape: "polyline", count: 1, minimum: 2))
        assertRefused(.polygon([p(1, 1), p(2, 2)]), .tooFewPoints(shape: "polygon", count: 2, minimum: 3))
        assertRefused(.polygon([]), .tooFewPoints(shape: "polygon", count: 0, minimum: 3))
    }

    func testPolylineOfOnePointRepeated() {
        assertRefused(.polyline([p(4, 4), p(4, 4), p(4, 4)]), .zeroLength(shape: "polyline"))
    }

    func testCollinearPolygonHasZeroArea() {
        assertRefused(.polygon([p(1, 1), p(2, 2), p(3, 3), p(2, 2)]), .zeroArea(shape: "polygon"))
    }

    func testNaNAndInfinityAreRefused() {
        assertRefused(.point(p(.nan, 1)), .nonFiniteGeometry(shape: "point", value: p(.nan, 1).description))
        assertRefused(.polyline([p(1, 1), p(.infinity, 2)]),
                      .nonFiniteGeometry(shape: "polyline", value: "(column inf, row 2.0)"))
        assertRefused(.rectangle(origin: p(1, 1), width: .nan, height: 2), .nonFiniteGeometry(shape: "rectangle", value: "nan"))
        assertRefused(.ellipse(center: p(50, 50), columnRadius: 2, rowRadius: -.infinity),
                      .nonFiniteGeometry(shape: "ellipse", value: "-inf"))
    }

    func testZeroSizeRectangleAndEllipse() {
        assertRefused(.rectangle(origin: p(1, 1), width: 0, height: 2),
                      .nonPositiveSize(shape: "rectangle", width: 0, height: 2))
        assertRefused(.rectangle(origin: p(10, 10), width: 3, height: -2),
                      .nonPositiveSize(shape: "rectangle", width: 3, height: -2))
        assertRefused(.ellipse(center: p(50, 50), columnRadius: 2, rowRadius: 0),
                      .nonPositiveSize(shape: "ellipse", width: 4, height: 0))
    }

    func testUnknownConcept() {
        XCTAssertThrowsError(try validator.validate(region(.point(p(1, 1)), concept: Codes.unknown), on: image)) { error in
            XCTAssertEqual(error as? AnnotationError, .unknownConcept(Codes.unknown, role: "region"))
            XCTAssertEqual("\(error)", "the region concept SCT:999999999 is not in the ontology")
        }
    }

    func testMessagesNameTheOffendingValue() {
        XCTAssertEqual(AnnotationError.pointOutOfBounds(p(201, 95), columns: 200, rows: 100).description,
                       "point (column 201.0, row 95.0) lies outside the 200 × 100 frame (columns 0...200, rows 0...100)")
        XCTAssertEqual(AnnotationError.frameOutOfRange(frameIndex: 3, numberOfFrames: 2).description,
                       "frame index 3 is past the end of the image, which has 2 frames (indices 0..<2)")
    }
}
