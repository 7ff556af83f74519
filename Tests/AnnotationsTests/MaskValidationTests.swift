import XCTest
@testable import Annotations

final class MaskValidationTests: XCTestCase {
    var validator: AnnotationValidator!
    let images = ["1.2.3.1": ImageGeometry(frames: [FrameGeometry(rows: 4, columns: 3)]),
                  "1.2.3.2": ImageGeometry(frames: Array(repeating: FrameGeometry(rows: 4, columns: 3), count: 2))]
    let liver = Segment(number: 1, label: "Liver", category: Codes.anatomicalStructure, type: Codes.liver, algorithmType: .manual)

    override func setUpWithError() throws {
        validator = AnnotationValidator(ontology: try Codes.ontology())
    }

    private func plane(rows: Int = 4, columns: Int = 3) throws -> MaskPixels {
        .binary(try RunLengthBitPlane(rows: rows, columns: columns, pixels: [UInt8](repeating: 1, count: rows * columns)))
    }

    private func mask(rows: Int = 4, columns: Int = 3, segments: [Segment]? = nil, frames: [MaskFrame]) -> Mask {
        Mask(seriesInstanceUID: "1.2.3", rows: rows, columns: columns, segments: segments ?? [liver], frames: frames)
    }

    private func assertRefused(_ mask: Mask, _ expected: AnnotationError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try validator.validate(mask, images: images), file: file, line: line) { error in
            XCTAssertEqual(error as? AnnotationError, expected, file: file, line: line)
        }
    }

    func testMatchingMaskPasses() throws {
        let fractional = MaskPixels.fractional(try FractionalPlane(rows: 4, columns: 3, values: Array(0..<12)))
        XCTAssertNoThrow(try validator.validate(mask(frames: [
            MaskFrame(segmentNumber: 1, frame: FrameReference(sopInstanceUID: "1.2.3.1"), pixels: try plane()),
            MaskFrame(segmentNumber: 1, frame: FrameReference(sopInstanceUID: "1.2.3.2", frameIndex: 1), pixels: fractional),
        ]), images: images))
    }

    func testPlaneSizeNotMatchingTheImage() throws {
        let frame = FrameReference(sopInstanceUID: "1.2.3.1")
        assertRefused(mask(rows: 3, columns: 4, frames: [MaskFrame(segmentNumber: 1, frame: frame, pixels: try plane(rows: 3, columns: 4))]),
                      .maskSizeMismatch(frame: frame, maskColumns: 4, maskRows: 3, imageColumns: 3, imageRows: 4))
        assertRefused(mask(frames: [MaskFrame(segmentNumber: 1, frame: frame, pixels: try plane(rows: 4, columns: 4))]),
                      .maskSizeMismatch(frame: frame, maskColumns: 4, maskRows: 4, imageColumns: 3, imageRows: 4))
    }

    func testFramePastTheEndOfItsImage() throws {
        assertRefused(mask(frames: [MaskFrame(segmentNumber: 1, frame: FrameReference(sopInstanceUID: "1.2.3.2", frameIndex: 2),
                                              pixels: try plane())]),
                      .frameOutOfRange(frameIndex: 2, numberOfFrames: 2))
    }

    func testPlaneOnAnImageWithoutGeometry() throws {
        assertRefused(mask(frames: [MaskFrame(segmentNumber: 1, frame: FrameReference(sopInstanceUID: "9.9"), pixels: try plane())]),
                      .unknownImage(sopInstanceUID: "9.9"))
    }

    func testPlaneOfAnUndefinedSegment() throws {
        assertRefused(mask(frames: [MaskFrame(segmentNumber: 2, frame: FrameReference(sopInstanceUID: "1.2.3.1"), pixels: try plane())]),
                      .unknownSegment(number: 2))
    }

    func testTwoPlanesForOneSegmentOnOneFrame() throws {
        let frame = FrameReference(sopInstanceUID: "1.2.3.2", frameIndex: 1)
        assertRefused(mask(frames: [MaskFrame(segmentNumber: 1, frame: frame, pixels: try plane()),
                                    MaskFrame(segmentNumber: 1, frame: frame, pixels: try plane())]),
                      .duplicatePlane(segmentNumber: 1, frame: frame))
    }

    func testSegmentNumbersAreUniqueAndPositive() {
        var zero = liver
        zero.number = 0
        assertRefused(mask(segments: [zero], frames: []), .invalidSegmentNumber(0))
        assertRefused(mask(segments: [liver, liver], frames: []), .invalidSegmentNumber(1))
    }

    func testSegmentConceptsMustBeKnown() {
        var unknownType = liver
        unknownType.type = Codes.unknown
        assertRefused(mask(segments: [unknownType], frames: []), .unknownConcept(Codes.unknown, role: "segment 1 type"))
        var unknownCategory = liver
        unknownCategory.category = Codes.unknown
        assertRefused(mask(segments: [unknownCategory], frames: []), .unknownConcept(Codes.unknown, role: "segment 1 category"))
    }

    func testFractionalPlaneValueCount() {
        XCTAssertThrowsError(try FractionalPlane(rows: 2, columns: 2, values: [1, 2, 3])) { error in
            XCTAssertEqual(error as? AnnotationError, .maskValueCountMismatch(expected: 4, actual: 3))
        }
    }
}
