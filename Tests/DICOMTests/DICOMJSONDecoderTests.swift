import Foundation
import XCTest
@testable import DICOM

final class DICOMJSONDecoderTests: XCTestCase {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/Writer")

    // MARK: - Round trips

    /// File → JSON → DataSet → JSON gives the same JSON, and the decoded data set encodes to
    /// the same bytes as the file's own: values come back exactly as the writer stores them.
    func testJSONOfAFileDecodesToTheSameValues() throws {
        let file = try DICOMFile(path: Self.resources.appendingPathComponent("explicit-le.dcm").path)
        let json = try DICOMJSONEncoder().encode(file.dataSet)
        let decoded = try DICOMJSONDecoder().decode(json)

        XCTAssertEqual(String(decoding: try DICOMJSONEncoder().encode(decoded), as: UTF8.self),
                       String(decoding: json, as: UTF8.self))
        let writer = DICOMWriter()
        XCTAssertEqual(try writer.encode(decoded, transferSyntax: .explicitVRLittleEndian),
                       try writer.encode(file.dataSet, transferSyntax: .explicitVRLittleEndian))
        XCTAssertEqual(decoded.characterSet, SpecificCharacterSet(terms: ["ISO_IR 192"]))
    }

    /// JSON in the encoder's own form comes out unchanged.
    func testCanonicalJSONRoundTripsExactly() throws {
        let json = #"{"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"# +
            #""00080008":{"vr":"CS","Value":["ORIGINAL","","AXIAL"]},"# +
            #""00081115":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2.3"]}},{}]},"# +
            #""00091010":{"vr":"LO"},"# +
            #""00100010":{"vr":"PN","Value":[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},{"Alphabetic":""}]},"# +
            #""00101030":{"vr":"DS","Value":[72.5,512.0,1e-07,-0.0]},"# +
            #""00189306":{"vr":"FD","Value":[0.625,null]},"# +
            #""00200013":{"vr":"IS","Value":[-7]},"# +
            #""00209165":{"vr":"AT","Value":["0020000D","7FE00010"]},"# +
            #""00280106":{"vr":"SS","Value":[-1024]},"# +
            #""00283002":{"vr":"SS","Value":[65535,0,16]},"# +
            #""00660040":{"vr":"UV","Value":[18446744073709551615]},"# +
            #""7FE00010":{"vr":"OB","InlineBinary":"AQIDAA=="}}"#
        let decoded = try DICOMJSONDecoder().decode(json)
        XCTAssertEqual(String(decoding: try DICOMJSONEncoder().encode(decoded), as: UTF8.self), json)
    }

    // MARK: - Values as the writer stores them

    func testValuesAreEncodedAsTheWriterWritesThem() throws {
        let json = #"""
        {
          "00080060": {"vr": "CS", "Value": ["CT", null, "MR"]},
          "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Doe^J"}, {"Ideographic": "X"}, {"Alphabetic": "A", "Phonetic": "P"}]},
          "00200013": {"vr": "IS", "Value": [12.0, "+0003"]},
          "00280030": {"vr": "DS", "Value": [0.1, 1e-7, 0.3333333333333333, 123456789012345678, 512.0, -0.0, " 1.50 "]},
          "00209165": {"vr": "AT", "Value": ["0020000d"]},
          "00280010": {"vr": "US", "Value": [512]},
          "00181063": {"vr": "SL", "Value": [-2]},
          "00660040": {"vr": "UV", "Value": ["18446744073709551615"]},
          "00660041": {"vr": "FL", "Value": [0.1, null]},
          "00080018": {"vr": "UI", "Value": ["1.2.3"]},
          "7FE00010": {"vr": "OB", "InlineBinary": "AQID"}
        }
        """#
        let dataSet = try DICOMJSONDecoder().decode(json)
        func bytes(_ group: UInt16, _ element: UInt16) -> [UInt8]? { dataSet.bytes(Tag(group, element))?.array }
        func text(_ group: UInt16, _ element: UInt16) -> String? { bytes(group, element).map { String(decoding: $0, as: UTF8.self) } }

        XCTAssertEqual(text(0x0008, 0x0060), "CT\\\\MR")
        XCTAssertEqual(text(0x0010, 0x0010), "Doe^J\\=X\\A==P ")
        XCTAssertEqual(text(0x0020, 0x0013), "12\\3")
        XCTAssertEqual(text(0x0028, 0x0030), "0.1\\1e-7\\0.33333333333333\\1.23456789012e17\\512\\-0\\1.50")
        XCTAssertEqual(bytes(0x0020, 0x9165), [0x20, 0x00, 0x0D, 0x00])
        XCTAssertEqual(bytes(0x0028, 0x0010), [0x00, 0x02])
        XCTAssertEqual(bytes(0x0018, 0x1063), [0xFE, 0xFF, 0xFF, 0xFF])
        XCTAssertEqual(bytes(0x0066, 0x0040), [UInt8](repeating: 0xFF, count: 8))
        XCTAssertEqual(bytes(0x0066, 0x0041)?.prefix(4).map { $0 }, [0xCD, 0xCC, 0xCC, 0x3D])
        XCTAssertEqual(dataSet.doubles(Tag(0x0066, 0x0041)).last?.isNaN, true)
        XCTAssertEqual(bytes(0x0008, 0x0018), Array("1.2.3".utf8) + [0])
        XCTAssertEqual(bytes(0x7FE0, 0x0010), [1, 2, 3, 0])
        XCTAssertNil(dataSet[.specificCharacterSet], "ASCII-only text needs no character set")
    }

    func testNonASCIITextIsUTF8WithCharacterSetISO_IR_192() throws {
        let json = #"""
        {"00080005": {"vr": "CS", "Value": ["ISO_IR 100"]},
         "00081115": {"vr": "SQ", "Value": [{"00080005": {"vr": "CS", "Value": ["ISO_IR 100"]}}, {"00100010": {"vr": "PN", "Value": [{"Alphabetic": "Ärzt"}]}}]},
         "00100010": {"vr": "PN", "Value": [{"Alphabetic": "M\u00fcller^Hans"}]}}
        """#
        let dataSet = try DICOMJSONDecoder().decode(json)
        XCTAssertEqual(dataSet.strings(.specificCharacterSet), ["ISO_IR 192"])
        XCTAssertEqual(dataSet.characterSet, SpecificCharacterSet(terms: ["ISO_IR 192"]))
        XCTAssertEqual(dataSet.bytes(Tag(0x0010, 0x0010))?.array, Array("Müller^Hans".utf8), "12 bytes: even without padding")
        XCTAssertEqual(dataSet.string(Tag(0x0010, 0x0010)), "Müller^Hans")
        let items = try XCTUnwrap(dataSet.sequence(Tag(0x0008, 0x1115)))
        XCTAssertEqual(items[0].strings(.specificCharacterSet), ["ISO_IR 192"], "an item's own declaration follows the text")
        XCTAssertEqual(items[1].string(Tag(0x0010, 0x0010)), "Ärzt", "items inherit the set")
    }

    func testBulkDataURIIsResolvedThroughTheClosure() throws {
        let json = #"{"7FE00010":{"vr":"OW","BulkDataURI":"https://pacs/bulk/1"}}"#
        let decoder = DICOMJSONDecoder { uri in
            guard uri == "https://pacs/bulk/1" else { throw URLError(.fileDoesNotExist) }
            return [1, 0, 2, 0, 3]
        }
        XCTAssertEqual(try decoder.decode(json).bytes(.pixelData)?.array, [1, 0, 2, 0, 3, 0])

        let failing = #"{"7FE00010":{"vr":"OW","BulkDataURI":"https://pacs/bulk/2"}}"#
        assertInvalidJSON(try decoder.decode(failing), path: "7FE00010/BulkDataURI", mentions: "could not be fetched")
        assertInvalidJSON(try DICOMJSONDecoder().decode(json), path: "7FE00010/BulkDataURI", mentions: "no bulkDataResolver")
    }

    func testEncapsulatedPixelDataComesBackAsFragments() throws {
        let fragment = ByteSlice(copying: [0xFF, 0xD8, 0xFF, 0xD9])
        let raw: [UInt8] = [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0xFF, 0xD8, 0xFF, 0xD9]
        let pixels = EncapsulatedPixelData(basicOffsetTable: [], fragments: [fragment], rawValue: ByteSlice(copying: raw))
        let source = DataSet(elements: [DataElement(tag: .pixelData, vr: .OB, value: .encapsulated(pixels))])
        let json = try DICOMJSONEncoder().encode(source)

        var decoder = DICOMJSONDecoder()
        decoder.pixelDataIsEncapsulated = true
        let decoded = try decoder.decode(json)
        let back = try XCTUnwrap(decoded[.pixelData]?.encapsulated)
        XCTAssertEqual(back.fragments.map(\.array), [[0xFF, 0xD8, 0xFF, 0xD9]])
        XCTAssertEqual(back.rawValue.array, raw)
        let jpeg = TransferSyntax(uid: "1.2.840.10008.1.2.4.50")
        XCTAssertEqual(try DICOMWriter().encode(decoded, transferSyntax: jpeg), try DICOMWriter().encode(source, transferSyntax: jpeg))
    }

    // MARK: - Errors

    func testErrorsNameTheJSONPath() {
        let cases: [(json: String, path: String, mentions: String)] = [
            (#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":5}]}}"#, "00100010/Value/0/Alphabetic", "string"),
            (#"{"00100010":{"vr":"PN","Value":[{"Given":"x"}]}}"#, "00100010/Value/0/Given", "Alphabetic"),
            (#"{"0010001":{"vr":"PN"}}"#, "0010001", "8 hexadecimal digits"),
            (#"{"00100010":{"Value":["x"]}}"#, "00100010", "no \"vr\""),
            (#"{"00100010":{"vr":"XX"}}"#, "00100010/vr", "not a DICOM VR"),
            (#"{"00100010":{"vr":"PN","value":[]}}"#, "00100010/value", "unknown member"),
            (#"{"00280010":{"vr":"US","Value":[70000]}}"#, "00280010/Value/0", "range"),
            (#"{"00280010":{"vr":"US","Value":["1"]}}"#, "00280010/Value/0", "integer"),
            (#"{"00200013":{"vr":"IS","Value":[1.5]}}"#, "00200013/Value/0", "IS range"),
            (#"{"00280030":{"vr":"DS","Value":["1,5"]}}"#, "00280030/Value/0", "decimal string"),
            (#"{"00080060":{"vr":"CS","Value":["A\\B"]}}"#, "00080060/Value/0", "backslash"),
            (#"{"00080060":{"vr":"CS","Value":"CT"}}"#, "00080060/Value", "array"),
            (#"{"00209165":{"vr":"AT","Value":["(0020,000D)"]}}"#, "00209165/Value/0", "8 hexadecimal digits"),
            (#"{"7FE00010":{"vr":"OB","InlineBinary":"***"}}"#, "7FE00010/InlineBinary", "base64"),
            (#"{"7FE00010":{"vr":"OB","Value":[1]}}"#, "7FE00010/Value", "InlineBinary"),
            (#"{"7FE00010":{"vr":"OB","InlineBinary":"","BulkDataURI":"x"}}"#, "7FE00010", "only one"),
            (#"{"00100010":{"vr":"PN"},"00100010":{"vr":"PN"}}"#, "00100010", "more than once"),
            (#"{"00081115":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":[12]}}]}}"#, "00081115/Value/0/00081150/Value/0", "string"),
            (#"{"00081115":{"vr":"SQ","Value":["x"]}}"#, "00081115/Value/0", "object"),
            (#"{"00081115":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2""#, "00081115/Value/0/00081150/Value", "ends inside an array"),
            (#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"a\q"}]}}"#, "00100010/Value/0/Alphabetic", "invalid escape"),
            (#"{"00100010":{"vr":"PN"}} x"#, "", "after the JSON value"),
            (#"[]"#, "", "expected an object"),
            (#"{"00100020":{"vr":"LO","Value":[01]}}"#, "00100020/Value/0", "leading zeros"),
        ]
        for c in cases {
            assertInvalidJSON(try DICOMJSONDecoder().decode(c.json), path: c.path, mentions: c.mentions)
        }
    }

    func testArraysOfDataSetsNumberTheirPaths() throws {
        let json = Array(#"[{"00100020":{"vr":"LO","Value":["A"]}},{"00100020":{"vr":"LO","Value":[1]}}]"#.utf8)
        assertInvalidJSON(try DICOMJSONDecoder().decodeArray(json), path: "1/00100020/Value/0", mentions: "string")
        let ok = try DICOMJSONDecoder().decodeArray(Array(#"[{"00100020":{"vr":"LO","Value":["A"]}},{}]"#.utf8))
        XCTAssertEqual(ok.map { $0.string(Tag(0x0010, 0x0020)) }, ["A", nil])
    }

    func testDeepNestingIsRefused() {
        var json = #"{"00081115":{"vr":"SQ","Value":[{}]}}"#
        for _ in 0..<70 { json = #"{"00081115":{"vr":"SQ","Value":["# + json + "]}}" }
        XCTAssertThrowsError(try DICOMJSONDecoder().decode(json)) { error in
            guard case let DICOMError.invalidJSON(_, reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("deeper"), reason)
        }
    }

    // MARK: - Helpers

    func assertInvalidJSON<T>(_ body: @autoclosure () throws -> T, path: String, mentions text: String,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case let DICOMError.invalidJSON(errorPath, reason) = error else {
                return XCTFail("expected invalidJSON, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(errorPath, path, reason, file: file, line: line)
            XCTAssertTrue(reason.contains(text), "'\(reason)' does not mention '\(text)'", file: file, line: line)
        }
    }
}
