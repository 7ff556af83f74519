import Foundation
import XCTest
@testable import Annotations

/// The JSON the store saves: stable, readable, and read back to equal values.
final class CodingTests: XCTestCase {
    private func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func roundTrip<T: Codable & Equatable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try JSONDecoder().decode(T.self, from: Data(try json(value).utf8)), value, file: file, line: line)
    }

    func testAnnotationIDIsALowercaseUUIDString() throws {
        let id = try XCTUnwrap(AnnotationID(string: "6F9619FF-8B86-D011-B42D-00C04FC964FF"))
        XCTAssertEqual(try json([id]), #"["6f9619ff-8b86-d011-b42d-00c04fc964ff"]"#)
        XCTAssertEqual(AnnotationID(string: id.description), id)
        XCTAssertNil(AnnotationID(string: "not-a-uuid"))
        XCTAssertThrowsError(try JSONDecoder().decode([AnnotationID].self, from: Data(#"["nope"]"#.utf8)))
        XCTAssertNotEqual(AnnotationID(), AnnotationID())
    }

    func testShapesEncodeWithATypeField() throws {
        XCTAssertEqual(try json(RegionShape.point(PixelPoint(column: 1.5, row: 2))),
                       #"{"point":{"column":1.5,"row":2},"type":"point"}"#)
        XCTAssertEqual(try json(RegionShape.rectangle(origin: PixelPoint(column: 4, row: 6), width: 10, height: 5)),
                       #"{"height":5,"origin":{"column":4,"row":6},"type":"rectangle","width":10}"#)
        XCTAssertEqual(try json(RegionShape.ellipse(center: PixelPoint(column: 50, row: 40), columnRadius: 8, rowRadius: 5)),
                       #"{"center":{"column":50,"row":40},"columnRadius":8,"rowRadius":5,"type":"ellipse"}"#)
        XCTAssertEqual(try json(RegionShape.polyline([PixelPoint(column: 0, row: 0), PixelPoint(column: 1, row: 1)])),
                       #"{"points":[{"column":0,"row":0},{"column":1,"row":1}],"type":"polyline"}"#)
        XCTAssertThrowsError(try JSONDecoder().decode(RegionShape.self, from: Data(#"{"type":"star"}"#.utf8)))
    }

    func testEveryValueTypeRoundTrips() throws {
        let region = Region(frame: FrameReference(sopInstanceUID: "1.2.3", frameIndex: 2),
                            shape: .polygon([PixelPoint(column: 1, row: 1), PixelPoint(column: 5, row: 1), PixelPoint(column: 3, row: 4)]),
                            concept: Codes.nodule, note: "spiculated")
        try roundTrip(region)
        let plane = try RunLengthBitPlane(rows: 2, columns: 2, pixels: [0, 1, 1, 0])
        let mask = Mask(seriesInstanceUID: "1.2", rows: 2, columns: 2,
                        segments: [Segment(number: 1, label: "Liver", category: Codes.anatomicalStructure, type: Codes.liver,
                                           algorithmType: .semiautomatic, algorithmName: "grow")],
                        frames: [MaskFrame(segmentNumber: 1, frame: FrameReference(sopInstanceUID: "1.2.1"), pixels: .binary(plane)),
                                 MaskFrame(segmentNumber: 1, frame: FrameReference(sopInstanceUID: "1.2.2"),
                                           pixels: .fractional(try FractionalPlane(rows: 2, columns: 2, values: [0, 255, 128, 1])))])
        try roundTrip(mask)
        let finding = Finding(studyInstanceUID: "1.2", concept: Codes.pneumothorax, laterality: Codes.right,
                              sizeMM: [23.5], regionIDs: [region.id], maskIDs: [mask.id])
        try roundTrip(finding)
        let span = TextSpan(documentID: "r1", start: 3, end: 9, concept: Codes.pneumothorax)
        try roundTrip(span)
        try roundTrip(SpanFindingLink(spanID: span.id, findingID: finding.id, author: "dr.lee", origin: .acceptedSuggestion))
        try roundTrip(ImageGeometry(frames: [FrameGeometry(rows: 2, columns: 3, pixelSpacing: PixelSpacing(row: 0.5, column: 0.7))]))
    }

    func testFractionalValuesAreOneBase64String() throws {
        let plane = try FractionalPlane(rows: 2, columns: 2, values: [0, 255, 0, 128])
        XCTAssertEqual(try json(MaskPixels.fractional(plane)), #"{"fractional":{"columns":2,"rows":2,"values":"AP8AgA=="}}"#)
        XCTAssertThrowsError(try JSONDecoder().decode(FractionalPlane.self, from: Data(#"{"rows":2,"columns":2,"values":"AP8="}"#.utf8)))
    }

    func testLinkRecordsItsAuthorAndOrigin() throws {
        let link = SpanFindingLink(id: try XCTUnwrap(AnnotationID(string: "00000000-0000-0000-0000-000000000003")),
                                   spanID: try XCTUnwrap(AnnotationID(string: "00000000-0000-0000-0000-000000000001")),
                                   findingID: try XCTUnwrap(AnnotationID(string: "00000000-0000-0000-0000-000000000002")),
                                   author: "dr.lee")
        XCTAssertEqual(try json(link), #"{"author":"dr.lee","findingID":"00000000-0000-0000-0000-000000000002","# +
                       #""id":"00000000-0000-0000-0000-000000000003","origin":"manual","spanID":"00000000-0000-0000-0000-000000000001"}"#)
    }
}
