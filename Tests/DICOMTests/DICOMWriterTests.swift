import Foundation
import XCTest
@testable import DICOM

/// The writer against files DCMTK made from `Resources/Writer/writer-test.dump`: explicit and
/// implicit VR little endian, big endian, with group lengths and with undefined lengths.
final class DICOMWriterTests: XCTestCase {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/Writer")

    func resource(_ name: String) -> String { Self.resources.appendingPathComponent(name).path }

    func fileBytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.resources.appendingPathComponent(name)))
    }

    // MARK: - Byte-identical round trips

    func testExplicitLittleEndianWithDefinedLengthsRoundTripsByteForByte() throws {
        for name in ["explicit-le.dcm", "explicit-le-group-lengths.dcm"] {
            let file = try DICOMFile(path: resource(name))
            XCTAssertEqual(file.transferSyntax, .explicitVRLittleEndian)
            let written = try DICOMWriter().write(file)
            assertSameBytes(written, try fileBytes(name), name)
        }
    }

    func testImplicitLittleEndianRoundTripsByteForByte() throws {
        let file = try DICOMFile(path: resource("implicit-le.dcm"))
        XCTAssertEqual(file.transferSyntax, .implicitVRLittleEndian)
        assertSameBytes(try DICOMWriter().write(file), try fileBytes("implicit-le.dcm"))
    }

    /// Undefined-length sequences and items are written with the defined lengths DCMTK
    /// computes for the same content.
    func testUndefinedLengthsAreWrittenAsDefinedLengthsLikeDCMTK() throws {
        let file = try DICOMFile(path: resource("explicit-le-undefined-lengths.dcm"))
        assertSameBytes(try DICOMWriter().write(file), try fileBytes("explicit-le.dcm"))
    }

    // MARK: - Other syntaxes

    func testImplicitOutputReadsBackWithEqualValues() throws {
        let source = try DICOMFile(path: resource("explicit-le.dcm"))
        let bytes = try DICOMWriter().write(source, transferSyntax: .implicitVRLittleEndian)
        let back = try DICOMFile(storage: ByteStorage(copying: bytes))

        XCTAssertEqual(back.transferSyntax, .implicitVRLittleEndian)
        XCTAssertEqual(back.fileMetaInformation.string(.transferSyntaxUID), "1.2.840.10008.1.2")
        assertEqualValues(back.dataSet, source.dataSet, path: "")
        XCTAssertEqual(back.dataSet.personNames(Tag(0x0010, 0x0010)).first?.ideographic, "ミュラー^ハンス")
        XCTAssertEqual(back.dataSet.integers(Tag(0x0028, 0x0106)), [-1024])
        XCTAssertEqual(back.dataSet.doubles(Tag(0x0020, 0x0032)), [-125.5, -130.25, 72])
        XCTAssertEqual(back.dataSet[.pixelData]?.vr, .OW)
        // The private sequence has no dictionary entry: written with an undefined length, it
        // still reads back as a sequence rather than as opaque UN bytes.
        let privateSequence = back.dataSet[Tag(0x0009, 0x100F)]
        XCTAssertEqual(privateSequence?.vr, .SQ)
        XCTAssertEqual(privateSequence?.items?.first?.bytes(Tag(0x0009, 0x1001))?.array, [0, 0, 0xE0, 0x40])
    }

    func testBigEndianSourceIsWrittenLittleEndianWithEqualValues() throws {
        let big = try DICOMFile(path: resource("explicit-be.dcm"))
        XCTAssertFalse(big.dataSet.isLittleEndian)
        let written = try DICOMWriter().write(big, transferSyntax: .explicitVRLittleEndian)
        // Same content, same meta apart from the Transfer Syntax UID, which has the same length:
        // the little-endian file DCMTK wrote from the same dump is what must come out.
        assertSameBytes(written, try fileBytes("explicit-le.dcm"))

        let back = try DICOMFile(storage: ByteStorage(copying: written))
        XCTAssertTrue(back.dataSet.isLittleEndian)
        for tag in [Tag(0x0028, 0x0010), Tag(0x0028, 0x0106), Tag(0x0009, 0x1002), Tag(0x0009, 0x1004), Tag(0x0009, 0x1008)] {
            XCTAssertEqual(back.dataSet.integers(tag), big.dataSet.integers(tag), "\(tag)")
        }
        XCTAssertEqual(back.dataSet.doubles(Tag(0x0009, 0x1001)), [1.5, -2.25])
        XCTAssertEqual(back.dataSet.doubles(Tag(0x0018, 0x9306)), [0.625])
        XCTAssertEqual(back.dataSet.attributeTags(Tag(0x0009, 0x100D)), [Tag(0x0010, 0x0010), .pixelData])
        XCTAssertEqual(back.dataSet[Tag(0x0009, 0x1009)]?.unsignedIntegers(littleEndian: true), [UInt64.max])
        XCTAssertEqual(back.dataSet.bytes(.pixelData)?.array, [0x01, 0x00, 0x18, 0xFC, 0xFF, 0x7F, 0x00, 0x80])
    }

    func testDeflatedOutputInflatesToTheSameDataSet() throws {
        let source = try DICOMFile(path: resource("explicit-le.dcm"))
        let bytes = try DICOMWriter().write(source, transferSyntax: .deflatedExplicitVRLittleEndian)
        let back = try DICOMFile(storage: ByteStorage(copying: bytes))
        XCTAssertTrue(back.transferSyntax.isDeflated)
        XCTAssertEqual(bytes.count % 2, 0)
        let writer = DICOMWriter()
        assertSameBytes(try writer.encode(back.dataSet, transferSyntax: .explicitVRLittleEndian),
                        try writer.encode(source.dataSet, transferSyntax: .explicitVRLittleEndian))
    }

    // MARK: - Values

    func testOddLengthValuesArePaddedWithTheVRPaddingByte() throws {
        let dataSet = DataSet(elements: [
            element(Tag(0x0008, 0x0018), .UI, "1.2.3"),
            element(Tag(0x0010, 0x0020), .LO, "ABC"),
            DataElement(tag: Tag(0x0009, 0x1000), vr: .OB, value: .bytes(ByteSlice(copying: [1, 2, 3]))),
        ])
        let explicit = try DICOMWriter().encode(dataSet, transferSyntax: .explicitVRLittleEndian)
        XCTAssertEqual(explicit, [
            0x08, 0x00, 0x18, 0x00, 0x55, 0x49, 0x06, 0x00, 0x31, 0x2E, 0x32, 0x2E, 0x33, 0x00,        // UI, NUL
            0x09, 0x00, 0x00, 0x10, 0x4F, 0x42, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x00, // OB, NUL
            0x10, 0x00, 0x20, 0x00, 0x4C, 0x4F, 0x04, 0x00, 0x41, 0x42, 0x43, 0x20,                    // LO, space
        ])
        let implicit = try DICOMWriter().encode(dataSet, transferSyntax: .implicitVRLittleEndian)
        XCTAssertEqual(Array(implicit.suffix(12)), [0x10, 0x00, 0x20, 0x00, 0x04, 0x00, 0x00, 0x00, 0x41, 0x42, 0x43, 0x20])
    }

    func testGroupLengthsAreRecomputedForTheTargetEncoding() throws {
        let dataSet = DataSet(elements: [
            DataElement(tag: Tag(0x0009, 0x0000), vr: .UL, value: .bytes(ByteSlice(copying: [0xE7, 0x03, 0, 0]))),
            DataElement(tag: Tag(0x0009, 0x1000), vr: .OB, value: .bytes(ByteSlice(copying: [1, 2]))),
            element(Tag(0x0010, 0x0020), .LO, "ID"),
        ])
        let explicit = try DICOMWriter().encode(dataSet, transferSyntax: .explicitVRLittleEndian)
        XCTAssertEqual(Array(explicit.prefix(12)), [0x09, 0x00, 0x00, 0x00, 0x55, 0x4C, 0x04, 0x00, 14, 0, 0, 0])
        let implicit = try DICOMWriter().encode(dataSet, transferSyntax: .implicitVRLittleEndian)
        XCTAssertEqual(Array(implicit.prefix(12)), [0x09, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 10, 0, 0, 0])
    }

    func testEncapsulatedPixelDataIsWrittenAsItemsWithASequenceDelimiter() throws {
        let jpeg = TransferSyntax(uid: "1.2.840.10008.1.2.4.50")
        let fragment = ByteSlice(copying: [0xFF, 0xD8, 0xFF, 0xD9, 0x01])   // odd on purpose
        let pixels = EncapsulatedPixelData(basicOffsetTable: [0], fragments: [fragment], rawValue: fragment)
        let dataSet = DataSet(elements: [
            DataElement(tag: .pixelData, vr: .OB, value: .encapsulated(pixels)),
        ])
        let bytes = try DICOMWriter().encode(dataSet, transferSyntax: jpeg)
        XCTAssertEqual(bytes, [
            0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x42, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFE, 0xFF, 0x00, 0xE0, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             // offset table
            0xFE, 0xFF, 0x00, 0xE0, 0x06, 0x00, 0x00, 0x00, 0xFF, 0xD8, 0xFF, 0xD9, 0x01, 0x00, // fragment, padded
            0xFE, 0xFF, 0xDD, 0xE0, 0x00, 0x00, 0x00, 0x00,                                     // delimiter
        ])

        // A whole file with it reads back, and writes back identically.
        var file = DICOMFile(fileMeta: DataSet(), dataSet: dataSet, syntax: jpeg)
        file.dataSet.set(element(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7"))
        file.dataSet.set(element(Tag(0x0008, 0x0018), .UI, "2.25.42"))
        let written = try DICOMWriter().write(file)
        let back = try DICOMFile(storage: ByteStorage(copying: written))
        XCTAssertEqual(back.transferSyntax.uid, jpeg.uid)
        XCTAssertEqual(back.dataSet[.pixelData]?.encapsulated?.fragments.map(\.array), [[0xFF, 0xD8, 0xFF, 0xD9, 0x01, 0x00]])
        assertSameBytes(try DICOMWriter().write(back), written)
    }

    // MARK: - File Meta

    func testFileMetaIsBuiltForADataSetWithoutOne() throws {
        let dataSet = DataSet(elements: [
            element(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7"),
            element(Tag(0x0008, 0x0018), .UI, "2.25.7"),
            element(Tag(0x0010, 0x0020), .LO, "P1"),
        ])
        let file = DICOMFile(fileMeta: DataSet(), dataSet: dataSet, syntax: .explicitVRLittleEndian)
        let bytes = try DICOMWriter().write(file, transferSyntax: .implicitVRLittleEndian)
        XCTAssertEqual(Array(bytes.prefix(128)), [UInt8](repeating: 0, count: 128))
        XCTAssertEqual(Array(bytes[128..<132]), Array("DICM".utf8))

        let back = try DICOMFile(storage: ByteStorage(copying: bytes))
        let meta = back.fileMetaInformation
        XCTAssertEqual(meta.bytes(Tag(0x0002, 0x0001))?.array, [0x00, 0x01])
        XCTAssertEqual(meta.string(Tag(0x0002, 0x0002)), "1.2.840.10008.5.1.4.1.1.7")
        XCTAssertEqual(meta.string(Tag(0x0002, 0x0003)), "2.25.7")
        XCTAssertEqual(meta.string(.transferSyntaxUID), "1.2.840.10008.1.2")
        XCTAssertEqual(meta.string(Tag(0x0002, 0x0012)), DICOMWriter.implementationClassUID)
        XCTAssertEqual(meta.string(Tag(0x0002, 0x0013)), DICOMWriter.implementationVersionName)
        // The group length counts every meta byte after itself: 132 + 12 bytes of (0002,0000).
        let groupLength = meta.integers(.fileMetaInformationGroupLength).first
        let dataSetStart = try XCTUnwrap(back.dataSet.elements.first?.offset)
        XCTAssertEqual(groupLength, dataSetStart - 144)
        let built = try DICOMWriter().fileMetaInformation(for: file, transferSyntax: .implicitVRLittleEndian)
        XCTAssertEqual(built.integers(.fileMetaInformationGroupLength).first, groupLength)
        XCTAssertEqual(back.dataSet.string(Tag(0x0010, 0x0020)), "P1")
    }

    func testFileMetaNeedsSOPUIDs() {
        let file = DICOMFile(fileMeta: DataSet(), dataSet: DataSet(elements: [element(Tag(0x0010, 0x0020), .LO, "P1")]),
                             syntax: .explicitVRLittleEndian)
        assertEncodingError(try DICOMWriter().write(file), mentions: "(0002,0002)")
    }

    // MARK: - Errors

    func testValuesTooLongForTheirExplicitLengthFieldAreRejected() throws {
        let long = DataSet(elements: [element(Tag(0x0010, 0x0020), .LO, String(repeating: "A", count: 70_000))])
        assertEncodingError(try DICOMWriter().encode(long, transferSyntax: .explicitVRLittleEndian), mentions: "65534")
        // Implicit VR has 32-bit lengths everywhere.
        XCTAssertEqual(try DICOMWriter().encode(long, transferSyntax: .implicitVRLittleEndian).count, 70_008)
    }

    func testSyntaxesThatCannotBeWrittenAreRejected() throws {
        let big = try DICOMFile(path: resource("explicit-be.dcm"))
        assertEncodingError(try DICOMWriter().write(big), mentions: "big endian")

        let pixels = EncapsulatedPixelData(basicOffsetTable: [], fragments: [ByteSlice(copying: [1, 2])], rawValue: ByteSlice(copying: [1, 2]))
        let compressed = DataSet(elements: [DataElement(tag: .pixelData, vr: .OB, value: .encapsulated(pixels))])
        assertEncodingError(try DICOMWriter().encode(compressed, transferSyntax: .explicitVRLittleEndian), mentions: "decompress")

        let native = DataSet(elements: [DataElement(tag: .pixelData, vr: .OW, value: .bytes(ByteSlice(copying: [1, 2])))])
        assertEncodingError(try DICOMWriter().encode(native, transferSyntax: TransferSyntax(uid: "1.2.840.10008.1.2.4.50")),
                            mentions: "native")
    }

    // MARK: - Files on disk

    func testWriteToPathReplacesTheFileAtomically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.dcm").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))

        let source = try DICOMFile(path: resource("explicit-le.dcm"))
        try DICOMWriter().write(source, to: path)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path))), try fileBytes("explicit-le.dcm"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["out.dcm"])

        let missing = folder.appendingPathComponent("no/such/dir/out.dcm").path
        XCTAssertThrowsError(try DICOMWriter().write(source, to: missing)) { error in
            guard case let DICOMError.io(errorPath, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(errorPath, missing)
        }
    }

    // MARK: - Helpers

    func element(_ tag: Tag, _ vr: VR, _ text: String) -> DataElement {
        DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(copying: Array(text.utf8))))
    }

    func assertSameBytes(_ actual: [UInt8], _ expected: [UInt8], _ message: String = "",
                         file: StaticString = #filePath, line: UInt = #line) {
        guard actual != expected else { return }
        let common = min(actual.count, expected.count)
        let first = (0..<common).first { actual[$0] != expected[$0] } ?? common
        XCTFail("\(message) bytes differ at offset \(first) (lengths \(actual.count) and \(expected.count))", file: file, line: line)
    }

    func assertEncodingError<T>(_ body: @autoclosure () throws -> T, mentions text: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case let DICOMError.encoding(reason) = error else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertTrue(reason.contains(text), reason, file: file, line: line)
        }
    }

    /// Same tags and values (in little-endian bytes); VRs equal except where implicit VR
    /// leaves a private element without a dictionary entry as UN.
    func assertEqualValues(_ actual: DataSet, _ expected: DataSet, path: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.tags, expected.tags, path, file: file, line: line)
        for (a, e) in zip(actual.elements, expected.elements) where a.tag == e.tag {
            let here = path + "\(a.tag)"
            if a.vr != e.vr {
                XCTAssertTrue(a.vr == .UN && a.tag.isPrivate, "\(here): \(a.vr) vs \(e.vr)", file: file, line: line)
            }
            switch (a.value, e.value) {
            case let (.bytes(x), .bytes(y)):
                XCTAssertEqual(x.array, y.array, here, file: file, line: line)
            case let (.sequence(x), .sequence(y)):
                XCTAssertEqual(x.count, y.count, here, file: file, line: line)
                for (i, (xi, yi)) in zip(x, y).enumerated() {
                    assertEqualValues(xi, yi, path: here + "[\(i)] > ", file: file, line: line)
                }
            default:
                XCTFail("\(here): different kinds of value", file: file, line: line)
            }
        }
    }
}

fileprivate extension DICOMFile {
    /// A file built in memory, without a preamble.
    init(fileMeta: DataSet, dataSet: DataSet, syntax: TransferSyntax) {
        self.init(preamble: nil, fileMetaInformation: fileMeta, dataSet: dataSet, transferSyntax: syntax)
    }
}
