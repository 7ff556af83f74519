import XCTest
@testable import DICOM

final class DICOMJSONEncoderTests: XCTestCase {
    private func element(_ tag: Tag, _ vr: VR, _ bytes: [UInt8]) -> DataElement {
        DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(copying: bytes)))
    }

    private func json(_ ds: DataSet, encoder: DICOMJSONEncoder = DICOMJSONEncoder()) throws -> String {
        String(decoding: try encoder.encode(ds), as: UTF8.self)
    }

    func testEachVRFamilyIsEncodedAsPS318Says() throws {
        let item = DataSet(elements: [element(Tag(0x0008, 0x1150), .UI, Array("1.2\0".utf8))])
        let ds = DataSet(elements: [
            element(Tag(0x0008, 0x0008), .CS, Array("A\\B ".utf8)),
            DataElement(tag: Tag(0x0008, 0x1115), vr: .SQ, value: .sequence([item])),
            element(Tag(0x0010, 0x0010), .PN, Array("Doe^J=ド^ジ".utf8)),
            element(Tag(0x0018, 0x0050), .DS, Array("2.50".utf8)),
            element(Tag(0x0020, 0x0013), .IS, Array("7 ".utf8)),
            element(Tag(0x0020, 0x5000), .AT, [0x10, 0x00, 0x20, 0x00]),
            element(Tag(0x0028, 0x0010), .US, [0x00, 0x02]),
            element(Tag(0x0028, 0x1052), .DS, []),
            element(Tag(0x0029, 0x1001), .OB, [1, 2, 3]),
        ], characterSet: SpecificCharacterSet(terms: ["ISO_IR 192"]))
        XCTAssertEqual(try json(ds), #"""
        {"00080008":{"vr":"CS","Value":["A","B"]},"00081115":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2"]}}]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^J","Ideographic":"ド^ジ"}]},"00180050":{"vr":"DS","Value":[2.5]},"00200013":{"vr":"IS","Value":[7]},"00205000":{"vr":"AT","Value":["00100020"]},"00280010":{"vr":"US","Value":[512]},"00281052":{"vr":"DS"},"00291001":{"vr":"OB","InlineBinary":"AQID"}}
        """#)
    }

    func testBulkDataAboveTheThresholdBecomesAURI() throws {
        let ds = DataSet(elements: [element(Tag(0x7FE0, 0x0010), .OW, [UInt8](repeating: 7, count: 32))])
        var encoder = DICOMJSONEncoder()
        encoder.bulkDataThreshold = 16
        encoder.bulkDataURI = { path in "bulk/" + path.map(\.hexString).joined(separator: "/") }
        XCTAssertEqual(try json(ds, encoder: encoder), #"{"7FE00010":{"vr":"OW","BulkDataURI":"bulk/7FE00010"}}"#)
    }

    func testTextIsEscaped() throws {
        let ds = DataSet(elements: [element(Tag(0x0010, 0x4000), .LT, Array("say \"hi\"\n\u{1}".utf8))])
        XCTAssertEqual(try json(ds), #"{"00104000":{"vr":"LT","Value":["say \"hi\"\n\u0001"]}}"#)
    }

    func testInvalidIntegerStringIsAnEncodingError() {
        let ds = DataSet(elements: [element(Tag(0x0028, 0x0008), .IS, Array("1A".utf8))])
        XCTAssertThrowsError(try json(ds)) { error in
            XCTAssertEqual(error as? DICOMError, .encoding(reason: "(0028,0008) IS value '1A' is not an integer"))
        }
    }

    func testFloatsUseTheShortestExactForm() throws {
        var bits = Float(0.1).bitPattern
        let bytes = withUnsafeBytes(of: &bits) { Array($0) }
        let ds = DataSet(elements: [element(Tag(0x0018, 0x1164), .FL, bytes)])
        XCTAssertEqual(try json(ds), #"{"00181164":{"vr":"FL","Value":[0.10000000149011612]}}"#)
    }
}
